/**
 * Flags, their typed variables and variations, and their rulesets per environment — under
 * /flags/v1 and the same routes under /v2 — validated against the Optimizely contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';
import {
  abRule,
  buildAudience,
  buildProject,
  expectError,
  ok,
  uniqueKey,
  type Experiment,
  type Flag,
  type Project,
  type Ruleset,
} from '../helpers/factories.js';

const typedVariables = [
  { key: 'label', type: 'string', default_value: 'Buy now' },
  { key: 'limit', type: 'integer', default_value: '3' },
  { key: 'ratio', type: 'double', default_value: '0.25' },
  { key: 'enabled', type: 'boolean', default_value: 'true' },
  { key: 'layout', type: 'json', default_value: '{"columns":2}' },
];

describe.each(databases)('Optimizely flags on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let project: Project;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    project = await buildProject(api);
  });
  afterAll(async () => server.close());

  describe.each(['/flags/v1', '/v2'])('under %s', (base) => {
    // Rule keys are unique per environment: each mount works in a project of its own.
    let project: Project;
    beforeAll(async () => {
      project = await buildProject(api);
    });
    const flags = (projectId = project.id) => `${base}/projects/${projectId}/flags`;

    it('creates a flag with typed variables and variations, always with the built-in "off"', async () => {
      const key = uniqueKey('checkout');
      const created = await api.post<Flag>(flags(), {
        key,
        name: 'Checkout',
        description: 'new checkout',
        variables: typedVariables,
        variations: [
          { key: 'treatment', name: 'Treatment', variables: { label: 'Pay', limit: '5', ratio: '1e-2', enabled: 'false', layout: '[1,2]' } },
        ],
      });
      expectContract('optimizely', 'createFlag', created, 201);
      expect(created.headers.get('etag')).toBe('"1"');
      expect(created.body).toMatchObject({ key, name: 'Checkout', description: 'new checkout', project_id: project.id, version: 1 });
      expect(created.body.variables.map((v) => [v.key, v.type, v.default_value])).toEqual(typedVariables.map((v) => [v.key, v.type, v.default_value]));
      expect(created.body.variations.map((v) => v.key)).toEqual(['off', 'treatment']);
      expect(created.body.variations[1]?.variables).toEqual({ label: 'Pay', limit: '5', ratio: '1e-2', enabled: 'false', layout: '[1,2]' });
      // Every environment of the project shows a (disabled, empty) ruleset.
      expect(Object.keys(created.body.environments).sort()).toEqual(['development', 'production']);
      expect(created.body.environments.production).toMatchObject({ enabled: false, ruleset: { rules: [], default_variation_key: 'off', enabled: false } });

      const got = await api.get<Flag>(`${flags()}/${key}`);
      expectContract('optimizely', 'getFlag', got, 200);
      expect(got.body).toEqual(created.body);
    });

    it('gives a flag without variations "off" and "on"', async () => {
      const created = await api.post<Flag>(flags(), { key: uniqueKey('plain') });
      expectContract('optimizely', 'createFlag', created, 201);
      expect(created.body.variations.map((v) => v.key)).toEqual(['off', 'on']);
      expect(created.body.name).toBe(created.body.key);
    });

    it.each([
      ['integer', 'three', 'is not an integer'],
      ['integer', '1.5', 'is not an integer'],
      ['double', 'abc', 'is not a number'],
      ['double', '', 'is not a number'],
      ['boolean', 'yes', 'is not "true" or "false"'],
      ['json', '{nope', 'is not valid JSON'],
    ])('rejects a %s default %j with a 400 naming the field', async (type, value, problem) => {
      const key = uniqueKey('badvar');
      const res = await api.post(flags(), { key, variables: [{ key: 'ok', type: 'string', default_value: 'x' }, { key: 'v', type, default_value: value }] });
      const error = expectError(res, 400, 'variables[1].default_value', problem);
      expect(error.code).toBe('invalid');
      expectError(await api.get(`${flags()}/${key}`), 404);
    });

    it('rejects an unknown variable type in the request schema', async () => {
      const res = await api.post(flags(), { key: uniqueKey('badtype'), variables: [{ key: 'v', type: 'float', default_value: '1' }] });
      expectError(res, 400, 'body.variables[0].type');
    });

    it('rejects a variation value that does not parse as its variable type, or names no variable', async () => {
      const key = uniqueKey('badvalue');
      const bad = await api.post(flags(), {
        key,
        variables: [{ key: 'limit', type: 'integer', default_value: '1' }],
        variations: [{ key: 'a', variables: { limit: '2' } }, { key: 'b', variables: { limit: 'many' } }],
      });
      expectError(bad, 400, 'variations[1].variables.limit', 'is not an integer');
      expectError(await api.get(`${flags()}/${key}`), 404);
      const unknown = await api.post(flags(), { key, variations: [{ key: 'a', variables: { nope: '1' } }] });
      expectError(unknown, 400, 'variations[0].variables.nope');
      const wrongJsonType = await api.post(flags(), { key, variables: [{ key: 'n', type: 'integer', default_value: '1' }], variations: [{ key: 'a', variables: { n: 2 } }] });
      expectError(wrongJsonType, 400, 'body.variations[0].variables.n');
    });

    it('answers a key conflict with 409', async () => {
      const key = uniqueKey('dup');
      ok(await api.post(flags(), { key }), 201);
      const dup = await api.post(flags(), { key });
      expectError(dup, 409, key);
      const badKey = await api.post(flags(), { key: 'has space' });
      expectError(badKey, 400, 'key');
    });

    it('updates name, variables and variations; keeps "off"; refuses a key change', async () => {
      const flag = ok(await api.post<Flag>(flags(), { key: uniqueKey('upd'), variables: [{ key: 'n', type: 'integer', default_value: '1' }] }), 201);
      const updated = await api.patch<Flag>(`${flags()}/${flag.key}`, {
        name: 'Renamed',
        variables: [{ key: 'n', type: 'integer', default_value: '2' }, { key: 'flag_on', type: 'boolean', default_value: 'false' }],
        variations: [{ key: 'on', variables: { n: '7' } }, { key: 'big', variables: { n: '100', flag_on: 'true' } }],
      });
      expectContract('optimizely', 'updateFlag', updated, 200);
      expect(updated.body).toMatchObject({ name: 'Renamed', version: 2 });
      expect(updated.headers.get('etag')).toBe('"2"');
      expect(updated.body.variations.map((v) => v.key)).toEqual(['off', 'on', 'big']);
      expect(updated.body.variables.map((v) => v.default_value)).toEqual(['2', 'false']);
      // The variable ids survive an update that keeps their keys.
      expect(updated.body.variables[0]?.id).toBe(flag.variables[0]?.id);
      const badDefault = await api.patch(`${flags()}/${flag.key}`, { variables: [{ key: 'n', type: 'integer', default_value: 'x' }] });
      expectError(badDefault, 400, 'variables[0].default_value');
      const rename = await api.patch(`${flags()}/${flag.key}`, { key: 'other' });
      expectError(rename, 400, 'key');
      const after = ok(await api.get<Flag>(`${flags()}/${flag.key}`));
      expect(after.version).toBe(2);
      expectError(await api.patch(`${flags()}/${uniqueKey('missing')}`, { name: 'x' }), 404);
    });

    it('lists flags of a project', async () => {
      const p = await buildProject(api);
      for (const key of ['a', 'b', 'c']) ok(await api.post(flags(p.id), { key }), 201);
      const list = await api.get<Flag[]>(flags(p.id));
      expectContract('optimizely', 'listFlags', list, 200);
      expect(list.body.map((f) => f.key)).toEqual(['a', 'b', 'c']);
      expect(list.headers.get('link')).toBeNull();
      expectError(await api.get(flags(999999)), 404, '999999');
    });

    it('deletes a flag: 204, then 404, and the key is free again', async () => {
      const key = uniqueKey('gone');
      ok(await api.post(flags(), { key }), 201);
      const deleted = await api.delete(`${flags()}/${key}`);
      expectContract('optimizely', 'deleteFlag', deleted, 204);
      expect(deleted.text).toBe('');
      expectError(await api.get(`${flags()}/${key}`), 404, key);
      expectError(await api.delete(`${flags()}/${key}`), 404);
      expectError(await api.get(`${flags()}/${key}/environments/production/ruleset`), 404);
      expect(ok(await api.get<Flag[]>(flags())).map((f) => f.key)).not.toContain(key);
      ok(await api.post(flags(), { key }), 201);
    });

    describe('rulesets', () => {
      const rulesetOf = (key: string, env = 'production') => `${flags()}/${key}/environments/${env}/ruleset`;

      it('reads the default ruleset of every environment, and 404s an unknown environment', async () => {
        const flag = ok(await api.post<Flag>(flags(), { key: uniqueKey('rs') }), 201);
        for (const env of ['production', 'development']) {
          const got = await api.get<Ruleset>(rulesetOf(flag.key, env));
          expectContract('optimizely', 'getRuleset', got, 200);
          expect(got.body).toMatchObject({ flag_key: flag.key, environment_key: env, enabled: false, default_variation_key: 'off', rules: [] });
        }
        expectError(await api.get(rulesetOf(flag.key, 'staging')), 404, 'staging');
      });

      it('stores ordered rules of every type with audience conditions, traffic and a default variation', async () => {
        const beta = await buildAudience(api, project.id, { conditions: '["and", {"type": "custom_attribute", "name": "beta", "match": "exact", "value": true}]' });
        const de = await buildAudience(api, project.id, { conditions: '["or", {"type": "custom_attribute", "name": "country", "value": "DE"}]' });
        const flag = ok(await api.post<Flag>(flags(), { key: uniqueKey('rules'), variations: [{ key: 'on' }, { key: 'blue' }] }), 201);
        const rules = [
          { key: 'beta_users', type: 'targeted_delivery', audience_conditions: JSON.stringify(['and', beta.id]), percentage_included: 10000, variations: [{ variation_key: 'blue' }] },
          abRule('checkout_test', { audience_conditions: JSON.stringify(['or', beta.id, de.id]), percentage_included: 2500 }),
          {
            key: 'germany',
            type: 'personalization',
            audience_conditions: JSON.stringify(['not', de.id]),
            percentage_included: 0,
            variations: [{ variation_key: 'on', weight: 3000 }, { variation_key: 'blue', weight: 7000 }],
          },
          { key: 'everyone', type: 'targeted_delivery', variations: [{ variation_key: 'on', weight: 5000 }] },
        ];
        const updated = await api.patch<Ruleset>(rulesetOf(flag.key), { rules, default_variation_key: 'off' });
        expectContract('optimizely', 'updateRuleset', updated, 200);
        expect(updated.body.rules.map((r) => [r.key, r.type, r.percentage_included])).toEqual([
          ['beta_users', 'targeted_delivery', 10000],
          ['checkout_test', 'a/b_test', 2500],
          ['germany', 'personalization', 0],
          ['everyone', 'targeted_delivery', 10000],
        ]);
        expect(JSON.parse(updated.body.rules[1]?.audience_conditions ?? '')).toEqual(['or', beta.id, de.id]);
        expect(updated.body.rules[3]?.audience_conditions).toBe('');
        expect(updated.body.rules[0]?.variations).toEqual([{ variation_key: 'blue', weight: 10000 }]);
        expect(updated.body.rules[3]?.variations).toEqual([{ variation_key: 'on', weight: 5000 }]);
        expect(updated.body.rules[0]?.experiment_id).toBeNull();
        expect(updated.body.rules[1]?.experiment_id).toBe(Number(updated.body.rules[1]?.id));

        // Reordering keeps rule ids (matched by key).
        const reordered = ok(await api.patch<Ruleset>(rulesetOf(flag.key), { rules: [rules[1], rules[0], rules[2], rules[3]], default_variation_key: 'blue' }));
        expect(reordered.rules.map((r) => r.key)).toEqual(['checkout_test', 'beta_users', 'germany', 'everyone']);
        expect(reordered.rules[0]?.id).toBe(updated.body.rules[1]?.id);
        expect(reordered.default_variation_key).toBe('blue');
        // The other environment is untouched, and the flag shows both.
        const dev = ok(await api.get<Ruleset>(rulesetOf(flag.key, 'development')));
        expect(dev.rules).toEqual([]);
        const whole = ok(await api.get<Flag>(`${flags()}/${flag.key}`));
        expect(whole.environments.production?.ruleset.rules.map((r) => r.key)).toEqual(['checkout_test', 'beta_users', 'germany', 'everyone']);
      });

      it('rejects bad rules with a 400 naming the field, and writes nothing', async () => {
        const audience = await buildAudience(api, project.id);
        const flag = ok(await api.post<Flag>(flags(), { key: uniqueKey('badrules') }), 201);
        ok(await api.patch(rulesetOf(flag.key), { rules: [abRule('keep')] }));
        const before = ok(await api.get<Ruleset>(rulesetOf(flag.key)));
        const cases: [Record<string, unknown>, string][] = [
          [abRule('ab', { variations: [{ variation_key: 'off', weight: 5000 }, { variation_key: 'on', weight: 4000 }] }), 'rules[0].variations'],
          [abRule('ab', { audience_conditions: JSON.stringify(['or', 987654]) }), 'rules[0].audience_conditions'],
          [abRule('ab', { audience_conditions: '["or", ' }), 'rules[0].audience_conditions'],
          [abRule('ab', { audience_conditions: JSON.stringify(['or', audience.id, 'x']) }), 'rules[0].audience_conditions'],
          [abRule('ab', { percentage_included: 10001 }), 'body.rules[0].percentage_included'],
          [abRule('ab', { percentage_included: -1 }), 'body.rules[0].percentage_included'],
          [abRule('ab', { percentage_included: '5000' }), 'body.rules[0].percentage_included'],
          [abRule('ab', { variations: [{ variation_key: 'off', weight: 5000 }, { variation_key: 'nope', weight: 5000 }] }), 'rules[0].variations[1].variation_key'],
          [abRule('ab', { type: 'rollout' }), 'body.rules[0].type'],
          [{ key: 'td', type: 'targeted_delivery', variations: [] }, 'rules[0].variations'],
        ];
        for (const [rule, field] of cases) {
          const res = await api.patch(rulesetOf(flag.key), { rules: [rule] });
          expectError(res, 400, field);
        }
        const unknownDefault = await api.patch(rulesetOf(flag.key), { default_variation_key: 'purple' });
        expectError(unknownDefault, 400, 'default_variation_key');
        const dupKeys = await api.patch(rulesetOf(flag.key), { rules: [abRule('same'), abRule('same')] });
        expect(dupKeys.status).toBeGreaterThanOrEqual(400);
        expect(dupKeys.status).toBeLessThan(500);
        expect(ok(await api.get<Ruleset>(rulesetOf(flag.key)))).toEqual(before);
      });

      it('answers a rule key another flag uses in the environment with 409 naming the rule', async () => {
        const a = ok(await api.post<Flag>(flags(), { key: uniqueKey('keyed') }), 201);
        const b = ok(await api.post<Flag>(flags(), { key: uniqueKey('keyed') }), 201);
        const ruleKey = uniqueKey('shared_rule');
        ok(await api.patch(rulesetOf(a.key), { rules: [abRule(ruleKey)] }));
        const clash = await api.patch(rulesetOf(b.key), { rules: [abRule(uniqueKey('fine')), abRule(ruleKey)] });
        expectError(clash, 409, 'rules[1].key', ruleKey);
        expect(ok(await api.get<Ruleset>(rulesetOf(b.key))).rules).toEqual([]);
        // The same key in another environment is fine.
        ok(await api.patch(rulesetOf(b.key, 'development'), { rules: [abRule(ruleKey)] }));
      });

      it('accepts an audience from another project only as unknown', async () => {
        const other = await buildProject(api);
        const foreign = await buildAudience(api, other.id);
        const flag = ok(await api.post<Flag>(flags(), { key: uniqueKey('foreign') }), 201);
        const res = await api.patch(rulesetOf(flag.key), { rules: [abRule('ab', { audience_conditions: JSON.stringify([foreign.id]) })] });
        expectError(res, 400, 'rules[0].audience_conditions', String(foreign.id));
      });

      it('enables and disables a ruleset; an a/b test rule becomes a running experiment', async () => {
        const flag = ok(await api.post<Flag>(flags(), { key: uniqueKey('switch') }), 201);
        const withRule = ok(await api.patch<Ruleset>(rulesetOf(flag.key), { rules: [abRule('switch_test')] }));
        const experimentId = withRule.rules[0]?.experiment_id as number;
        const draft = ok(await api.get<Experiment>(`/v2/experiments/${experimentId}`));
        expect(draft).toMatchObject({ status: 'not_started', flag_key: flag.key, environment_key: 'production', key: 'switch_test' });

        const enabled = await api.post<Ruleset>(`${rulesetOf(flag.key)}/enabled`);
        expectContract('optimizely', 'enableRuleset', enabled, 200);
        expect(enabled.body.enabled).toBe(true);
        expect(ok(await api.get<Experiment>(`/v2/experiments/${experimentId}`)).status).toBe('active');
        expect(ok(await api.get<Flag>(`${flags()}/${flag.key}`)).environments.production?.enabled).toBe(true);

        const disabled = await api.post<Ruleset>(`${rulesetOf(flag.key)}/disabled`);
        expectContract('optimizely', 'disableRuleset', disabled, 200);
        expect(disabled.body.enabled).toBe(false);
        expect(ok(await api.get<Experiment>(`/v2/experiments/${experimentId}`)).status).toBe('paused');

        // enabled in the update body does the same.
        const again = ok(await api.patch<Ruleset>(rulesetOf(flag.key), { enabled: true }));
        expect(again.enabled).toBe(true);
        expect(ok(await api.get<Experiment>(`/v2/experiments/${experimentId}`)).status).toBe('active');
        expectError(await api.post(`${flags()}/${uniqueKey('nope')}/environments/production/ruleset/enabled`), 404);
      });

      it('lists every a/b test rule at /v2/experiments, with its flag and environment', async () => {
        const p = await buildProject(api);
        const flag = ok(await api.post<Flag>(flags(p.id), { key: 'exp_flag' }), 201);
        const prod = ok(await api.patch<Ruleset>(`${base}/projects/${p.id}/flags/exp_flag/environments/production/ruleset`, {
          rules: [abRule('prod_test'), { key: 'delivery', type: 'targeted_delivery', variations: [{ variation_key: 'on' }] }],
        }));
        const dev = ok(await api.patch<Ruleset>(`${base}/projects/${p.id}/flags/exp_flag/environments/development/ruleset`, { rules: [abRule('dev_test')] }));
        const list = await api.get<Experiment[]>(`/v2/experiments?project_id=${p.id}`);
        expectContract('optimizely', 'listExperiments', list, 200);
        expect(list.body.map((e) => [e.id, e.key, e.flag_key, e.environment_key, e.status]).sort()).toEqual(
          [
            [Number(prod.rules[0]?.id), 'prod_test', flag.key, 'production', 'not_started'],
            [Number(dev.rules[0]?.id), 'dev_test', flag.key, 'development', 'not_started'],
          ].sort(),
        );
        const one = ok(await api.get<Experiment>(`/v2/experiments/${prod.rules[0]?.id}`));
        expect(one.variations.map((v) => [v.key, v.weight])).toEqual([['off', 5000], ['on', 5000]]);
        // Removing the rule archives its experiment.
        ok(await api.patch(`${base}/projects/${p.id}/flags/exp_flag/environments/production/ruleset`, { rules: [] }));
        expect(ok(await api.get<Experiment>(`/v2/experiments/${prod.rules[0]?.id}`)).status).toBe('archived');
      });
    });
  });

  it('serves the same flag rows under /flags/v1 and /v2', async () => {
    const key = uniqueKey('both');
    const created = ok(await api.post<Flag>(`/v2/projects/${project.id}/flags`, { key }), 201);
    expect(ok(await api.get<Flag>(`/flags/v1/projects/${project.id}/flags/${key}`))).toEqual(created);
  });

  it('reads features as the same rows as flags (same ids)', async () => {
    const p = await buildProject(api);
    const a = ok(await api.post<Flag>(`/flags/v1/projects/${p.id}/flags`, { key: 'feature_a', variables: typedVariables }), 201);
    const b = ok(await api.post<Flag>(`/flags/v1/projects/${p.id}/flags`, { key: 'feature_b' }), 201);
    const features = await api.get<{ id: number; key: string; project_id: number; variables: unknown[] }[]>(`/v2/features?project_id=${p.id}`);
    expectContract('optimizely', 'listFeatures', features, 200);
    expect(features.body.map((f) => [f.id, f.key])).toEqual([[a.id, 'feature_a'], [b.id, 'feature_b']]);
    const one = await api.get<{ id: number; key: string; variables: unknown[] }>(`/v2/features/${a.id}`);
    expectContract('optimizely', 'getFeature', one, 200);
    expect(one.body).toMatchObject({ id: a.id, key: 'feature_a', project_id: p.id });
    expect(one.body.variables).toEqual(a.variables);
    // A renamed flag reads renamed as a feature; a deleted one is gone.
    ok(await api.patch(`/flags/v1/projects/${p.id}/flags/feature_b`, { name: 'Feature B' }));
    expect(ok(await api.get<{ name: string }>(`/v2/features/${b.id}`)).name).toBe('Feature B');
    expect(await api.delete(`/flags/v1/projects/${p.id}/flags/feature_b`)).toMatchObject({ status: 204 });
    expectError(await api.get(`/v2/features/${b.id}`), 404);
    expect(ok(await api.get<{ id: number }[]>(`/v2/features?project_id=${p.id}`)).map((f) => f.id)).toEqual([a.id]);
  });
});
