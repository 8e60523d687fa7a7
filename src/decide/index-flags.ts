/**
 * The SDK's `parseFeatureFlagConfig`, as the first pass of `compileDatafile` needs it: flags by
 * key, Feature Rollout injection, and each flag's variations in the SDK's lookup order.
 */
import { invalid } from '../core/errors.js';
import type { RuleDraft, VariationDraft } from './datafile-index.js';
import type { Raw } from './raw-datafile.js';
import { keyOf, list, record } from './raw-datafile.js';

/** The SDK's `parseFeatureFlagConfig`: flag maps, FR injection and each flag's variations. */
export function indexFlags(
  root: Raw,
  experimentsById: ReadonlyMap<string, RuleDraft>,
  rollouts: ReadonlyMap<string, { readonly rules: readonly RuleDraft[] | null }>,
): { flags: Map<string, Raw>; flagVariations: Map<string, readonly VariationDraft[]> } {
  // Null-prototype records keep the SDK's Object.keys/Object.values order (integer keys first).
  const flagsByKey: Record<string, Raw> = Object.create(null) as Record<string, Raw>;
  const variationsByFlag = new Map<string, readonly VariationDraft[]>();
  list(root.featureFlags, 'datafile.featureFlags').forEach((raw, i) => {
    const field = `datafile.featureFlags[${i}]`;
    const flag = record(raw, field);
    if (!Array.isArray(flag.variables))
      throw invalid(`${field}.variables`, 'is required (an array, possibly empty)');
    if (!Array.isArray(flag.experimentIds)) {
      throw invalid(
        `${field}.experimentIds`,
        'is required: the SDK accepts the datafile but throws inside decide()',
      );
    }
    const key = keyOf(flag.key);
    flagsByKey[key] = flag;
    const rollout = flag.rolloutId ? rollouts.get(keyOf(flag.rolloutId)) : undefined;
    const everyoneElseRule = rollout?.rules?.[rollout.rules.length - 1];
    const everyoneElse = everyoneElseRule?.variations[0];
    const byId: Record<string, VariationDraft> = Object.create(null) as Record<
      string,
      VariationDraft
    >;
    (flag.experimentIds as readonly unknown[]).forEach((experimentId, j) => {
      const experiment = experimentsById.get(keyOf(experimentId));
      if (experiment === undefined) {
        throw invalid(
          `${field}.experimentIds[${j}]`,
          `names experiment ${JSON.stringify(experimentId)}, which is not in the datafile`,
        );
      }
      if (experiment.raw.type === 'fr' && everyoneElse !== undefined) {
        // Feature Rollout rules serve the everyone-else variation past their own traffic [SDK 6.4+].
        experiment.variations.push(everyoneElse);
        experiment.traffic.push({ entityId: everyoneElse.id, endOfRange: 10000 });
        experiment.variationKeyMap.set(everyoneElse.key, everyoneElse);
      }
      for (const variation of experiment.variations) byId[variation.id] = variation;
    });
    for (const rule of rollout?.rules ?? []) {
      for (const variation of rule.variations) byId[variation.id] = variation;
    }
    variationsByFlag.set(key, Object.values(byId));
  });
  const flags = new Map<string, Raw>();
  for (const key of Object.keys(flagsByKey)) flags.set(key, flagsByKey[key] as Raw);
  return { flags, flagVariations: variationsByFlag };
}
