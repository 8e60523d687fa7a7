/**
 * Small builders for the hand-written test datafiles, so each datafile reads as a list of flags
 * and rules. They only fill in the fields every rule carries (datafile writer rules, reference
 * §2.9); everything that matters to a decision is spelled out by the caller.
 */
import type {
  DatafileAudience,
  DatafileConditionLeaf,
  DatafileConditionTree,
  DatafileRule,
  DatafileTrafficRange,
  DatafileTypedAudience,
  DatafileV4,
  DatafileVariation,
} from '../../datafile-types.js';

/** A `custom_attribute` leaf. */
export function attr(
  name: string,
  match: string | undefined,
  value: DatafileConditionLeaf['value'],
): DatafileConditionLeaf {
  return match === undefined
    ? { type: 'custom_attribute', name, value }
    : { type: 'custom_attribute', name, match, value };
}

/** A typed audience plus its `$opt_dummy_attribute` legacy twin, as Optimizely emits both. */
export function typedAudience(
  id: string,
  name: string,
  conditions: DatafileConditionTree<DatafileConditionLeaf>,
): { legacy: DatafileAudience; typed: DatafileTypedAudience } {
  const dummy = [
    'or',
    {
      match: 'exact',
      name: '$opt_dummy_attribute',
      type: 'custom_attribute',
      value: '$opt_dummy_value',
    },
  ];
  return {
    legacy: { id, name, conditions: JSON.stringify(dummy) },
    typed: { id, name, conditions },
  };
}

/** A variation; `variables` maps variable id → string value. */
export function variation(
  id: string,
  key: string,
  featureEnabled: boolean,
  variables: Record<string, string> = {},
): DatafileVariation {
  return {
    id,
    key,
    featureEnabled,
    variables: Object.entries(variables).map(([varId, value]) => ({ id: varId, value })),
  };
}

/** One traffic range. */
export function range(entityId: string, endOfRange: number): DatafileTrafficRange {
  return { entityId, endOfRange };
}

/** A rule with defaults: Running, no audience, no allowlist, layer = `layer-<id>`. */
export function rule(
  fields: Pick<DatafileRule, 'id' | 'key' | 'variations' | 'trafficAllocation'> &
    Partial<DatafileRule>,
): DatafileRule {
  return {
    status: 'Running',
    layerId: `layer-${fields.id}`,
    audienceIds: [],
    forcedVariations: {},
    ...fields,
  };
}

/** A delivery rule serving one variation to `percent`% of its audience. */
export function delivery(
  id: string,
  key: string,
  served: DatafileVariation,
  percent: number,
  audienceConditions: DatafileConditionTree<string> = [],
): DatafileRule {
  return rule({
    id,
    key,
    layerId: `rollout-layer-${id}`,
    variations: [served],
    trafficAllocation: [range(served.id, percent * 100)],
    audienceConditions,
  });
}

/** An empty datafile skeleton with every list present. */
export function datafile(revision: string, fields: Partial<DatafileV4>): DatafileV4 {
  return {
    version: '4',
    accountId: '10000001',
    projectId: '20000001',
    revision,
    anonymizeIP: true,
    botFiltering: false,
    sendFlagDecisions: true,
    attributes: [],
    audiences: [],
    typedAudiences: [],
    events: [],
    experiments: [],
    groups: [],
    featureFlags: [],
    rollouts: [],
    integrations: [],
    holdouts: [],
    ...fields,
  };
}
