import { describe, expect, it } from 'vitest';
import { compileDatafile } from './compile-datafile.js';
import { decide, decideAll } from './decide.js';
import { datafile, delivery, typedAudience, variation } from './vectors/datafiles/build.js';
import { deliveriesDatafile } from './vectors/datafiles/deliveries.js';
import { experimentsDatafile } from './vectors/datafiles/experiments.js';
import { holdoutsDatafile } from './vectors/datafiles/holdouts.js';

const experiments = compileDatafile(experimentsDatafile);
const deliveries = compileDatafile(deliveriesDatafile);
const holdouts = compileDatafile(holdoutsDatafile);

/** The first user id `${prefix}${i}` whose decision passes `want`. */
function findUser(want: (userId: string) => boolean, prefix = 'u-'): string {
  for (let i = 0; i < 100_000; i++) if (want(`${prefix}${i}`)) return `${prefix}${i}`;
  throw new Error('no such user');
}

describe('decide: reason codes and decision fields', () => {
  it('split: bucketed into an experiment rule', () => {
    const userId = findUser(
      (id) => decide(experiments, { userId: id }, 'checkout_redesign').ruleKey === 'checkout_ab',
    );
    const d = decide(experiments, { userId }, 'checkout_redesign');
    expect(d).toMatchObject({
      reasonCode: 'split',
      ruleType: 'experiment',
      source: 'feature-test',
      ruleId: '50001',
      campaignId: 'layer-50001',
    });
  });

  it('forced: the allowlist', () => {
    const d = decide(experiments, { userId: 'qa_user' }, 'checkout_redesign');
    expect(d).toMatchObject({
      reasonCode: 'forced',
      variationKey: 'treatment',
      variationId: '60002',
      enabled: true,
    });
    expect(d.variables).toMatchObject({
      button_color: 'green',
      discount_pct: 15,
      show_badge: false,
      layout: { columns: 3 },
    });
  });

  it('targeting_match: a fully rolled-out targeted delivery rule', () => {
    const d = decide(
      deliveries,
      { userId: 'x', attributes: { country: 'CA', beta: true } },
      'new_nav',
    );
    expect(d).toMatchObject({
      reasonCode: 'targeting_match',
      ruleType: 'delivery',
      source: 'rollout',
      ruleKey: 'beta_users',
    });
  });

  it('split: a partial delivery rollout', () => {
    const userId = findUser(
      (id) =>
        decide(deliveries, { userId: id, attributes: { country: 'US' } }, 'new_nav').ruleKey ===
        'us_half',
    );
    expect(
      decide(deliveries, { userId, attributes: { country: 'US' } }, 'new_nav').reasonCode,
    ).toBe('split');
  });

  it('everyone_else: the last delivery rule', () => {
    const d = decide(deliveries, { userId: 'x', attributes: { country: 'CA' } }, 'new_nav');
    expect(d).toMatchObject({
      reasonCode: 'everyone_else',
      variationKey: 'off',
      campaignId: 'rollout-layer-default-rollout-81001-20000001',
    });
    expect(d.variables).toEqual({ nav_version: 'v0' });
  });

  it('no_rule: nothing applies; the SDK reports the rollout source', () => {
    const d = decide(deliveries, { userId: 'x' }, 'no_rollout');
    expect(d).toMatchObject({
      reasonCode: 'no_rule',
      variationKey: null,
      ruleKey: null,
      ruleType: null,
      source: 'rollout',
      campaignId: null,
    });
  });

  it('holdout: a global holdout, with the holdout id as campaign', () => {
    const userId = findUser(
      (id) => decide(holdouts, { userId: id }, 'ho_experiment').ruleKey === 'global_10pct',
    );
    const d = decide(holdouts, { userId }, 'ho_experiment');
    expect(d).toMatchObject({
      reasonCode: 'holdout',
      ruleType: 'holdout',
      source: 'holdout',
      ruleId: '9002',
      campaignId: '9002',
      enabled: false,
    });
  });

  it('flag_not_found: an unknown flag', () => {
    expect(decide(experiments, { userId: 'x' }, 'nope')).toEqual({
      flagKey: 'nope',
      variationKey: null,
      variationId: null,
      enabled: false,
      ruleKey: null,
      ruleId: null,
      ruleType: null,
      source: null,
      campaignId: null,
      variables: {},
      reasonCode: 'flag_not_found',
    });
  });
});

describe('decide: reasons', () => {
  it('explains the path in sentences', () => {
    const d = decide(
      experiments,
      { userId: 'qa_bad_key', attributes: { $opt_bucketing_id: 'bob' } },
      'checkout_redesign',
      { includeReasons: true },
    );
    expect(d.reasons?.[0]).toBe('Bucketing with $opt_bucketing_id "bob" instead of the user id.');
    expect(d.reasons).toContain(
      'Allowlist of rule "checkout_ab" maps user "qa_bad_key" to a variation key the rule does not have; ignored.',
    );
    // bob + 50001 is bucket 3819 (reference §3.1): treatment.
    expect(d.reasons).toContain(
      'User bucketed into bucket 3819 of rule "checkout_ab" (hash key "bob50001"): variation "treatment".',
    );
    expect(d.reasons?.at(-1)).toBe(
      'Flag "checkout_redesign": experiment rule "checkout_ab" gives variation "treatment" (split, enabled true).',
    );
  });

  it('names the audience results, the status and the jump to everyone else', () => {
    const paused = decide(experiments, { userId: 'x' }, 'paused_flag', { includeReasons: true });
    expect(paused.reasons).toContain(
      'Experiment rule "paused_test" is not running (status "Paused"); skipped.',
    );
    const userId = findUser(
      (id) =>
        decide(deliveries, { userId: id, attributes: { country: 'US' } }, 'new_nav').ruleKey !==
        'us_half',
    );
    const jumped = decide(deliveries, { userId, attributes: { country: 'US' } }, 'new_nav', {
      includeReasons: true,
    });
    expect(jumped.reasons).toContain('Audience "us" (4201) evaluated to true.');
    expect(jumped.reasons).toContain(
      'Delivery rule "us_half" matched the audience but not the traffic allocation; jumping to the everyone-else rule.',
    );
  });

  it('leaves the shared decision untouched', () => {
    const plain = decide(experiments, { userId: 'qa_user' }, 'checkout_redesign');
    const explained = decide(experiments, { userId: 'qa_user' }, 'checkout_redesign', {
      includeReasons: true,
    });
    expect(plain.reasons).toBeUndefined();
    const { reasons, ...rest } = explained;
    expect(rest).toEqual(plain);
    expect(reasons?.length).toBeGreaterThan(0);
  });
});

describe('decide: prebuilt frozen decisions', () => {
  it('returns the same frozen object for users with the same outcome', () => {
    const a = decide(experiments, { userId: 'qa_user' }, 'checkout_redesign');
    const b = decide(
      experiments,
      { userId: 'qa_user', attributes: { country: 'US' } },
      'checkout_redesign',
    );
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.variables)).toBe(true);
  });

  it('decideAll covers every flag in datafile order', () => {
    expect(Object.keys(decideAll(experiments, { userId: 'x' }))).toEqual(
      experimentsDatafile.featureFlags.map((f) => f.key),
    );
  });
});

describe('decide: the cohort leaf', () => {
  const vip = typedAudience('4900', 'vip_cohort', [
    'or',
    { type: 'cohort', name: 'cohort', value: 42 },
  ]);
  const on = variation('69001', 'on', true);
  const off = variation('69000', 'off', false);
  const config = compileDatafile(
    datafile('1', {
      audiences: [vip.legacy],
      typedAudiences: [vip.typed],
      featureFlags: [{ id: '89001', key: 'vip', rolloutId: 'r', experimentIds: [], variables: [] }],
      rollouts: [
        {
          id: 'r',
          experiments: [
            delivery('59001', 'vip_rule', on, 100, ['or', '4900']),
            delivery('59000', 'everyone', off, 100),
          ],
        },
      ],
    }),
  );

  it('matches a user whose cohort set holds the id', () => {
    expect(decide(config, { userId: 'x', cohorts: new Set(['42']) }, 'vip').ruleKey).toBe(
      'vip_rule',
    );
  });

  it('does not match other cohorts, nor users without a cohort set (as the SDK)', () => {
    expect(decide(config, { userId: 'x', cohorts: new Set(['7']) }, 'vip').ruleKey).toBe(
      'everyone',
    );
    expect(decide(config, { userId: 'x' }, 'vip').ruleKey).toBe('everyone');
  });
});
