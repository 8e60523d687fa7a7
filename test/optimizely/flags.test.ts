/**
 * Flags with their typed variables and variations (always with the built-in "off"), under
 * /flags/v1 and the same routes under /v2, and features as a read view of the same rows —
 * validated against the Optimizely contract. Rulesets: flags-rulesets.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';
import { buildProject, expectError, ok, uniqueKey, type Flag, type Project } from '../helpers/factories.js';

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
