/**
 * `buildDatafile`: the datafile (format "4") of one environment, from the plain inputs the store
 * loads (`core/datafile/inputs.ts`). Pure. It follows the writer rules of the Optimizely
 * reference (§2.9), so the official SDKs — which validate nothing by default, and the Python SDK,
 * which validates against the schema — read it as they read Optimizely's own:
 *
 * - every top-level array is present, ids and the revision are strings, variation ids digits;
 * - experiment rules (A/B, multivariate, personalization) go to `experiments` — or into their
 *   group's `experiments` when they are in a mutually exclusive group — and are tried in ruleset
 *   order (`featureFlags[].experimentIds`); their status is `"Running"` only when the ruleset is
 *   enabled and the experiment runs; `layerId` is the rule id (so an impression's `campaign_id`
 *   is the experiment id);
 * - targeted deliveries go to the flag's rollout, followed by an "everyone else" rule as in
 *   Optimizely FX (`default-rollout-{flagId}-{projectId}` in `rollout-{flagId}-{projectId}`)
 *   that serves the ruleset's default variation — or "off" when the ruleset is disabled, in
 *   which case the deliveries are left out (delivery rules ignore `status` in the SDK);
 * - audiences are emitted twice: typed in `typedAudiences`, and as a placeholder in `audiences`
 *   that old SDKs never match;
 * - environment holdouts go to `holdouts`, experiment-scoped ones to `localHoldouts` with the
 *   rules they cover in `includedRules`.
 *
 * Note the SDK's order: all experiment rules of a flag are tried before its deliveries, whatever
 * their position in the ruleset.
 */
import type { DatafileFlagInput, DatafileHoldoutInput, DatafileInputs } from '../core/datafile/inputs.js';
import { HOLDOUT_VARIATION_KEY } from '../core/holdout/types.js';
import { isExperimentRule } from '../core/ruleset/validate.js';
import type {
  DatafileConditionLeaf,
  DatafileConditionTree,
  DatafileFeatureFlag,
  DatafileGroup,
  DatafileHoldout,
  DatafileLocalHoldout,
  DatafileRollout,
  DatafileRule,
  DatafileV4,
  DatafileVariable,
} from './datafile-types.js';
import { audienceConditionsOf, audienceIdsOfTree, experimentStatusWord, flagVariations, trafficRanges } from './build-rules.js';

/** The legacy `audiences` copy of a typed audience: a condition no user ever has [reference §2.7]. */
const PLACEHOLDER_CONDITIONS = JSON.stringify(['or', { match: 'exact', name: '$opt_dummy_attribute', type: 'custom_attribute', value: '$opt_dummy_value' }]);

/**
 * Builds the datafile of one environment.
 *
 * @example
 *   const datafile = buildDatafile(await loadDatafileInputs(db, sdkKey));
 *   const config = compileDatafile(datafile); // what decide() and OFREP use
 */
export function buildDatafile(inputs: DatafileInputs): DatafileV4 {
  const experiments: DatafileRule[] = [];
  const featureFlags: DatafileFeatureFlag[] = [];
  const rollouts: DatafileRollout[] = [];
  for (const flag of inputs.flags) {
    const built = buildFlag(inputs.projectId, flag);
    experiments.push(...built.experiments);
    featureFlags.push(built.featureFlag);
    rollouts.push(built.rollout);
  }
  const ruleById = new Map(experiments.map((r) => [r.id, r]));
  const groups = buildGroups(inputs, ruleById);
  const grouped = new Set(groups.flatMap((g) => g.experiments.map((r) => r.id)));
  const environmentHoldouts = inputs.holdouts.filter((h) => h.scope === 'environment');
  const localHoldouts = inputs.holdouts
    .filter((h) => h.scope === 'experiments')
    .map((h): DatafileLocalHoldout => ({ ...holdoutOf(h), includedRules: h.experimentIds.map(String).filter((id) => ruleById.has(id)) }))
    // The SDK skips (and logs) a local holdout without included rules.
    .filter((h) => h.includedRules.length > 0);
  return {
    version: '4',
    accountId: String(inputs.accountId),
    projectId: String(inputs.projectId),
    revision: String(inputs.revision),
    sdkKey: inputs.sdkKey,
    environmentKey: inputs.environmentKey,
    anonymizeIP: true,
    botFiltering: false,
    sendFlagDecisions: false,
    attributes: inputs.attributes.map((a) => ({ id: String(a.id), key: a.key })),
    audiences: inputs.audiences.map((a) => ({ id: String(a.id), name: a.name, conditions: PLACEHOLDER_CONDITIONS })),
    typedAudiences: inputs.audiences.map((a) => ({ id: String(a.id), name: a.name, conditions: JSON.parse(a.conditions) as DatafileConditionTree<DatafileConditionLeaf> })),
    events: inputs.events.map((e) => ({ id: String(e.id), key: e.key, experimentIds: e.experimentIds.map(String).filter((id) => ruleById.has(id)) })),
    experiments: experiments.filter((r) => !grouped.has(r.id)),
    groups,
    featureFlags,
    rollouts,
    integrations: [],
    holdouts: environmentHoldouts.map(holdoutOf),
    localHoldouts,
  };
}

function buildFlag(projectId: number, flag: DatafileFlagInput): { experiments: DatafileRule[]; featureFlag: DatafileFeatureFlag; rollout: DatafileRollout } {
  const variations = flagVariations(flag);
  const rolloutId = `rollout-${flag.id}-${projectId}`;
  const experiments: DatafileRule[] = [];
  const deliveries: DatafileRule[] = [];
  for (const rule of flag.rules) {
    const ruleVariations = rule.variations.flatMap((v) => {
      const found = variations.get(v.variationKey);
      return found ? [{ variation: found, weight: v.weight }] : [];
    });
    const experiment = isExperimentRule(rule.type);
    if (!experiment && !flag.enabled) continue;
    const id = String(rule.id);
    const built: DatafileRule = {
      id,
      key: rule.key,
      status: experiment ? experimentStatusWord(flag.enabled, rule.experimentStatus) : 'Running',
      layerId: experiment ? id : rolloutId,
      audienceIds: audienceIdsOfTree(rule.audienceConditions),
      audienceConditions: audienceConditionsOf(rule.audienceConditions),
      variations: ruleVariations.map((v) => v.variation),
      trafficAllocation: trafficRanges(rule.percentageIncluded, ruleVariations.map((v) => ({ entityId: v.variation.id, weight: v.weight }))),
      forcedVariations: { ...rule.allowlist },
    };
    (experiment ? experiments : deliveries).push(built);
  }
  const fallback = variations.get(flag.enabled ? flag.defaultVariationKey : 'off') ?? variations.get('off');
  const everyoneElseId = `default-rollout-${flag.id}-${projectId}`;
  const everyoneElse: DatafileRule = {
    id: everyoneElseId,
    key: everyoneElseId,
    status: 'Running',
    layerId: rolloutId,
    audienceIds: [],
    audienceConditions: [],
    variations: fallback ? [fallback] : [],
    trafficAllocation: fallback ? [{ entityId: fallback.id, endOfRange: 10000 }] : [],
    forcedVariations: {},
  };
  return {
    experiments,
    featureFlag: {
      id: String(flag.id),
      key: flag.key,
      rolloutId,
      experimentIds: experiments.map((r) => r.id),
      variables: flag.variables.map(
        (v): DatafileVariable =>
          // `string` + `subType: json` is how Optimizely writes json variables; every SDK reads it.
          v.type === 'json' ? { id: String(v.id), key: v.key, type: 'string', subType: 'json', defaultValue: v.defaultValue } : { id: String(v.id), key: v.key, type: v.type, defaultValue: v.defaultValue },
      ),
    },
    rollout: { id: rolloutId, experiments: [...deliveries, everyoneElse] },
  };
}

/**
 * Groups with at least one experiment rule here. Shares are laid out in the group's order; the
 * share of an experiment that is not in this datafile (another environment, removed) stays a
 * slot of nobody (`entityId: ""`) so the other experiments keep their buckets.
 */
function buildGroups(inputs: DatafileInputs, ruleById: ReadonlyMap<string, DatafileRule>): DatafileGroup[] {
  const out: DatafileGroup[] = [];
  for (const group of inputs.groups) {
    const members = group.entities.map((e) => ruleById.get(String(e.experimentId))).filter((r): r is DatafileRule => r !== undefined);
    if (members.length === 0) continue;
    const trafficAllocation: { entityId: string; endOfRange: number }[] = [];
    let end = 0;
    for (const entity of group.entities) {
      if (entity.weight === 0) continue;
      end += entity.weight;
      trafficAllocation.push({ entityId: ruleById.has(String(entity.experimentId)) ? String(entity.experimentId) : '', endOfRange: end });
    }
    while (trafficAllocation.at(-1)?.entityId === '') trafficAllocation.pop();
    out.push({ id: String(group.id), policy: 'random', trafficAllocation, experiments: members });
  }
  return out;
}

function holdoutOf(h: DatafileHoldoutInput): DatafileHoldout {
  const variationId = String(h.variationId);
  return {
    id: String(h.id),
    key: h.key,
    status: h.status === 'running' ? 'Running' : 'Paused',
    audienceIds: audienceIdsOfTree(h.audienceConditions),
    audienceConditions: audienceConditionsOf(h.audienceConditions),
    variations: [{ id: variationId, key: h.variationKey ?? HOLDOUT_VARIATION_KEY, featureEnabled: false, variables: [] }],
    trafficAllocation: trafficRanges(h.percentageIncluded, [{ entityId: variationId, weight: 10000 }]),
  };
}
