/**
 * Optimistic concurrency, the last of the Optimizely conventions (conventions.test.ts has the
 * rest): every mutable resource answers a stale If-Match header or body `version` with 409 and
 * keeps the write that got there first — also when that write came through another resource
 * (an experiment and the ruleset rule that delivers it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import {
  abRule,
  buildAttribute,
  buildAudience,
  buildEvent,
  buildExperiment,
  buildFlag,
  buildProject,
  expectError,
  ok,
  uniqueKey,
  type Audience,
  type Experiment,
  type Project,
  type Ruleset,
} from '../helpers/factories.js';

describe.each(databases)('Optimizely optimistic concurrency on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let project: Project;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    project = await buildProject(api);
  });
  afterAll(async () => server.close());

  describe('optimistic concurrency', () => {
    interface Target { path: string; field: string; first: unknown; second: unknown }
    const targets: [string, () => Promise<Target>][] = [
      ['project', async () => ({ path: `/v2/projects/${(await buildProject(api)).id}`, field: 'name', first: 'A', second: 'B' })],
      ['environment', async () => {
        const env = ok(await api.post<{ id: number }>('/v2/environments', { project_id: project.id, key: uniqueKey('env') }), 201);
        return { path: `/v2/environments/${env.id}`, field: 'name', first: 'A', second: 'B' };
      }],
      ['flag', async () => ({ path: `/flags/v1/projects/${project.id}/flags/${(await buildFlag(api, project.id)).key}`, field: 'name', first: 'A', second: 'B' })],
      ['flag under /v2', async () => ({ path: `/v2/projects/${project.id}/flags/${(await buildFlag(api, project.id)).key}`, field: 'description', first: 'A', second: 'B' })],
      ['ruleset', async () => ({ path: `/flags/v1/projects/${project.id}/flags/${(await buildFlag(api, project.id)).key}/environments/production/ruleset`, field: 'default_variation_key', first: 'on', second: 'off' })],
      ['experiment', async () => ({ path: `/v2/experiments/${(await buildExperiment(api, project.id)).id}`, field: 'name', first: 'A', second: 'B' })],
      ['audience', async () => ({ path: `/v2/audiences/${(await buildAudience(api, project.id)).id}`, field: 'name', first: 'A', second: 'B' })],
      ['attribute', async () => ({ path: `/v2/attributes/${(await buildAttribute(api, project.id)).id}`, field: 'name', first: 'A', second: 'B' })],
      ['event', async () => ({ path: `/v2/events/${(await buildEvent(api, project.id)).id}`, field: 'name', first: 'A', second: 'B' })],
    ];

    it.each(targets)('%s: a stale If-Match is a 409 and the other write stays', async (_name, make) => {
      const t = await make();
      const read = await api.get<{ version: number }>(t.path);
      const etag = read.headers.get('etag') as string;
      expect(etag).toBe(`"${read.body.version}"`);
      const first = await api.request<Record<string, unknown>>('PATCH', t.path, { body: { [t.field]: t.first }, headers: { 'if-match': etag } });
      expect(first.status, first.text).toBe(200);
      expect(first.body.version).toBe(read.body.version + 1);
      expect(first.headers.get('etag')).toBe(`"${read.body.version + 1}"`);
      const stale = await api.request('PATCH', t.path, { body: { [t.field]: t.second }, headers: { 'if-match': etag } });
      expect(expectError(stale, 409, 'version').code).toBe('version_mismatch');
      const weak = await api.request('PATCH', t.path, { body: { [t.field]: t.second }, headers: { 'if-match': `W/${etag}` } });
      expectError(weak, 409);
      const after = ok(await api.get<Record<string, unknown>>(t.path));
      expect(after[t.field]).toBe(t.first);
      expect(after.version).toBe(read.body.version + 1);
      // The current version (or none, or *) writes.
      const current = await api.request<Record<string, unknown>>('PATCH', t.path, { body: { [t.field]: t.second }, headers: { 'if-match': first.headers.get('etag') as string } });
      expect(current.status, current.text).toBe(200);
      expect(current.body[t.field]).toBe(t.second);
      expect((await api.request('PATCH', t.path, { body: { [t.field]: t.first }, headers: { 'if-match': '*' } })).status).toBe(200);
    });

    it.each(targets)('%s: a stale body version is a 409 and the other write stays', async (_name, make) => {
      const t = await make();
      const { version } = ok(await api.get<{ version: number }>(t.path));
      ok(await api.patch(t.path, { [t.field]: t.first, version }));
      expectError(await api.patch(t.path, { [t.field]: t.second, version }), 409, 'version');
      expect(ok(await api.get<Record<string, unknown>>(t.path))[t.field]).toBe(t.first);
    });

    it('guards ruleset enable and disable with If-Match: a stale version is a 409 and switches nothing', async () => {
      const flag = await buildFlag(api, project.id);
      const path = `/flags/v1/projects/${project.id}/flags/${flag.key}/environments/production/ruleset`;
      const read = await api.get<Ruleset>(path);
      const etag = read.headers.get('etag') as string;
      expect(etag).toBe(`"${read.body.version}"`);
      const enabled = await api.request<Ruleset>('POST', `${path}/enabled`, { headers: { 'if-match': etag } });
      expect(enabled.status, enabled.text).toBe(200);
      expect(enabled.body).toMatchObject({ enabled: true, version: read.body.version + 1 });
      expect(enabled.headers.get('etag')).toBe(`"${read.body.version + 1}"`);
      // A client that read before the enable may not disable on that stale read.
      const stale = await api.request('POST', `${path}/disabled`, { headers: { 'if-match': etag } });
      expect(expectError(stale, 409, 'version').code).toBe('version_mismatch');
      expect(ok(await api.get<Ruleset>(path))).toMatchObject({ enabled: true, version: read.body.version + 1 });
      expectError(await api.request('POST', `${path}/enabled`, { headers: { 'if-match': `W/${etag}` } }), 409);
      const disabled = await api.request<Ruleset>('POST', `${path}/disabled`, { headers: { 'if-match': enabled.headers.get('etag') as string } });
      expect(disabled.status, disabled.text).toBe(200);
      expect(disabled.body).toMatchObject({ enabled: false, version: read.body.version + 2 });
      // Without If-Match (or with *), the switch is unconditional, as before.
      expect((await api.request('POST', `${path}/enabled`, { headers: { 'if-match': '*' } })).status).toBe(200);
      expect(ok(await api.post<Ruleset>(`${path}/disabled`)).enabled).toBe(false);
    });

    it('guards deletes with If-Match too', async () => {
      const flag = await buildFlag(api, project.id);
      const path = `/flags/v1/projects/${project.id}/flags/${flag.key}`;
      ok(await api.patch(path, { name: 'moved on' }));
      expectError(await api.request('DELETE', path, { headers: { 'if-match': '"1"' } }), 409);
      ok(await api.get(path));
      expect((await api.request('DELETE', path, { headers: { 'if-match': '"2"' } })).status).toBe(204);
      const experiment = await buildExperiment(api, project.id);
      ok(await api.patch(`/v2/experiments/${experiment.id}`, { name: 'moved on' }));
      expectError(await api.request('DELETE', `/v2/experiments/${experiment.id}`, { headers: { 'if-match': `"${experiment.version}"` } }), 409);
      ok(await api.get(`/v2/experiments/${experiment.id}`));
    });

    it("moves a ruleset's version when an experiment changes its rules, so a stale ruleset write cannot drop them", async () => {
      const flag = await buildFlag(api, project.id);
      const path = `/flags/v1/projects/${project.id}/flags/${flag.key}/environments/production/ruleset`;
      const read = ok(await api.get<Ruleset>(path));
      const experiment = await buildExperiment(api, project.id, { flag_key: flag.key, variations: [{ key: 'off', weight: 5000 }, { key: 'on', weight: 5000 }] });
      const withExperiment = ok(await api.get<Ruleset>(path));
      expect(withExperiment.version).toBeGreaterThan(read.version);
      expectError(await api.patch(path, { rules: [], version: read.version }), 409);
      expect(ok(await api.get<Ruleset>(path)).rules.map((r) => r.experiment_id)).toEqual([experiment.id]);
      const steps: Record<string, unknown>[] = [{ percentage_included: 4000 }, { status: 'active' }];
      let version = withExperiment.version;
      for (const step of steps) {
        ok(await api.patch(`/v2/experiments/${experiment.id}`, step));
        const now = ok(await api.get<Ruleset>(path)).version;
        expect(now, JSON.stringify(step)).toBeGreaterThan(version);
        version = now;
      }
      expect((await api.delete(`/v2/experiments/${experiment.id}`)).status).toBe(204);
      expect(ok(await api.get<Ruleset>(path)).version).toBeGreaterThan(version);
    });

    it("moves an experiment's version when its ruleset changes it, so a stale experiment write cannot undo that", async () => {
      const flag = await buildFlag(api, project.id);
      const path = `/flags/v1/projects/${project.id}/flags/${flag.key}/environments/production/ruleset`;
      const ruleKey = uniqueKey('rule');
      const rule = ok(await api.patch<Ruleset>(path, { rules: [abRule(ruleKey)] })).rules[0];
      const id = rule?.experiment_id as number;
      const before = ok(await api.get<Experiment>(`/v2/experiments/${id}`));
      ok(await api.patch(path, { rules: [abRule(ruleKey, { variations: [{ variation_key: 'off', weight: 1000 }, { variation_key: 'on', weight: 9000 }] })] }));
      const reweighted = ok(await api.get<Experiment>(`/v2/experiments/${id}`));
      expect(reweighted.variations.map((v) => v.weight)).toEqual([1000, 9000]);
      expect(reweighted.version).toBeGreaterThan(before.version);
      expectError(await api.patch(`/v2/experiments/${id}`, { variations: [{ key: 'off', weight: 5000 }, { key: 'on', weight: 5000 }], version: before.version }), 409);
      ok(await api.post(`${path}/enabled`));
      const started = ok(await api.get<Experiment>(`/v2/experiments/${id}`));
      expect(started.status).toBe('active');
      expect(started.version).toBeGreaterThan(reweighted.version);
      ok(await api.post(`${path}/disabled`));
      expect(ok(await api.get<Experiment>(`/v2/experiments/${id}`)).version).toBeGreaterThan(started.version);
    });

    it('lets exactly one of two concurrent writes with the same version win', async () => {
      const audience = await buildAudience(api, project.id);
      const results = await Promise.all(['X', 'Y', 'Z'].map((name) => api.patch<Audience>(`/v2/audiences/${audience.id}`, { name, version: audience.version })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      const winner = results.find((r) => r.status === 200)?.body.name;
      expect(ok(await api.get<Audience>(`/v2/audiences/${audience.id}`))).toMatchObject({ name: winner, version: audience.version + 1 });
    });
  });
});
