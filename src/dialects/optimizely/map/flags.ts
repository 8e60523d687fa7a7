/** Flags, rules and rulesets in Optimizely's words, both ways. */
import { parseRuleAudienceConditions } from '../../../core/audience/conditions.js';
import type { Flag } from '../../../core/flag/types.js';
import type { Ruleset } from '../../../core/ruleset/types.js';
import type { RuleDraft } from '../../../core/ruleset/validate.js';
import type { FlagInput as CoreFlagInput } from '../../../commands/flag/save-flag.js';
import type { FlagInput, RuleInput } from '../schemas/flags.js';

export function rulesetOut(r: Ruleset, experimentIds: ReadonlySet<number> = new Set()) {
  return {
    flag_key: r.flagKey,
    environment_key: r.environmentKey,
    enabled: r.enabled,
    default_variation_key: r.defaultVariationKey,
    rules: r.rules.map((rule) => ({
      id: String(rule.id),
      key: rule.key,
      name: rule.name,
      type: rule.type,
      audience_conditions: rule.audienceConditions === null ? '' : JSON.stringify(rule.audienceConditions),
      percentage_included: rule.percentageIncluded,
      variations: rule.variations.map((v) => ({ variation_key: v.variationKey, weight: v.weight })),
      allowlist: { ...rule.allowlist },
      experiment_id: rule.type !== 'targeted_delivery' || experimentIds.has(rule.id) ? rule.id : null,
    })),
    version: r.version,
    last_modified: r.updatedAt,
  };
}

export function flagOut(flag: Flag, rulesets: ReadonlyMap<string, Ruleset>) {
  const environments: Record<string, { enabled: boolean; ruleset: ReturnType<typeof rulesetOut> }> = {};
  for (const [key, ruleset] of rulesets) environments[key] = { enabled: ruleset.enabled, ruleset: rulesetOut(ruleset) };
  return {
    id: flag.id,
    key: flag.key,
    name: flag.name,
    description: flag.description,
    project_id: flag.projectId,
    variables: flag.variables.map(variableOut),
    variations: flag.variations.map((v) => ({ id: v.id, key: v.key, name: v.name, description: v.description, variables: { ...v.variables } })),
    environments,
    version: flag.version,
    created: flag.createdAt,
    last_modified: flag.updatedAt,
  };
}

export function variableOut(v: Flag['variables'][number]) {
  return { id: v.id, key: v.key, type: v.type, default_value: v.defaultValue };
}

export function flagIn(body: FlagInput): CoreFlagInput {
  return {
    ...(body.key === undefined ? {} : { key: body.key }),
    ...(body.name === undefined ? {} : { name: body.name }),
    ...(body.description === undefined ? {} : { description: body.description }),
    ...(body.variables ? { variables: body.variables.map((v) => ({ key: v.key, type: v.type as 'string', defaultValue: v.default_value })) } : {}),
    ...(body.variations
      ? { variations: body.variations.map((v) => ({ key: v.key, name: v.name ?? v.key, description: v.description ?? '', variables: v.variables ?? {} })) }
      : {}),
  };
}

export function rulesIn(rules: readonly RuleInput[]): RuleDraft[] {
  return rules.map((r, i) => ({
    key: r.key,
    type: r.type,
    name: r.name ?? r.key,
    audienceConditions: parseRuleAudienceConditions(`rules[${i}].audience_conditions`, r.audience_conditions),
    percentageIncluded: r.percentage_included ?? 10000,
    // A delivery's single variation gets all of the included traffic unless a weight is given.
    variations: r.variations.map((v) => ({ variationKey: v.variation_key, weight: v.weight ?? (r.variations.length === 1 ? 10000 : 0) })),
    allowlist: r.allowlist ?? {},
  }));
}
