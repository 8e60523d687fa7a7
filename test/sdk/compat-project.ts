/**
 * A project built entirely through the REST API, with every kind of targeting the compatibility
 * suites check: audiences of several match types (exact, substring, gt/lt, semver, exists,
 * not/and/or), a mutually exclusive group, an A/B test on 80 % of traffic with an allowlist, a
 * targeted delivery with a partial rollout, a paused experiment, a disabled ruleset, a flag
 * without rules, an environment holdout and a holdout of one experiment. Also 10,000 users
 * with varied attributes (seeded, so every run is the same).
 */
import { expect } from 'vitest';
import type { Client } from '../helpers/http.js';

export interface CompatProject {
  readonly projectId: number;
  readonly environmentId: number;
  readonly sdkKey: string;
  readonly flagKeys: readonly string[];
  /** Experiment (rule) id by rule key. */
  readonly experiments: ReadonlyMap<string, number>;
  readonly holdoutId: number;
}

export interface TestUser {
  readonly id: string;
  readonly attributes: Record<string, unknown>;
}

async function ok<T>(promise: Promise<{ status: number; body: T; text: string }>, status = 200): Promise<T> {
  const res = await promise;
  expect(res.status, res.text.slice(0, 500)).toBe(status);
  return res.body;
}

interface Rule { key: string; type: string; audience_conditions?: string; percentage_included?: number; variations: { variation_key: string; weight?: number }[]; allowlist?: Record<string, string> }

export async function buildCompatProject(api: Client, name = 'SDK compatibility'): Promise<CompatProject> {
  const project = await ok(api.post<{ id: number }>('/v2/projects', { name }), 201);
  const p = project.id;
  const envs = await ok(api.get<{ id: number; key: string; sdk_key: string }[]>(`/v2/environments?project_id=${p}`));
  const prod = envs.find((e) => e.key === 'production');
  if (!prod) throw new Error('no production environment');
  for (const key of ['country', 'age', 'email', 'beta', 'app_version']) await ok(api.post('/v2/attributes', { project_id: p, key }), 201);
  const audience = async (audienceName: string, conditions: unknown) => (await ok(api.post<{ id: number }>('/v2/audiences', { project_id: p, name: audienceName, conditions: JSON.stringify(conditions) }), 201)).id;
  const leaf = (attr: string, match: string, value?: unknown) => ({ type: 'custom_attribute', name: attr, match, ...(value === undefined ? {} : { value }) });
  const us = await audience('US', ['and', ['or', leaf('country', 'exact', 'US')]]);
  const adults = await audience('Adults', ['and', leaf('age', 'gt', 17), leaf('age', 'lt', 65)]);
  const company = await audience('Company emails', ['or', leaf('email', 'substring', '@acme.')]);
  const beta = await audience('Beta testers', ['or', leaf('beta', 'exists')]);
  const modern = await audience('App 2.0+', ['or', leaf('app_version', 'semver_ge', '2.0.0')]);
  const northAmerica = await audience('North America, not minors', ['and', ['or', leaf('country', 'exact', 'US'), leaf('country', 'exact', 'CA')], ['not', leaf('age', 'lt', 18)]]);
  const purchase = await ok(api.post<{ id: number }>('/v2/events', { project_id: p, key: 'purchase' }), 201);

  const flag = (key: string, variables: { key: string; type: string; default_value: string }[], variations: { key: string; variables?: Record<string, string> }[]) =>
    ok(api.post(`/flags/v1/projects/${p}/flags`, { key, variables, variations }), 201);
  await flag('checkout_redesign', [
    { key: 'button_color', type: 'string', default_value: 'gray' },
    { key: 'discount_pct', type: 'integer', default_value: '0' },
    { key: 'price_multiplier', type: 'double', default_value: '1.0' },
    { key: 'show_badge', type: 'boolean', default_value: 'false' },
    { key: 'layout', type: 'json', default_value: '{"columns":1}' },
  ], [
    { key: 'control', variables: { button_color: 'blue' } },
    { key: 'treatment', variables: { button_color: 'green', discount_pct: '15', price_multiplier: '0.9', show_badge: 'true', layout: '{"columns":2}' } },
  ]);
  await flag('pricing_banner', [], [{ key: 'on' }]);
  await flag('search_ranking', [{ key: 'algorithm', type: 'string', default_value: 'bm25' }], [{ key: 'v1', variables: { algorithm: 'dense' } }, { key: 'v2', variables: { algorithm: 'hybrid' } }]);
  await flag('onboarding', [{ key: 'steps', type: 'integer', default_value: '3' }], [{ key: 'short', variables: { steps: '2' } }, { key: 'long', variables: { steps: '6' } }]);
  await flag('dark_mode', [], [{ key: 'on' }]);
  await flag('new_nav', [{ key: 'layout', type: 'string', default_value: 'classic' }], [{ key: 'a', variables: { layout: 'tabs' } }, { key: 'b', variables: { layout: 'drawer' } }, { key: 'c', variables: { layout: 'rail' } }]);
  await flag('legacy_banner', [], [{ key: 'on' }]);
  await flag('kill_switch', [{ key: 'mode', type: 'string', default_value: 'normal' }], [{ key: 'on', variables: { mode: 'safe' } }]);

  const experiments = new Map<string, number>();
  const ruleset = async (flagKey: string, rules: Rule[], extra: Record<string, unknown> = {}) => {
    const body = await ok(api.patch<{ rules: { key: string; experiment_id: number | null }[] }>(`/flags/v1/projects/${p}/flags/${flagKey}/environments/production/ruleset`, { rules, ...extra }));
    for (const r of body.rules) if (r.experiment_id !== null) experiments.set(r.key, r.experiment_id);
  };
  await ruleset('checkout_redesign', [
    { key: 'checkout_ab', type: 'a/b_test', audience_conditions: JSON.stringify(['or', us, adults]), percentage_included: 8000, variations: [{ variation_key: 'control', weight: 5000 }, { variation_key: 'treatment', weight: 5000 }], allowlist: { qa_user: 'treatment', 'user-7': 'control' } },
    { key: 'checkout_company', type: 'targeted_delivery', audience_conditions: JSON.stringify([company]), percentage_included: 5000, variations: [{ variation_key: 'treatment' }] },
  ]);
  await ruleset('pricing_banner', [{ key: 'pricing_ab', type: 'a/b_test', variations: [{ variation_key: 'off', weight: 5000 }, { variation_key: 'on', weight: 5000 }] }]);
  await ruleset('search_ranking', [{ key: 'search_ab', type: 'a/b_test', variations: [{ variation_key: 'v1', weight: 5000 }, { variation_key: 'v2', weight: 5000 }] }], { default_variation_key: 'v1' });
  await ruleset('onboarding', [
    { key: 'onboarding_ab', type: 'a/b_test', variations: [{ variation_key: 'short', weight: 5000 }, { variation_key: 'long', weight: 5000 }] },
    { key: 'onboarding_beta', type: 'targeted_delivery', audience_conditions: JSON.stringify([beta]), variations: [{ variation_key: 'long' }] },
  ]);
  await ruleset('dark_mode', [
    { key: 'dark_mode_rollout', type: 'targeted_delivery', audience_conditions: JSON.stringify(['and', northAmerica, ['not', beta]]), percentage_included: 3000, variations: [{ variation_key: 'on' }] },
  ], { default_variation_key: 'off' });
  await ruleset('new_nav', [
    { key: 'nav_mvt', type: 'multivariate', audience_conditions: JSON.stringify([modern]), variations: [{ variation_key: 'a', weight: 3333 }, { variation_key: 'b', weight: 3333 }, { variation_key: 'c', weight: 3334 }] },
  ]);
  await ruleset('legacy_banner', [{ key: 'legacy_everyone', type: 'targeted_delivery', variations: [{ variation_key: 'on' }] }], { default_variation_key: 'on' });
  await ruleset('kill_switch', [], { default_variation_key: 'on' });

  const id = (key: string): number => {
    const found = experiments.get(key);
    if (found === undefined) throw new Error(`no experiment ${key}`);
    return found;
  };
  await ok(api.post('/v2/groups', { project_id: p, name: 'Pricing vs search', entities: [{ id: id('pricing_ab'), kind: 'experiment', weight: 4000 }, { id: id('search_ab'), kind: 'experiment', weight: 4000 }] }), 201);
  await ok(api.post('/v2/holdouts', { project_id: p, key: 'nav_holdout', scope: 'experiments', experiment_ids: [id('nav_mvt')], percentage_included: 1000, status: 'running' }), 201);
  await ok(api.patch(`/v2/experiments/${id('checkout_ab')}`, { metrics: [{ event_id: purchase.id, aggregator: 'unique' }] }));
  for (const flagKey of ['checkout_redesign', 'pricing_banner', 'search_ranking', 'onboarding', 'dark_mode', 'new_nav', 'kill_switch']) {
    await ok(api.post(`/flags/v1/projects/${p}/flags/${flagKey}/environments/production/ruleset/enabled`));
  }
  await ok(api.patch(`/v2/experiments/${id('onboarding_ab')}`, { status: 'paused' }));
  const holdout = await ok(api.post<{ id: number }>('/v2/holdouts', { project_id: p, key: 'global_holdout', percentage_included: 500, status: 'running' }), 201);
  return {
    projectId: p,
    environmentId: prod.id,
    sdkKey: prod.sdk_key,
    flagKeys: ['checkout_redesign', 'pricing_banner', 'search_ranking', 'onboarding', 'dark_mode', 'new_nav', 'legacy_banner', 'kill_switch'],
    experiments,
    holdoutId: holdout.id,
  };
}

/** A small seeded PRNG (mulberry32): the same users on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` users: some attributes missing, some of the wrong type, a few allowlisted ids. */
export function testUsers(count: number, seed = 7): TestUser[] {
  const next = random(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const users: TestUser[] = [{ id: 'qa_user', attributes: { country: 'DE' } }];
  for (let i = users.length; i < count; i++) {
    const attributes: Record<string, unknown> = {};
    const country = pick(['US', 'US', 'CA', 'DE', 'FR', undefined]);
    if (country !== undefined) attributes.country = country;
    const age = pick(['n', 'n', 'n', 's', undefined]);
    if (age === 'n') attributes.age = Math.floor(next() * 80) + 5;
    else if (age === 's') attributes.age = String(Math.floor(next() * 80));
    const email = pick(['acme', 'other', undefined]);
    if (email !== undefined) attributes.email = `u${i}@${email === 'acme' ? 'acme.com' : 'example.org'}`;
    const beta = pick([true, false, null, undefined]);
    if (beta !== undefined) attributes.beta = beta;
    const version = pick(['1.9.3', '2.0.0', '2.0', '2.1.0-beta', '3.0.0', 'x.y', undefined]);
    if (version !== undefined) attributes.app_version = version;
    users.push({ id: `user-${i}`, attributes });
  }
  return users;
}
