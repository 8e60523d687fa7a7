/**
 * Rules for a set of variants given as percentages (PostHog's `feature_flag_variants`): how many
 * there may be, which key must be present, and that the split covers all traffic. Converted to
 * the core's basis-point weights (100 % = 10000).
 */
import { invalid } from '../errors.js';
import { assertKey } from '../keys.js';
import { WEIGHT_TOTAL } from '../ruleset/validate.js';

export interface PercentVariant {
  readonly key: string;
  readonly name?: string | null;
  readonly rolloutPercentage: number;
}

export interface VariantSetPolicy {
  readonly maxVariants: number;
  /** A key every set must contain (PostHog: "control"). */
  readonly requiredKey: string;
}

/** Validates a variant split and returns it as basis-point weights, naming the failing field. */
export function variantWeights(field: string, variants: readonly PercentVariant[], policy: VariantSetPolicy): { key: string; name: string; weight: number }[] {
  if (variants.length > policy.maxVariants) {
    throw invalid(field, `Feature flag variants must be less than ${policy.maxVariants + 1}`);
  }
  if (variants.length < 2) throw invalid(field, 'an experiment needs at least two variants');
  if (!variants.some((v) => v.key === policy.requiredKey)) {
    throw invalid(field, `Feature flag variants must contain a ${policy.requiredKey} variant`);
  }
  const seen = new Set<string>();
  variants.forEach((v, i) => {
    assertKey(`${field}[${i}].key`, v.key);
    if (seen.has(v.key)) throw invalid(`${field}[${i}].key`, `variant ${JSON.stringify(v.key)} is listed twice`);
    seen.add(v.key);
    if (!Number.isFinite(v.rolloutPercentage) || v.rolloutPercentage < 0 || v.rolloutPercentage > 100) {
      throw invalid(`${field}[${i}].rollout_percentage`, 'must be a number from 0 to 100');
    }
  });
  const weights = variants.map((v) => Math.round(v.rolloutPercentage * (WEIGHT_TOTAL / 100)));
  const total = weights.reduce((s, w) => s + w, 0);
  if (total !== WEIGHT_TOTAL) {
    const sum = variants.reduce((s, v) => s + v.rolloutPercentage, 0);
    throw invalid(field, `the variants' rollout_percentage must sum to 100, they sum to ${sum}`);
  }
  return variants.map((v, i) => ({ key: v.key, name: v.name ?? v.key, weight: weights[i] ?? 0 }));
}
