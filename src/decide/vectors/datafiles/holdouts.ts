/**
 * Holdouts (reference §2.8, SDK 6.3+ and 6.5+): a 10 % global holdout, a paused one, a global
 * holdout for French users with `excludeTargetedDeliveries`, a 50 % local holdout on one
 * experiment rule and one delivery rule, and a local holdout without `includedRules` (skipped).
 */
import type { DatafileHoldout, DatafileLocalHoldout } from '../../datafile-types.js';
import { attr, datafile, delivery, range, rule, typedAudience, variation } from './build.js';

function holdout(
  id: string,
  key: string,
  percent: number,
  fields: Partial<DatafileHoldout> = {},
): DatafileHoldout {
  const off = variation(`${id}0`, 'off', false);
  return {
    id,
    key,
    status: 'Running',
    variations: [off],
    trafficAllocation: [range(off.id, percent * 100)],
    audienceIds: [],
    audienceConditions: [],
    ...fields,
  };
}

const holdouts: DatafileHoldout[] = [
  holdout('9001', 'global_paused', 100, { status: 'Draft' }),
  holdout('9002', 'global_10pct', 10),
  holdout('9003', 'global_france', 100, {
    audienceConditions: ['or', '4301'],
    excludeTargetedDeliveries: true,
  }),
];

const localHoldouts: DatafileLocalHoldout[] = [
  { ...holdout('9101', 'local_half', 50), includedRules: ['53001', '53011'] },
  { ...holdout('9102', 'local_without_rules', 100), includedRules: [] },
];

const variables = [{ id: '73001', key: 'limit', type: 'integer', defaultValue: '5' }];
const expOn = variation('63011', 'treatment', true, { '73001': '50' });
const expControl = variation('63010', 'control', true, { '73001': '10' });
const off = variation('63000', 'off', false);
const deliveryOn = variation('63021', 'on', true, { '73001': '20' });
const deliveryOff = variation('63020', 'off', false);

/** The holdouts datafile. */
export const holdoutsDatafile = datafile('41', {
  attributes: [{ id: '3301', key: 'country' }],
  audiences: [typedAudience('4301', 'france', ['or', attr('country', 'exact', 'FR')]).legacy],
  typedAudiences: [typedAudience('4301', 'france', ['or', attr('country', 'exact', 'FR')]).typed],
  experiments: [
    rule({
      id: '53001',
      key: 'limits_ab',
      variations: [expControl, expOn],
      trafficAllocation: [range('63010', 5000), range('63011', 10000)],
    }),
  ],
  featureFlags: [
    {
      id: '83001',
      key: 'ho_experiment',
      rolloutId: 'rollout-83001',
      experimentIds: ['53001'],
      variables,
    },
    { id: '83002', key: 'ho_delivery', rolloutId: 'rollout-83002', experimentIds: [], variables },
  ],
  rollouts: [
    {
      id: 'rollout-83001',
      experiments: [delivery('default-rollout-83001', 'default-rollout-83001', off, 100)],
    },
    {
      id: 'rollout-83002',
      experiments: [
        delivery('53011', 'everyone_on_targeted', deliveryOn, 100, ['or', '4301']),
        delivery('default-rollout-83002', 'default-rollout-83002', deliveryOff, 100),
      ],
    },
  ],
  holdouts,
  localHoldouts,
});
