/**
 * Audience semantics (reference §2.7): one flag per audience or rule-level tree. Each flag has a
 * targeted delivery rule `<flag>:match` serving "on" to 100 % of its audience, then the
 * everyone-else rule serving "off" — so `ruleKey` shows whether the user matched.
 */
import type {
  DatafileConditionLeaf,
  DatafileConditionTree,
  DatafileFeatureFlag,
  DatafileRollout,
} from '../../datafile-types.js';
import { attr, datafile, delivery, typedAudience, variation } from './build.js';

type Tree = DatafileConditionTree<DatafileConditionLeaf>;

/** Typed audiences by id: [name, conditions]. */
const typed: Record<string, [string, Tree]> = {
  '4001': ['country_us', ['and', ['or', ['or', attr('country', 'exact', 'US')]]]],
  '4002': ['age_exact_30', ['or', attr('age', 'exact', 30)]],
  '4003': ['beta_true', ['or', attr('beta', 'exact', true)]],
  '4005': ['email_exists', ['or', attr('email', 'exists', null)]],
  '4006': ['age_gt_18', ['or', attr('age', 'gt', 18)]],
  '4007': ['age_ge_21', ['or', attr('age', 'ge', 21)]],
  '4008': ['age_lt_65_5', ['or', attr('age', 'lt', 65.5)]],
  '4009': ['age_le_30', ['or', attr('age', 'le', 30)]],
  '4010': ['plan_substring_pro', ['or', attr('plan', 'substring', 'pro')]],
  '4011': ['semver_eq_2.0', ['or', attr('app_version', 'semver_eq', '2.0')]],
  '4012': ['semver_gt_2.0.0', ['or', attr('app_version', 'semver_gt', '2.0.0')]],
  '4013': ['semver_ge_2.0.0-beta', ['or', attr('app_version', 'semver_ge', '2.0.0-beta')]],
  '4014': ['semver_lt_3.0', ['or', attr('app_version', 'semver_lt', '3.0')]],
  '4015': ['semver_le_1.2.3+build', ['or', attr('app_version', 'semver_le', '1.2.3+build')]],
  '4016': ['not_us', ['not', attr('country', 'exact', 'US')]],
  '4017': [
    'us_or_ca_and_not_beta',
    [
      'and',
      ['or', attr('country', 'exact', 'US'), attr('country', 'exact', 'CA')],
      ['not', attr('beta', 'exact', true)],
    ],
  ],
  // Quirk: a list whose first element is not a string drops that element (only CA counts).
  '4018': [
    'first_element_dropped',
    [attr('country', 'exact', 'US'), attr('country', 'exact', 'CA')],
  ],
  '4019': ['unknown_match_type', ['or', attr('country', 'regex', '.*')]],
  // A Fieldtest cohort leaf: null for the SDK (unknown type), so only the US branch can match.
  '4020': [
    'cohort_77_or_us',
    ['or', { type: 'cohort', name: 'cohort', value: 77 }, attr('country', 'exact', 'US')],
  ],
  '4021': ['score_exact_beyond_2^53', ['or', attr('score', 'exact', 9007199254740994)]],
  '4022': ['typed_overrides_legacy', ['or', attr('country', 'exact', 'US')]],
  '4023': ['empty_and', ['and']],
  '4024': ['empty_or', ['or']],
  '4025': ['empty_not', ['not']],
  '4026': [
    'odp_segment',
    [
      'or',
      { type: 'third_party_dimension', name: 'odp.audiences', match: 'qualified', value: 'seg1' },
    ],
  ],
  '4027': ['score_exact_1.5', ['or', attr('score', 'exact', 1.5)]],
  '4028': ['missing_match_means_exact', ['or', attr('plan', undefined, 'pro')]],
  '4029': ['exists_or_us', ['or', attr('email', 'exists', null), attr('country', 'exact', 'US')]],
};

/** Rule-level audience trees, one flag each: [flag key, audienceIds, audienceConditions?]. */
const flags: [string, string[], DatafileConditionTree<string>?][] = [
  ...Object.entries(typed).map(([id, [name]]): [string, string[]] => [`aud_${name}`, [id]]),
  ['aud_plan_pro_legacy', ['4004']],
  ['rule_audience_ids_implicit_or', ['4002', '4003']],
  ['rule_conditions_bare_list', [], ['4002', '4003']],
  ['rule_and', [], ['and', '4001', '4006']],
  ['rule_or_with_unknown_audience', [], ['or', '9999', '4003']],
  ['rule_and_with_unknown_audience', [], ['and', '9999', '4001']],
  ['rule_not_unknown_audience', [], ['not', '9999']],
  ['rule_not_odp_segment', [], ['not', '4026']],
  ['rule_empty_conditions_override_ids', ['4001'], []],
  ['rule_nested_not_and', [], ['not', ['and', '4001', '4003']]],
];

const featureFlags: DatafileFeatureFlag[] = [];
const rollouts: DatafileRollout[] = [];
flags.forEach(([key, audienceIds, audienceConditions], i) => {
  const n = 100 + i;
  const on = variation(`6${n}1`, 'on', true);
  const off = variation(`6${n}0`, 'off', false);
  const targeted = { ...delivery(`5${n}1`, `${key}:match`, on, 100), audienceIds };
  const { audienceConditions: _unused, ...withoutConditions } = targeted;
  rollouts.push({
    id: `rollout-${n}`,
    experiments: [
      audienceConditions === undefined ? withoutConditions : { ...targeted, audienceConditions },
      delivery(`default-rollout-${n}`, `${key}:everyone_else`, off, 100),
    ],
  });
  featureFlags.push({
    id: `8${n}`,
    key,
    rolloutId: `rollout-${n}`,
    experimentIds: [],
    variables: [],
  });
});

const pairs = Object.entries(typed).map(([id, [name, conditions]]) =>
  typedAudience(id, name, conditions),
);
const legacyOnly = {
  id: '4004',
  name: 'plan_pro_legacy',
  conditions: JSON.stringify([
    'and',
    ['or', ['or', { name: 'plan', type: 'custom_attribute', value: 'pro' }]],
  ]),
};

/** The audiences datafile. */
export const audiencesDatafile = datafile('11', {
  attributes: ['country', 'age', 'beta', 'email', 'plan', 'app_version', 'score'].map((key, i) => ({
    id: `300${i}`,
    key,
  })),
  audiences: [...pairs.map((p) => p.legacy), legacyOnly],
  typedAudiences: pairs.map((p) => p.typed),
  featureFlags,
  rollouts,
});

/** Attribute sets tried against every flag of this datafile, by label. */
export const audienceUsers: Record<string, Record<string, unknown>> = {
  none: {},
  us: { country: 'US' },
  ca: { country: 'CA' },
  us_beta: { country: 'US', beta: true },
  us_beta_false: { country: 'US', beta: false },
  ca_beta: { country: 'CA', beta: true },
  ca_beta_string: { country: 'CA', beta: 'true' },
  country_null: { country: null },
  age_30: { age: 30 },
  age_30_string: { age: '30' },
  age_17: { age: 17 },
  age_21_5: { age: 21.5 },
  age_65_5: { age: 65.5 },
  age_null: { age: null },
  age_beyond_2_53: { age: 9007199254740994 },
  us_age_30: { country: 'US', age: 30 },
  email_null: { email: null },
  email_empty: { email: '' },
  email_false: { email: false },
  plan_pro: { plan: 'pro' },
  plan_pro_annual: { plan: 'pro_annual' },
  plan_number: { plan: 5 },
  version_2_0_1: { app_version: '2.0.1' },
  version_2: { app_version: '2' },
  version_2_0_0: { app_version: '2.0.0' },
  version_2_0_0_beta: { app_version: '2.0.0-beta' },
  version_2_0_0_alpha: { app_version: '2.0.0-alpha' },
  version_3_0_0_rc1: { app_version: '3.0.0-rc.1' },
  version_1_2_3: { app_version: '1.2.3' },
  version_1_2_3_build: { app_version: '1.2.3+build' },
  version_1_2_3_build2: { app_version: '1.2.3+build2' },
  version_1_2_4: { app_version: '1.2.4' },
  version_with_space: { app_version: '2.0 .1' },
  version_four_parts: { app_version: '1.2.3.4' },
  version_letters: { app_version: 'a.b' },
  version_number: { app_version: 2 },
  version_empty: { app_version: '' },
  score_1_5: { score: 1.5 },
  score_beyond_2_53: { score: 9007199254740994 },
};
