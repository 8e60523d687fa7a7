/**
 * Rules of a flag's ruleset in one environment: which types exist, how traffic is expressed, and
 * what must hold before a ruleset is stored.
 */
import { conflict, invalid } from '../errors.js';
import { assertKey } from '../keys.js';
import type { AudienceIdTree } from '../audience/conditions.js';

/** Traffic is in basis points: 10000 is everyone, as in the Optimizely datafile. */
export const WEIGHT_TOTAL = 10000;

export const ruleTypes = ['a/b_test', 'multivariate', 'targeted_delivery', 'personalization'] as const;
export type RuleType = (typeof ruleTypes)[number];

/** Rules that are experiments (bucketed, with results) rather than deliveries. */
export function isExperimentRule(type: RuleType): boolean {
  return type !== 'targeted_delivery';
}

export interface RuleVariation {
  readonly variationKey: string;
  readonly weight: number;
}

export interface RuleDraft {
  readonly key: string;
  readonly type: RuleType;
  readonly name: string;
  readonly audienceConditions: AudienceIdTree | null;
  readonly percentageIncluded: number;
  readonly variations: readonly RuleVariation[];
  /** user id → variation key: users that always get that variation (forced variations). */
  readonly allowlist: Readonly<Record<string, string>>;
}

/** Throws `invalid` naming the field unless the rules can be stored for a flag with these variation keys. */
export function assertRules(rules: readonly RuleDraft[], variationKeys: ReadonlySet<string>): void {
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    const at = `rules[${i}]`;
    assertKey(`${at}.key`, rule.key);
    if (seen.has(rule.key)) throw conflict(`${at}.key: the rule key ${JSON.stringify(rule.key)} is used twice`, `${at}.key`);
    seen.add(rule.key);
    if (!Number.isInteger(rule.percentageIncluded) || rule.percentageIncluded < 0 || rule.percentageIncluded > WEIGHT_TOTAL) {
      throw invalid(`${at}.percentage_included`, `must be an integer from 0 to ${WEIGHT_TOTAL}`);
    }
    if (rule.variations.length === 0) throw invalid(`${at}.variations`, 'a rule needs at least one variation');
    const keys = new Set<string>();
    rule.variations.forEach((v, j) => {
      const vat = `${at}.variations[${j}]`;
      if (!variationKeys.has(v.variationKey)) {
        throw invalid(`${vat}.variation_key`, `the flag has no variation ${JSON.stringify(v.variationKey)}`);
      }
      if (keys.has(v.variationKey)) throw invalid(`${vat}.variation_key`, `variation ${JSON.stringify(v.variationKey)} is listed twice`);
      keys.add(v.variationKey);
      if (!Number.isInteger(v.weight) || v.weight < 0 || v.weight > WEIGHT_TOTAL) {
        throw invalid(`${vat}.weight`, `must be an integer from 0 to ${WEIGHT_TOTAL}`);
      }
    });
    const total = rule.variations.reduce((s, v) => s + v.weight, 0);
    if (isExperimentRule(rule.type) && total !== WEIGHT_TOTAL) {
      throw invalid(`${at}.variations`, `the weights of an ${rule.type} rule must sum to ${WEIGHT_TOTAL}, they sum to ${total}`);
    }
    if (rule.type === 'targeted_delivery' && rule.variations.length !== 1) {
      throw invalid(`${at}.variations`, 'a targeted_delivery rule delivers exactly one variation');
    }
    for (const [user, key] of Object.entries(rule.allowlist)) {
      if (!keys.has(key)) throw invalid(`${at}.allowlist.${user}`, `variation ${JSON.stringify(key)} is not one of this rule's variations`);
    }
  });
}
