/**
 * The golden vector suites: each test datafile with the cases that pin its behaviour. Case names
 * say what they pin; `search` finds a user id that lands where the name says, and `expect`
 * makes generation fail if the SDK disagrees with the name.
 */
import { audienceCases } from './audience-cases.js';
import { audiencesDatafile } from './datafiles/audiences.js';
import { deliveriesDatafile } from './datafiles/deliveries.js';
import { experimentsDatafile } from './datafiles/experiments.js';
import { holdoutsDatafile } from './datafiles/holdouts.js';
import type { CaseSpec, VectorSuite } from './vector-file.js';
import { from } from './vector-file.js';

const C = 'checkout_redesign';
const experimentCases: CaseSpec[] = [
  {
    name: 'a/b at 60 %: bucket < 3000 gets control',
    flagKey: C,
    search: { prefix: 'ab-', want: from('checkout_ab', 'control') },
  },
  {
    name: 'a/b at 60 %: bucket 3000–5499 gets treatment with its variable values',
    flagKey: C,
    search: { prefix: 'ab-', want: from('checkout_ab', 'treatment') },
  },
  {
    name: 'a/b at 60 %: a featureEnabled:false variation gives default variables',
    flagKey: C,
    search: { prefix: 'ab-', want: from('checkout_ab', 'dark_launch') },
  },
  {
    name: 'a/b at 60 %: bucket ≥ 6000 falls through to everyone else',
    flagKey: C,
    search: { prefix: 'ab-', want: from('default-rollout-80001', 'off') },
  },
  {
    name: 'allowlist: qa_user forced into treatment',
    flagKey: C,
    userId: 'qa_user',
    expect: from('checkout_ab', 'treatment'),
  },
  {
    name: 'allowlist: qa_dark forced into a disabled variation',
    flagKey: C,
    userId: 'qa_dark',
    expect: from('checkout_ab', 'dark_launch'),
  },
  {
    name: 'allowlist: an unknown variation key is ignored (normal bucketing)',
    flagKey: C,
    userId: 'qa_bad_key',
  },
  {
    name: 'allowlist uses the user id, not $opt_bucketing_id',
    flagKey: C,
    userId: 'qa_user',
    attributes: { $opt_bucketing_id: 'x' },
    expect: from('checkout_ab', 'treatment'),
  },
  {
    name: '$opt_bucketing_id replaces the user id for bucketing (A)',
    flagKey: C,
    userId: 'someone-a',
    attributes: { $opt_bucketing_id: 'shared-device-7' },
  },
  {
    name: '$opt_bucketing_id replaces the user id for bucketing (B, same variation as A)',
    flagKey: C,
    userId: 'someone-b',
    attributes: { $opt_bucketing_id: 'shared-device-7' },
  },
  {
    name: '$opt_bucketing_id that is not a string is ignored',
    flagKey: C,
    userId: 'someone-a',
    attributes: { $opt_bucketing_id: 7 },
  },
  { name: 'non-ASCII user id 用户1 is hashed as UTF-8', flagKey: C, userId: '用户1' },
  { name: 'non-ASCII user id é', flagKey: C, userId: 'é' },
  { name: 'emoji user id (surrogate pairs)', flagKey: C, userId: '🙂🚀' },
  { name: 'lone surrogate in user id hashes as U+FFFD', flagKey: C, userId: 'u\ud800x' },
  {
    name: '$opt_experiment_bucket_map variation wins over bucketing',
    flagKey: C,
    userId: 'user-1',
    attributes: { $opt_experiment_bucket_map: { '50001': { variation_id: '60002' } } },
    expect: from('checkout_ab', 'treatment'),
  },
  {
    name: 'paused experiment: skipped even for an allowlisted user',
    flagKey: 'paused_flag',
    userId: 'qa_user',
    expect: from('default-rollout-80002', 'off'),
  },
  {
    name: 'targeted experiment: US adult is bucketed',
    flagKey: 'targeted_then_fallback',
    attributes: { country: 'US', age: 30 },
    search: { prefix: 't-', want: from('targeted_test') },
  },
  {
    name: 'targeted experiment: a minor fails not(minor), next rule applies',
    flagKey: 'targeted_then_fallback',
    attributes: { country: 'US', age: 12 },
    search: { prefix: 't-', want: from('fallback_test', 'x') },
  },
  {
    name: 'targeted experiment: missing age makes not(minor) null, so no match',
    flagKey: 'targeted_then_fallback',
    attributes: { country: 'US' },
    search: { prefix: 't-', want: from('fallback_test', 'x') },
  },
  {
    name: 'traffic gap / empty entityId / unknown variation id: not bucketed',
    flagKey: 'targeted_then_fallback',
    search: { prefix: 'gap-', want: from('default-rollout-80003', 'off') },
  },
  {
    name: 'fallback rule: disabled variation y',
    flagKey: 'targeted_then_fallback',
    search: { prefix: 't-', want: from('fallback_test', 'y') },
  },
  {
    name: 'random group: user in the pricing_banner_test slot',
    flagKey: 'pricing_banner',
    search: { prefix: 'g-', want: from('pricing_banner_test') },
  },
  {
    name: 'random group: user in the other slot is excluded from pricing_banner_test',
    flagKey: 'pricing_banner',
    search: { prefix: 'g-', want: from('default-rollout-80004') },
  },
  {
    name: 'random group: user in the pricing_page_test slot',
    flagKey: 'pricing_page',
    search: { prefix: 'g-', want: from('pricing_page_test') },
  },
  {
    name: 'random group: outside the group slots, the next (ungrouped) rule applies',
    flagKey: 'pricing_page',
    search: { prefix: 'g-', want: from('overlap_test') },
  },
  {
    name: 'overlapping group policy is ignored',
    flagKey: 'overlapping_group',
    search: { prefix: 'o-', want: from('overlapping_group_test', 'on') },
  },
  {
    name: 'feature rollout (fr) rule: inside its 30 %',
    flagKey: 'search',
    search: { prefix: 'fr-', want: from('feature_rollout', 'new_search') },
  },
  {
    name: 'feature rollout (fr) rule: beyond 30 % serves the everyone-else variation',
    flagKey: 'search',
    search: { prefix: 'fr-', want: from('feature_rollout', 'off') },
  },
];

const N = 'new_nav';
const deliveryCases: CaseSpec[] = [
  {
    name: 'targeted 50 % rollout: US user inside it',
    flagKey: N,
    attributes: { country: 'US' },
    search: { prefix: 'd-', want: from('us_half', 'on') },
  },
  {
    name: 'targeted 50 % rollout: US user outside it jumps to everyone else, skipping the beta rule',
    flagKey: N,
    attributes: { country: 'US', beta: true },
    search: { prefix: 'd-', want: from('default-rollout-81001-20000001', 'off') },
  },
  {
    name: 'second targeted rule: non-US beta user',
    flagKey: N,
    attributes: { country: 'CA', beta: true },
    expect: from('beta_users', 'on'),
  },
  {
    name: 'everyone else: no audience matches',
    flagKey: N,
    attributes: { country: 'CA' },
    expect: from('default-rollout-81001-20000001', 'off'),
  },
  {
    name: 'delivery rule served despite a missing attribute elsewhere',
    flagKey: N,
    attributes: {},
    expect: from('default-rollout-81001-20000001', 'off'),
  },
  {
    name: 'targeted full rollout: internal email',
    flagKey: 'support_chat',
    attributes: { email: 'ann@fieldtest.dev' },
    expect: from('internal', 'on'),
  },
  {
    name: 'paused everyone-else rule is still served (no status check on delivery rules)',
    flagKey: 'support_chat',
    attributes: { email: 'ann@example.com' },
    expect: from('default-rollout-81002-20000001', 'off'),
  },
  {
    name: 'everyone else at 30 %: inside',
    flagKey: 'beta_everyone_30pct',
    search: { prefix: 'e-', want: from('default-rollout-81003-20000001', 'on') },
  },
  {
    name: 'everyone else at 30 %: outside gives no decision',
    flagKey: 'beta_everyone_30pct',
    search: { prefix: 'e-', want: from(null) },
  },
  {
    name: 'flag without rollout: no decision, default variables',
    flagKey: 'no_rollout',
    expect: from(null),
  },
  {
    name: 'flag with an unknown rolloutId: no decision',
    flagKey: 'unknown_rollout',
    expect: from(null),
  },
  { name: 'rollout with no rules: no decision', flagKey: 'empty_rollout', expect: from(null) },
  {
    name: 'unknown flag key: null variation, empty variables',
    flagKey: 'no_such_flag',
    expect: from(null),
  },
];

const H = 'ho_experiment';
const holdoutCases: CaseSpec[] = [
  {
    name: 'global 10 % holdout: held-out user gets the holdout variation',
    flagKey: H,
    search: { prefix: 'h-', want: from('global_10pct', 'off') },
  },
  {
    name: 'global holdout applies to delivery-only flags too',
    flagKey: 'ho_delivery',
    search: { prefix: 'h-', want: from('global_10pct', 'off') },
  },
  {
    name: 'local holdout on an experiment rule (50 %)',
    flagKey: H,
    search: { prefix: 'h-', want: from('local_half', 'off') },
  },
  {
    name: 'outside every holdout: the experiment decides',
    flagKey: H,
    search: { prefix: 'h-', want: from('limits_ab') },
  },
  {
    name: 'excludeTargetedDeliveries: French user skips experiments, gets the delivery rule',
    flagKey: H,
    attributes: { country: 'FR' },
    search: { prefix: 'h-', want: from('default-rollout-83001', 'off') },
  },
  {
    name: 'excludeTargetedDeliveries: targeted delivery rule for a French user',
    flagKey: 'ho_delivery',
    attributes: { country: 'FR' },
    search: { prefix: 'h-', want: from('everyone_on_targeted', 'on') },
  },
  {
    name: 'local holdout on a delivery rule (French user)',
    flagKey: 'ho_delivery',
    attributes: { country: 'FR' },
    search: { prefix: 'h-', want: from('local_half', 'off') },
  },
  {
    name: 'a paused global holdout never applies; a local holdout without includedRules is skipped',
    flagKey: 'ho_delivery',
    search: { prefix: 'h-', want: from('default-rollout-83002', 'off') },
  },
];

/** All suites, one vector file each. */
export const vectorSuites: readonly VectorSuite[] = [
  {
    name: 'audiences',
    description:
      'Every match type, semver edge cases, missing/mistyped attributes, not/and/or nesting, tree quirks, typed audiences.',
    datafile: audiencesDatafile,
    cases: audienceCases,
  },
  {
    name: 'experiments',
    description:
      'A/B test at 60 %, allowlists, paused rule, random and overlapping groups, traffic gaps, bucketing id, non-ASCII ids, variables of every type, FR rules.',
    datafile: experimentsDatafile,
    cases: experimentCases,
  },
  {
    name: 'deliveries',
    description:
      'Targeted partial rollout and the jump to everyone else, paused everyone-else rule, partial everyone-else rule, missing rollouts, unknown flag.',
    datafile: deliveriesDatafile,
    cases: deliveryCases,
  },
  {
    name: 'holdouts',
    description:
      'Global holdouts (running, paused, excludeTargetedDeliveries) and local holdouts on experiment and delivery rules.',
    datafile: holdoutsDatafile,
    cases: holdoutCases,
  },
];
