/**
 * Experiment rules (reference §2.3–2.6, §3.2–3.3): an A/B test at 60 % traffic with variables of
 * every type, allowlists, a paused experiment, a random group shared by two flags, an overlapping
 * group, a targeted experiment before an untargeted one, traffic with gaps / `""` / unknown ids,
 * a disabled variation and a Feature Rollout (`type: "fr"`) rule.
 */
import type {
  DatafileFeatureFlag,
  DatafileRollout,
  DatafileRule,
  DatafileVariable,
} from '../../datafile-types.js';
import { attr, datafile, delivery, range, rule, typedAudience, variation } from './build.js';

const checkoutVariables: DatafileVariable[] = [
  { id: '70001', key: 'button_color', type: 'string', defaultValue: 'gray' },
  { id: '70002', key: 'discount_pct', type: 'integer', defaultValue: '0' },
  { id: '70003', key: 'show_badge', type: 'boolean', defaultValue: 'false' },
  { id: '70004', key: 'layout', type: 'string', subType: 'json', defaultValue: '{"columns":1}' },
  { id: '70005', key: 'price_multiplier', type: 'double', defaultValue: '1.0' },
  { id: '70006', key: 'config', type: 'json', defaultValue: '{"a":[1,2]}' },
  { id: '70007', key: 'bad_boolean', type: 'boolean', defaultValue: 'yes' },
  { id: '70008', key: 'bad_integer', type: 'integer', defaultValue: 'abc' },
  { id: '70009', key: 'truncated_integer', type: 'integer', defaultValue: '42.9' },
  { id: '70010', key: 'exponent_double', type: 'double', defaultValue: '3.5e2' },
  { id: '70011', key: 'bad_json', type: 'json', defaultValue: '{nope' },
  { id: '70012', key: 'empty_string', type: 'string', defaultValue: '' },
];

const control = variation('60001', 'control', true, {
  '70001': 'blue',
  '70002': '10',
  '70003': 'true',
  '70004': '{"columns":2}',
});
const treatment = variation('60002', 'treatment', true, {
  '70001': 'green',
  '70002': '15.7',
  '70003': 'false',
  '70004': '{"columns":3}',
  '70005': '0.85',
  '70006': '[true,null]',
  '70007': 'true',
  '70008': '7',
  '70011': '{"fixed":true}',
  '70012': 'set',
});
const darkLaunch = variation('60003', 'dark_launch', false, { '70001': 'black', '70002': '99' });
const checkoutOff = variation('61000', 'off', false);

const experiments: DatafileRule[] = [
  rule({
    id: '50001',
    key: 'checkout_ab',
    variations: [control, treatment, darkLaunch],
    // 60 % traffic: 0–2999 control, 3000–5499 treatment, 5500–5999 dark launch, 6000+ nobody.
    trafficAllocation: [range('60001', 3000), range('60002', 5500), range('60003', 6000)],
    forcedVariations: {
      qa_user: 'treatment',
      qa_dark: 'dark_launch',
      qa_bad_key: 'no_such_variation',
    },
  }),
  rule({
    id: '50002',
    key: 'paused_test',
    status: 'Paused',
    variations: [variation('60021', 'a', true), variation('60022', 'b', true)],
    trafficAllocation: [range('60021', 5000), range('60022', 10000)],
    forcedVariations: { qa_user: 'b' },
  }),
  rule({
    id: '50003',
    key: 'targeted_test',
    audienceConditions: ['and', '4101', ['not', '4102']],
    variations: [variation('60031', 'v1', true), variation('60032', 'v2', true)],
    trafficAllocation: [range('60031', 5000), range('60032', 10000)],
  }),
  rule({
    id: '50004',
    key: 'fallback_test',
    variations: [variation('60041', 'x', true), variation('60042', 'y', false)],
    // A gap (2500–4999), an empty entity and an unknown variation id: all "not bucketed".
    trafficAllocation: [
      range('60041', 2500),
      range('', 5000),
      range('69999', 6000),
      range('60042', 9000),
    ],
  }),
  rule({
    id: '50005',
    key: 'overlap_test',
    variations: [variation('60051', 'on', true)],
    trafficAllocation: [range('60051', 5000)],
  }),
  rule({
    id: '50006',
    key: 'feature_rollout',
    type: 'fr',
    variations: [variation('60061', 'new_search', true)],
    trafficAllocation: [range('60061', 3000)],
  }),
];

const groupExperiments: DatafileRule[] = [
  rule({
    id: '50101',
    key: 'pricing_banner_test',
    variations: [variation('60101', 'banner_a', true), variation('60102', 'banner_b', true)],
    trafficAllocation: [range('60101', 5000), range('60102', 10000)],
  }),
  rule({
    id: '50102',
    key: 'pricing_page_test',
    variations: [variation('60111', 'page_a', true), variation('60112', 'page_b', true)],
    trafficAllocation: [range('60111', 5000), range('60112', 10000)],
  }),
];

const overlappingGroupExperiment = rule({
  id: '50201',
  key: 'overlapping_group_test',
  variations: [variation('60201', 'on', true)],
  trafficAllocation: [range('60201', 10000)],
});

/** A flag with an experiment list and a rollout whose only rule is "everyone else". */
function flag(
  n: number,
  key: string,
  experimentIds: string[],
  variables: DatafileVariable[] = [],
): { flag: DatafileFeatureFlag; rollout: DatafileRollout } {
  const off = n === 1 ? checkoutOff : variation(`61${String(n).padStart(3, '0')}`, 'off', false);
  return {
    flag: { id: `8000${n}`, key, rolloutId: `rollout-8000${n}`, experimentIds, variables },
    rollout: {
      id: `rollout-8000${n}`,
      experiments: [delivery(`default-rollout-8000${n}`, `default-rollout-8000${n}`, off, 100)],
    },
  };
}

const built = [
  flag(1, 'checkout_redesign', ['50001'], checkoutVariables),
  flag(2, 'paused_flag', ['50002']),
  flag(3, 'targeted_then_fallback', ['50003', '50004']),
  flag(4, 'pricing_banner', ['50101']),
  flag(5, 'pricing_page', ['50102', '50005']),
  flag(6, 'overlapping_group', ['50201']),
  flag(7, 'search', ['50006']),
];

const audiences = [
  typedAudience('4101', 'us_or_ca', [
    'or',
    attr('country', 'exact', 'US'),
    attr('country', 'exact', 'CA'),
  ]),
  typedAudience('4102', 'minor', ['or', attr('age', 'lt', 18)]),
];

/** The experiments datafile. */
export const experimentsDatafile = datafile('21', {
  attributes: [
    { id: '3101', key: 'country' },
    { id: '3102', key: 'age' },
  ],
  audiences: audiences.map((a) => a.legacy),
  typedAudiences: audiences.map((a) => a.typed),
  experiments,
  groups: [
    {
      id: '70100',
      policy: 'random',
      // 40 % each; 8000–9999 land in no experiment of the group.
      trafficAllocation: [range('50101', 4000), range('50102', 8000)],
      experiments: groupExperiments,
    },
    {
      id: '70200',
      policy: 'overlapping',
      trafficAllocation: [range('50201', 1000)],
      experiments: [overlappingGroupExperiment],
    },
  ],
  featureFlags: built.map((b) => b.flag),
  rollouts: built.map((b) => b.rollout),
});
