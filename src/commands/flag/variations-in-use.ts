/** Which of a flag's variation keys its live rules or rulesets refer to. */
import type { RuleVariation } from '../../core/ruleset/validate.js';
import { parseJson, type Db } from '../../store/repos/common.js';

export async function variationKeysInUse(db: Db, flagId: number): Promise<Set<string>> {
  const [rules, rulesets] = await Promise.all([
    db.selectFrom('rules').select(['variations', 'allowlist']).where('flag_id', '=', flagId).where('removed_at', 'is', null).execute(),
    db.selectFrom('rulesets').select('default_variation_key').where('flag_id', '=', flagId).execute(),
  ]);
  const keys = new Set<string>(rulesets.map((r) => r.default_variation_key));
  for (const rule of rules) for (const v of parseJson<RuleVariation[]>(rule.variations, [])) keys.add(v.variationKey);
  return keys;
}
