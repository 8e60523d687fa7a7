import { describe, expect, it } from 'vitest';
import type { DatafileFlagInput, DatafileInputs } from '../core/datafile/inputs.js';
import { buildDatafile } from './build-datafile.js';
import { trafficRanges, experimentStatusWord, audienceConditionsOf } from './build-rules.js';
import { compileDatafile } from './compile-datafile.js';
import { decide } from './decide.js';

const flag = (over: Partial<DatafileFlagInput> = {}): DatafileFlagInput => ({
  id: 10,
  key: 'checkout',
  variables: [{ id: 11, key: 'color', type: 'string', defaultValue: 'gray' }],
  variations: [
    { id: 12, key: 'off', variables: {} },
    { id: 13, key: 'on', variables: { color: 'blue' } },
  ],
  enabled: true,
  defaultVariationKey: 'off',
  rules: [
    { id: 20, key: 'ab', type: 'a/b_test', audienceConditions: ['or', 30], percentageIncluded: 8000, variations: [{ variationKey: 'off', weight: 5000 }, { variationKey: 'on', weight: 5000 }], allowlist: { qa: 'on' }, experimentStatus: 'running' },
    { id: 21, key: 'rollout', type: 'targeted_delivery', audienceConditions: null, percentageIncluded: 2500, variations: [{ variationKey: 'on', weight: 10000 }], allowlist: {}, experimentStatus: null },
  ],
  ...over,
});

const inputs = (over: Partial<DatafileInputs> = {}): DatafileInputs => ({
  accountId: 1,
  projectId: 2,
  environmentKey: 'production',
  sdkKey: 'key',
  revision: 7,
  attributes: [{ id: 3, key: 'country' }],
  audiences: [{ id: 30, name: 'US', conditions: JSON.stringify(['or', { type: 'custom_attribute', name: 'country', match: 'exact', value: 'US' }]) }],
  events: [{ id: 40, key: 'purchase', experimentIds: [20, 999] }],
  flags: [flag()],
  groups: [],
  holdouts: [],
  ...over,
});

describe('trafficRanges', () => {
  it('scales the weights by the included share and leaves the rest to nobody', () => {
    expect(trafficRanges(8000, [{ entityId: 'a', weight: 5000 }, { entityId: 'b', weight: 5000 }])).toEqual([{ entityId: 'a', endOfRange: 4000 }, { entityId: 'b', endOfRange: 8000 }]);
    expect(trafficRanges(10000, [{ entityId: 'a', weight: 3333 }, { entityId: 'b', weight: 3333 }, { entityId: 'c', weight: 3334 }]).map((r) => r.endOfRange)).toEqual([3333, 6666, 10000]);
    expect(trafficRanges(0, [{ entityId: 'a', weight: 10000 }])).toEqual([]);
    expect(trafficRanges(10000, [{ entityId: 'a', weight: 0 }, { entityId: 'b', weight: 10000 }])).toEqual([{ entityId: 'b', endOfRange: 10000 }]);
  });
});

describe('buildDatafile', () => {
  it('writes a v4 datafile that the engine compiles, with string ids and an everyone-else rule', () => {
    const d = buildDatafile(inputs());
    expect([d.version, d.accountId, d.projectId, d.revision]).toEqual(['4', '1', '2', '7']);
    expect(d.experiments.map((r) => [r.id, r.status, r.layerId, r.audienceIds, r.trafficAllocation])).toEqual([['20', 'Running', '20', ['30'], [{ entityId: '12', endOfRange: 4000 }, { entityId: '13', endOfRange: 8000 }]]]);
    expect(d.rollouts[0]?.experiments.map((r) => r.key)).toEqual(['rollout', 'default-rollout-10-2']);
    expect(d.featureFlags[0]).toMatchObject({ id: '10', rolloutId: 'rollout-10-2', experimentIds: ['20'] });
    expect(d.events).toEqual([{ id: '40', key: 'purchase', experimentIds: ['20'] }]);
    const config = compileDatafile(JSON.stringify(d));
    expect(decide(config, { userId: 'qa' }, 'checkout')).toMatchObject({ variationKey: 'on', ruleKey: 'ab', variables: { color: 'blue' } });
  });

  it('serves "off" to everyone when the ruleset is disabled', () => {
    const d = buildDatafile(inputs({ flags: [flag({ enabled: false, defaultVariationKey: 'on' })] }));
    expect(d.experiments[0]?.status).toBe('Paused');
    expect(d.rollouts[0]?.experiments.map((r) => [r.key, r.variations[0]?.key])).toEqual([['default-rollout-10-2', 'off']]);
    const config = compileDatafile(d);
    expect(decide(config, { userId: 'qa', attributes: { country: 'US' } }, 'checkout')).toMatchObject({ variationKey: 'off', enabled: false });
  });

  it('lays out group shares in order, keeping the slot of an experiment that is not here', () => {
    const d = buildDatafile(inputs({ groups: [{ id: 50, entities: [{ experimentId: 999, weight: 3000 }, { experimentId: 20, weight: 3000 }, { experimentId: 998, weight: 1000 }] }] }));
    expect(d.groups).toEqual([{ id: '50', policy: 'random', trafficAllocation: [{ entityId: '', endOfRange: 3000 }, { entityId: '20', endOfRange: 6000 }], experiments: [expect.objectContaining({ id: '20' })] }]);
    expect(d.experiments).toEqual([]);
    expect(buildDatafile(inputs({ groups: [{ id: 51, entities: [{ experimentId: 999, weight: 3000 }] }] })).groups).toEqual([]);
  });

  it('writes environment holdouts and experiment holdouts with the rules they cover', () => {
    const holdout = { status: 'running' as const, percentageIncluded: 500, audienceConditions: null };
    const d = buildDatafile(inputs({ holdouts: [
      { ...holdout, id: 60, key: 'global', scope: 'environment', variationId: 61, experimentIds: [] },
      { ...holdout, id: 62, key: 'local', scope: 'experiments', variationId: 63, experimentIds: [20, 999] },
      { ...holdout, id: 64, key: 'elsewhere', scope: 'experiments', variationId: 65, experimentIds: [999] },
    ] }));
    expect(d.holdouts).toEqual([{ id: '60', key: 'global', status: 'Running', audienceIds: [], audienceConditions: [], variations: [{ id: '61', key: 'off', featureEnabled: false, variables: [] }], trafficAllocation: [{ entityId: '61', endOfRange: 500 }] }]);
    expect(d.localHoldouts?.map((h) => [h.key, h.includedRules])).toEqual([['local', ['20']]]);
  });

  it('maps statuses and audience trees', () => {
    expect([experimentStatusWord(true, 'running'), experimentStatusWord(false, 'running'), experimentStatusWord(true, 'draft'), experimentStatusWord(true, 'completed')]).toEqual(['Running', 'Paused', 'Not started', 'Concluded']);
    expect(audienceConditionsOf(['and', 1, ['not', 2]])).toEqual(['and', '1', ['not', '2']]);
    expect(audienceConditionsOf(5)).toEqual(['or', '5']);
    expect(audienceConditionsOf(null)).toEqual([]);
  });
});
