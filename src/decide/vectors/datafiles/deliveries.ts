/**
 * Delivery (rollout) rules (reference §2.5, §3.3 step 4): a targeted partial rollout followed by
 * a targeted full rollout and the everyone-else rule (an audience match outside the traffic jumps
 * straight to everyone else), a paused everyone-else rule (still served), a partial everyone-else
 * rule, a flag with no rollout and one with an unknown rollout id.
 */
import type { DatafileFeatureFlag, DatafileRollout } from '../../datafile-types.js';
import { attr, datafile, delivery, typedAudience, variation } from './build.js';

const navOn = variation('62001', 'on', true, { '71001': 'v2' });
const navOff = variation('62000', 'off', false, { '71001': 'v1' });
const chatOn = variation('62011', 'on', true);
const chatOff = variation('62010', 'off', false);
const betaOn = variation('62021', 'on', true);

const rollouts: DatafileRollout[] = [
  {
    id: 'rollout-81001-20000001',
    experiments: [
      delivery('52001', 'us_half', navOn, 50, ['or', '4201']),
      delivery('52002', 'beta_users', navOn, 100, ['or', '4202']),
      delivery('default-rollout-81001-20000001', 'default-rollout-81001-20000001', navOff, 100),
    ],
  },
  {
    id: 'rollout-81002-20000001',
    experiments: [
      delivery('52011', 'internal', chatOn, 100, ['or', '4203']),
      {
        ...delivery(
          'default-rollout-81002-20000001',
          'default-rollout-81002-20000001',
          chatOff,
          100,
        ),
        status: 'Paused',
      },
    ],
  },
  {
    id: 'rollout-81003-20000001',
    experiments: [
      delivery('default-rollout-81003-20000001', 'default-rollout-81003-20000001', betaOn, 30),
    ],
  },
  { id: 'rollout-81006-20000001', experiments: [] },
];

const featureFlags: DatafileFeatureFlag[] = [
  {
    id: '81001',
    key: 'new_nav',
    rolloutId: 'rollout-81001-20000001',
    experimentIds: [],
    variables: [{ id: '71001', key: 'nav_version', type: 'string', defaultValue: 'v0' }],
  },
  {
    id: '81002',
    key: 'support_chat',
    rolloutId: 'rollout-81002-20000001',
    experimentIds: [],
    variables: [],
  },
  {
    id: '81003',
    key: 'beta_everyone_30pct',
    rolloutId: 'rollout-81003-20000001',
    experimentIds: [],
    variables: [],
  },
  { id: '81004', key: 'no_rollout', rolloutId: '', experimentIds: [], variables: [] },
  {
    id: '81005',
    key: 'unknown_rollout',
    rolloutId: 'rollout-missing',
    experimentIds: [],
    variables: [],
  },
  {
    id: '81006',
    key: 'empty_rollout',
    rolloutId: 'rollout-81006-20000001',
    experimentIds: [],
    variables: [],
  },
];

const audiences = [
  typedAudience('4201', 'us', ['or', attr('country', 'exact', 'US')]),
  typedAudience('4202', 'beta', ['or', attr('beta', 'exact', true)]),
  typedAudience('4203', 'internal_email', ['or', attr('email', 'substring', '@fieldtest.dev')]),
];

/** The deliveries datafile. */
export const deliveriesDatafile = datafile('31', {
  attributes: [
    { id: '3201', key: 'country' },
    { id: '3202', key: 'beta' },
    { id: '3203', key: 'email' },
  ],
  audiences: audiences.map((a) => a.legacy),
  typedAudiences: audiences.map((a) => a.typed),
  featureFlags,
  rollouts,
});
