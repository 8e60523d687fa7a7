/** Rulesets as the APIs show them: every environment of a flag, with defaults where none was written. */
import type { Ruleset } from '../../core/ruleset/types.js';
import type { Flag } from '../../core/flag/types.js';
import type { Environment } from '../../core/project/types.js';
import type { Db } from '../repos/common.js';
import { listEnvironments } from '../repos/projects.js';
import { rowToRule } from '../repos/rulesets.js';

interface StoredRuleset {
  readonly id: number;
  readonly enabled: boolean;
  readonly defaultVariationKey: string;
  readonly version: number;
  readonly updatedAt: string;
  readonly rules: Ruleset['rules'][number][];
}

/** The written rulesets of `flagIds` with their live rules in order, by flag id then environment id: one query. */
async function storedRulesets(db: Db, flagIds: readonly number[]): Promise<Map<number, Map<number, StoredRuleset>>> {
  const rows = await db
    .selectFrom('rulesets')
    .leftJoin('rules', (join) => join.onRef('rules.ruleset_id', '=', 'rulesets.id').on('rules.removed_at', 'is', null))
    .select([
      'rulesets.id as ruleset_id', 'rulesets.flag_id', 'rulesets.environment_id', 'rulesets.enabled', 'rulesets.default_variation_key', 'rulesets.version', 'rulesets.updated_at',
      'rules.id', 'rules.key', 'rules.name', 'rules.type', 'rules.audience_conditions', 'rules.percentage_included', 'rules.variations', 'rules.allowlist', 'rules.group_id', 'rules.position',
    ])
    .where('rulesets.flag_id', 'in', flagIds)
    .orderBy('rulesets.id')
    .orderBy('rules.position')
    .execute();
  const out = new Map<number, Map<number, StoredRuleset>>();
  for (const row of rows) {
    let byEnv = out.get(row.flag_id);
    if (!byEnv) out.set(row.flag_id, (byEnv = new Map<number, StoredRuleset>()));
    let ruleset = byEnv.get(row.environment_id);
    if (!ruleset) {
      ruleset = { id: row.ruleset_id, enabled: row.enabled === 1, defaultVariationKey: row.default_variation_key, version: row.version, updatedAt: row.updated_at, rules: [] };
      byEnv.set(row.environment_id, ruleset);
    }
    // A ruleset without rules comes back once, with the rule's columns null.
    const { id, key, name, type, variations, allowlist, position, percentage_included } = row;
    if (id !== null && key !== null && name !== null && type !== null && variations !== null && allowlist !== null && position !== null && percentage_included !== null) {
      ruleset.rules.push(rowToRule({ id, key, name, type, variations, allowlist, position, percentage_included, audience_conditions: row.audience_conditions, group_id: row.group_id }));
    }
  }
  return out;
}

/** The rulesets of `flags` in every environment of the project, by flag id then environment key. */
export async function rulesetsOf(db: Db, projectId: number, flags: readonly Flag[], environments?: readonly Environment[]): Promise<Map<number, Map<string, Ruleset>>> {
  const out = new Map<number, Map<string, Ruleset>>();
  if (flags.length === 0) return out;
  const [envs, stored] = await Promise.all([environments ?? listEnvironments(db, projectId), storedRulesets(db, flags.map((f) => f.id))]);
  for (const flag of flags) {
    const byEnv = new Map<string, Ruleset>();
    for (const env of envs) {
      const row = stored.get(flag.id)?.get(env.id);
      byEnv.set(env.key, {
        id: row?.id ?? null,
        flagId: flag.id,
        flagKey: flag.key,
        projectId,
        environmentId: env.id,
        environmentKey: env.key,
        enabled: row?.enabled ?? false,
        defaultVariationKey: row?.defaultVariationKey ?? 'off',
        rules: row?.rules ?? [],
        version: row?.version ?? 0,
        updatedAt: row?.updatedAt ?? null,
      });
    }
    out.set(flag.id, byEnv);
  }
  return out;
}
