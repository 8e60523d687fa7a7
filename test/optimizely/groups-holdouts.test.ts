/** /v2/groups and /v2/holdouts over HTTP: CRUD, pagination, the rules, versions and roles. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';

interface Group { id: number; name: string; policy: string; entities: { id: number; kind: string; weight: number }[]; traffic_allocation: number; archived: boolean; version: number }
interface Holdout { id: number; key: string; environment_key: string; status: string; scope: string; percentage_included: number; experiment_ids: number[]; variation: { id: number; key: string }; audience_conditions: string; version: number }
interface ErrorBody { code: string; message: string; uuid: string }

describe.each(databases)('Optimizely groups and holdouts on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let projectId: number;
  const experiments: number[] = [];

  /** A token of a new user with `role` in the project. */
  async function tokenFor(role: string): Promise<string> {
    const user = await api.post<{ id: number }>('/v2/users', { email: `${role}-${Math.random().toString(36).slice(2)}@example.com`, project_roles: [{ project_id: projectId, role }] });
    expect(user.status).toBe(201);
    const token = await api.post<{ token: string }>('/v2/tokens', { name: role, user_id: user.body.id });
    expect(token.status).toBe(201);
    return token.body.token;
  }

  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    projectId = (await api.post<{ id: number }>('/v2/projects', { name: 'Groups' })).body.id;
    for (const key of ['exp_a', 'exp_b', 'exp_c', 'exp_d']) {
      const res = await api.post<{ id: number }>('/v2/experiments', { project_id: projectId, name: key, key });
      expect(res.status).toBe(201);
      experiments.push(res.body.id);
    }
  });
  afterAll(async () => server?.close());

  it('creates, reads, lists with pagination, updates and deletes a group', async () => {
    const [a, b] = experiments as [number, number];
    const created = await api.post<Group>('/v2/groups', { project_id: projectId, name: 'Checkout', entities: [{ id: a, kind: 'experiment', weight: 3000 }, { id: b, weight: 5000 }] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Checkout', policy: 'random', traffic_allocation: 8000, archived: false, version: 1 });
    expect(created.body.entities).toEqual([{ id: a, kind: 'experiment', weight: 3000 }, { id: b, kind: 'experiment', weight: 5000 }]);
    const got = await api.get<Group>(`/v2/groups/${created.body.id}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"1"');
    const second = await api.post<Group>('/v2/groups', { project_id: projectId, name: 'Empty' });
    const page1 = await api.get<Group[]>(`/v2/groups?project_id=${projectId}&per_page=1`);
    expect(page1.body.map((g) => g.id)).toEqual([created.body.id]);
    expect(page1.headers.get('link')).toContain('rel="next"');
    const all = await api.get<Group[]>(`/v2/groups?project_id=${projectId}`);
    expect(all.body.map((g) => g.id)).toEqual([created.body.id, second.body.id]);
    expect(all.headers.get('link')).toBeNull();
    const updated = await api.patch<Group>(`/v2/groups/${created.body.id}`, { name: 'Checkout v2', entities: [{ id: b, weight: 5000 }], version: 1 });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Checkout v2', version: 2, traffic_allocation: 5000 });
    const stale = await api.patch<ErrorBody>(`/v2/groups/${created.body.id}`, { name: 'lost', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_mismatch');
    expect((await api.delete(`/v2/groups/${second.body.id}`)).status).toBe(204);
    expect((await api.get(`/v2/groups/${second.body.id}`)).status).toBe(404);
  });

  it('keeps shares within 10000, an experiment in one group, and running experiments where they are', async () => {
    const [, , c, d] = experiments as [number, number, number, number];
    const over = await api.post<ErrorBody>('/v2/groups', { project_id: projectId, name: 'Over', entities: [{ id: c, weight: 6000 }, { id: d, weight: 5000 }] });
    expect(over.status).toBe(400);
    expect(over.body.message).toContain('11000');
    const taken = await api.post<ErrorBody>('/v2/groups', { project_id: projectId, name: 'Taken', entities: [{ id: experiments[1], weight: 1000 }] });
    expect(taken.status).toBe(400);
    expect(taken.body.message).toContain('already in group');
    const unknown = await api.post<ErrorBody>('/v2/groups', { project_id: projectId, name: 'Unknown', entities: [{ id: 999999, weight: 1000 }] });
    expect(unknown.status).toBe(400);
    expect((await api.patch(`/v2/experiments/${c}`, { status: 'active' })).status).toBe(200);
    const running = await api.post<ErrorBody>('/v2/groups', { project_id: projectId, name: 'Running', entities: [{ id: c, weight: 1000 }] });
    expect(running.status).toBe(400);
    expect(running.body.message).toContain('pause it');
    expect((await api.patch(`/v2/experiments/${c}`, { status: 'paused' })).status).toBe(200);
    expect((await api.post('/v2/groups', { project_id: projectId, name: 'Paused is fine', entities: [{ id: c, weight: 1000 }] })).status).toBe(201);
  });

  it('refuses changes that would move a running experiment\'s slice of the group', async () => {
    const make = async (key: string) => (await api.post<{ id: number }>('/v2/experiments', { project_id: projectId, name: key, key })).body.id;
    const [e, f] = [await make('exp_e'), await make('exp_f')];
    const group = await api.post<Group>('/v2/groups', { project_id: projectId, name: 'Slices', entities: [{ id: e, weight: 1000 }, { id: f, weight: 1000 }] });
    expect(group.status).toBe(201);
    expect((await api.patch(`/v2/experiments/${f}`, { status: 'active' })).status).toBe(200);
    // e is paused-free to change, but growing it would shift f's buckets.
    const shift = await api.patch<ErrorBody>(`/v2/groups/${group.body.id}`, { entities: [{ id: e, weight: 2000 }, { id: f, weight: 1000 }] });
    expect(shift.status).toBe(400);
    expect(shift.body.message).toContain(`experiment ${f} is running`);
    // Adding one after it leaves f where it is.
    const g = await make('exp_g');
    expect((await api.patch(`/v2/groups/${group.body.id}`, { entities: [{ id: e, weight: 1000 }, { id: f, weight: 1000 }, { id: g, weight: 500 }] })).status).toBe(200);
    expect((await api.delete(`/v2/groups/${group.body.id}`)).status).toBe(400);
  });

  it('creates environment and experiment holdouts, and keeps experiments to holdouts of their own environment', async () => {
    const env = await api.post<Holdout>('/v2/holdouts', { project_id: projectId, key: 'global', percentage_included: 500, status: 'running' });
    expect(env.status).toBe(201);
    expect(env.body).toMatchObject({ key: 'global', environment_key: 'production', status: 'running', scope: 'environment', percentage_included: 500, experiment_ids: [], audience_conditions: '', version: 1 });
    expect(env.body.variation.key).toBe('off');
    const d = experiments[3] as number;
    const scoped = await api.post<Holdout>('/v2/holdouts', { project_id: projectId, key: 'checkout_holdout', scope: 'experiments', experiment_ids: [d], percentage_included: 1000 });
    expect(scoped.status).toBe(201);
    expect(scoped.body).toMatchObject({ scope: 'experiments', status: 'paused', experiment_ids: [d] });
    expect((await api.get<{ holdout_id: number }>(`/v2/experiments/${d}`)).body.holdout_id).toBe(scoped.body.id);
    const envWide = await api.patch<ErrorBody>(`/v2/experiments/${experiments[0]}`, { holdout_id: env.body.id });
    expect(envWide.status).toBe(400);
    expect(envWide.body.message).toContain('scope');
    expect((await api.post('/v2/holdouts', { project_id: projectId, key: 'global' })).status).toBe(409);
    const dev = await api.post<Holdout>('/v2/holdouts', { project_id: projectId, key: 'dev_holdout', environment_key: 'development', scope: 'experiments', experiment_ids: [d] });
    expect(dev.status).toBe(400);
    const list = await api.get<Holdout[]>(`/v2/holdouts?project_id=${projectId}`);
    expect(list.body.map((h) => h.key)).toEqual(['global', 'checkout_holdout']);
    // Once the experiment starts, its holdout is fixed.
    expect((await api.patch(`/v2/experiments/${d}`, { status: 'active' })).status).toBe(200);
    const moved = await api.patch<ErrorBody>(`/v2/holdouts/${scoped.body.id}`, { experiment_ids: [] });
    expect(moved.status).toBe(400);
    expect(moved.body.message).toContain('has started');
    const paused = await api.patch<Holdout>(`/v2/holdouts/${env.body.id}`, { status: 'paused', percentage_included: 200, version: 1 });
    expect(paused.body).toMatchObject({ status: 'paused', percentage_included: 200, version: 2 });
    expect((await api.patch(`/v2/holdouts/${env.body.id}`, { status: 'running', version: 1 })).status).toBe(409);
    expect((await api.delete(`/v2/holdouts/${env.body.id}`)).status).toBe(204);
    expect((await api.get(`/v2/holdouts/${env.body.id}`)).status).toBe(404);
  });

  it('checks roles: viewers read, editors write but may not run a holdout', async () => {
    const viewer = await tokenFor('viewer');
    const editor = await tokenFor('editor');
    expect((await api.get(`/v2/groups?project_id=${projectId}`, viewer)).status).toBe(200);
    expect((await api.post('/v2/groups', { project_id: projectId, name: 'By viewer' }, viewer)).status).toBe(403);
    expect((await api.post('/v2/groups', { project_id: projectId, name: 'By editor' }, editor)).status).toBe(201);
    expect((await api.post('/v2/holdouts', { project_id: projectId, key: 'by_editor', percentage_included: 100 }, editor)).status).toBe(201);
    const started = await api.post<ErrorBody>('/v2/holdouts', { project_id: projectId, key: 'run_by_editor', percentage_included: 100, status: 'running' }, editor);
    expect(started.status).toBe(403);
    expect((await api.get('/v2/holdouts/1', null)).status).toBe(401);
  });
});
