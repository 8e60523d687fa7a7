/**
 * First pass of `compileDatafile`: read an untyped datafile the way the SDK's
 * `createProjectConfig` does, refuse what it refuses (reference §2.2), and build its lookup maps.
 *
 * The maps keep the SDK's precedence, because decisions depend on it: experiments are indexed in
 * the order top-level `experiments`, then group experiments, then rollout rules (last id or key
 * wins); typed audiences override legacy ones; holdout variations override the global variation
 * map. Feature-rollout (`type: "fr"`) experiments get the flag's everyone-else variation appended,
 * as the SDK does while parsing flags.
 */
import { invalid } from '../core/errors.js';
import { indexFlags } from './index-flags.js';
import type { Raw } from './raw-datafile.js';
import { keyOf, list, parseDatafile, record } from './raw-datafile.js';

/** A variation, once per variation object of the datafile. */
export interface VariationDraft {
  readonly id: string;
  readonly key: string;
  /** The SDK's `featureEnabled ?? false`, read for truthiness. */
  readonly enabled: boolean;
}

/** A rule (experiment or delivery), once per rule object of the datafile; mutable while indexing. */
export interface RuleDraft {
  readonly raw: Raw;
  readonly id: string;
  readonly key: string;
  /** `groupId` the SDK sets on group experiments (or one written in the datafile). */
  readonly groupId: unknown;
  readonly variations: VariationDraft[];
  readonly traffic: { entityId: unknown; endOfRange: unknown }[];
  readonly variationKeyMap: Map<string, VariationDraft>;
}

/** A holdout. */
export interface HoldoutDraft {
  readonly raw: Raw;
  readonly id: string;
  readonly key: string;
}

/** Everything the second pass needs. */
export interface DatafileIndex {
  readonly revision: string;
  readonly audiences: ReadonlyMap<
    string,
    { readonly id: string; readonly name: string; readonly conditions: unknown }
  >;
  readonly groups: ReadonlyMap<string, Raw>;
  readonly experimentsById: ReadonlyMap<string, RuleDraft>;
  readonly experimentsByKey: ReadonlyMap<string, RuleDraft>;
  readonly rollouts: ReadonlyMap<
    string,
    { readonly id: string; readonly rules: readonly RuleDraft[] | null }
  >;
  readonly variationsById: ReadonlyMap<string, VariationDraft>;
  /** Variable values by variation id, then variable id (experiments only, as in the SDK). */
  readonly usagesByVariationId: ReadonlyMap<string, ReadonlyMap<string, unknown>>;
  /** Flags by key (last wins); iteration order is the SDK's `Object.keys` order. */
  readonly flags: ReadonlyMap<string, Raw>;
  /** The variations of each flag's rules, in the SDK's `Object.values` order, by flag key. */
  readonly flagVariations: ReadonlyMap<string, readonly VariationDraft[]>;
  readonly globalHoldouts: readonly HoldoutDraft[];
  readonly localHoldoutsByRuleId: ReadonlyMap<string, readonly HoldoutDraft[]>;
}

const SUPPORTED_VERSIONS: ReadonlySet<unknown> = new Set(['2', '3', '4']);

function variationDraft(raw: unknown, field: string): VariationDraft {
  const variation = record(raw, field);
  return {
    id: keyOf(variation.id),
    key: keyOf(variation.key),
    enabled: Boolean(variation.featureEnabled),
  };
}

/** Builds the first-pass index, throwing a `DomainError` (`invalid`) where the SDK would refuse. */
export function indexDatafile(datafile: unknown): DatafileIndex {
  const root = parseDatafile(datafile);
  if (!SUPPORTED_VERSIONS.has(root.version)) {
    throw invalid(
      'datafile.version',
      `must be the string "4" (or "2"/"3"), got ${JSON.stringify(root.version)}`,
    );
  }
  if (root.revision === undefined) {
    // The SDK only installs a datafile whose revision differs from the current (undefined) one.
    throw invalid(
      'datafile.revision',
      'is missing: the SDK never installs a datafile without a revision',
    );
  }

  const audiences = new Map<string, { id: string; name: string; conditions: unknown }>();
  list(root.audiences, 'datafile.audiences').forEach((raw, i) => {
    const audience = record(raw, `datafile.audiences[${i}]`);
    let conditions: unknown;
    try {
      // The SDK calls JSON.parse(conditions), which first converts it to a string.
      conditions = JSON.parse(keyOf(audience.conditions));
    } catch {
      throw invalid(`datafile.audiences[${i}].conditions`, 'must be a string holding JSON');
    }
    audiences.set(keyOf(audience.id), {
      id: keyOf(audience.id),
      name: keyOf(audience.name),
      conditions,
    });
  });
  list(root.typedAudiences, 'datafile.typedAudiences').forEach((raw, i) => {
    const audience = record(raw, `datafile.typedAudiences[${i}]`);
    audiences.set(keyOf(audience.id), {
      id: keyOf(audience.id),
      name: keyOf(audience.name),
      conditions: audience.conditions,
    });
  });
  list(root.attributes, 'datafile.attributes').forEach((raw, i) =>
    record(raw, `datafile.attributes[${i}]`),
  );
  list(root.events, 'datafile.events').forEach((raw, i) => record(raw, `datafile.events[${i}]`));

  // Rules, in the SDK's parse order: top-level, then group experiments, then rollout rules.
  const rules: RuleDraft[] = [];
  const addRule = (raw: unknown, field: string, groupId: unknown): RuleDraft => {
    const rule = record(raw, field);
    const variations = list(rule.variations, `${field}.variations`).map((v, i) =>
      variationDraft(v, `${field}.variations[${i}]`),
    );
    const traffic = list(rule.trafficAllocation, `${field}.trafficAllocation`).map((t, i) => {
      const range = record(t, `${field}.trafficAllocation[${i}]`);
      return { entityId: range.entityId, endOfRange: range.endOfRange };
    });
    const variationKeyMap = new Map(variations.map((v) => [v.key, v]));
    const draft: RuleDraft = {
      raw: rule,
      id: keyOf(rule.id),
      key: keyOf(rule.key),
      groupId,
      variations,
      traffic,
      variationKeyMap,
    };
    rules.push(draft);
    return draft;
  };
  const topLevel = list(root.experiments, 'datafile.experiments');
  topLevel.forEach((raw, i) =>
    addRule(raw, `datafile.experiments[${i}]`, (raw as Raw | null)?.groupId),
  );

  const groups = new Map<string, Raw>();
  list(root.groups, 'datafile.groups').forEach((raw, i) => {
    const group = record(raw, `datafile.groups[${i}]`);
    groups.set(keyOf(group.id), group);
    const experiments = list(group.experiments, `datafile.groups[${i}].experiments`);
    if (experiments.length > 0 && !Array.isArray(root.experiments)) {
      throw invalid('datafile.experiments', 'is required when groups have experiments');
    }
    experiments.forEach((rule, j) =>
      addRule(rule, `datafile.groups[${i}].experiments[${j}]`, group.id),
    );
  });

  const rollouts = new Map<string, { id: string; rules: RuleDraft[] | null }>();
  list(root.rollouts, 'datafile.rollouts').forEach((raw, i) => {
    const rollout = record(raw, `datafile.rollouts[${i}]`);
    const experiments =
      rollout.experiments === undefined || rollout.experiments === null
        ? null
        : list(rollout.experiments, `datafile.rollouts[${i}].experiments`);
    if (experiments !== null && experiments.length > 0 && !Array.isArray(root.experiments)) {
      throw invalid('datafile.experiments', 'is required when rollouts have rules');
    }
    const drafts =
      experiments === null
        ? null
        : experiments.map((rule, j) => {
            const draft = addRule(
              rule,
              `datafile.rollouts[${i}].experiments[${j}]`,
              (rule as Raw | null)?.groupId,
            );
            return draft;
          });
    rollouts.set(keyOf(rollout.id), { id: keyOf(rollout.id), rules: drafts });
  });

  list(root.integrations, 'datafile.integrations').forEach((raw, i) => {
    const integration = record(raw, `datafile.integrations[${i}]`);
    if (!('key' in integration)) throw invalid(`datafile.integrations[${i}].key`, 'is required');
  });

  const experimentsById = new Map<string, RuleDraft>();
  const experimentsByKey = new Map<string, RuleDraft>();
  const variationsById = new Map<string, VariationDraft>();
  const usagesByVariationId = new Map<string, Map<string, unknown>>();
  for (const rule of rules) {
    experimentsById.set(rule.id, rule);
    experimentsByKey.set(rule.key, rule);
    const rawVariations = list(rule.raw.variations, 'variations');
    rule.variations.forEach((variation, i) => {
      variationsById.set(variation.id, variation);
      const rawVariables = (rawVariations[i] as Raw).variables;
      if (rawVariables) {
        const usages = new Map<string, unknown>();
        list(rawVariables, `variation ${variation.id}.variables`).forEach((usage, j) => {
          const entry = record(usage, `variation ${variation.id}.variables[${j}]`);
          usages.set(keyOf(entry.id), entry.value);
        });
        usagesByVariationId.set(variation.id, usages);
      }
    });
  }

  const { flags, flagVariations } = indexFlags(root, experimentsById, rollouts);
  const { globalHoldouts, localHoldoutsByRuleId } = indexHoldouts(root, variationsById);
  return {
    revision: keyOf(root.revision),
    audiences,
    groups,
    experimentsById,
    experimentsByKey,
    rollouts,
    variationsById,
    usagesByVariationId,
    flags,
    flagVariations,
    globalHoldouts,
    localHoldoutsByRuleId,
  };
}

/** The SDK's `parseHoldoutsConfig`: global holdouts, and local ones by included rule id. */
function indexHoldouts(
  root: Raw,
  variationsById: Map<string, VariationDraft>,
): { globalHoldouts: HoldoutDraft[]; localHoldoutsByRuleId: Map<string, HoldoutDraft[]> } {
  const init = (raw: unknown, field: string): HoldoutDraft => {
    const holdout = record(raw, field);
    list(holdout.variations, `${field}.variations`).forEach((v, i) => {
      const variation = variationDraft(v, `${field}.variations[${i}]`);
      variationsById.set(variation.id, variation);
    });
    return { raw: holdout, id: keyOf(holdout.id), key: keyOf(holdout.key) };
  };
  const globalHoldouts = list(root.holdouts, 'datafile.holdouts').map((raw, i) =>
    init(raw, `datafile.holdouts[${i}]`),
  );
  const localHoldoutsByRuleId = new Map<string, HoldoutDraft[]>();
  list(root.localHoldouts, 'datafile.localHoldouts').forEach((raw, i) => {
    const included = (raw as Raw | null)?.includedRules;
    // Entries without a non-empty includedRules are skipped, never applied globally [SDK 6.5].
    if (!Array.isArray(included) || included.length === 0) return;
    const holdout = init(raw, `datafile.localHoldouts[${i}]`);
    for (const ruleId of included as readonly unknown[]) {
      const key = keyOf(ruleId);
      const existing = localHoldoutsByRuleId.get(key);
      if (existing) existing.push(holdout);
      else localHoldoutsByRuleId.set(key, [holdout]);
    }
  });
  return { globalHoldouts, localHoldoutsByRuleId };
}
