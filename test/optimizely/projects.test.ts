/** Projects and environments over HTTP, validated against the Optimizely contract. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';

interface Project { id: number; name: string; status: string; version: number }
interface Environment { id: number; key: string; is_primary: boolean; sdk_key: string; datafile_url: string; version: number; datafile_access_token?: string }

describe.each(databases)('Optimizely projects and environments on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
  });
  afterAll(async () => server.close());

  it('creates a project with production (primary) and development environments', async () => {
    const created = await api.post<Project>('/v2/projects', { name: 'Checkout' });
    expectContract('optimizely', 'createProject', created, 201);
    expect(created.body).toMatchObject({ name: 'Checkout', status: 'active', platform: 'custom' });
    const envs = await api.get<Environment[]>(`/v2/environments?project_id=${created.body.id}`);
    expectContract('optimizely', 'listEnvironments', envs, 200);
    expect(envs.body.map((e) => [e.key, e.is_primary])).toEqual([['production', true], ['development', false]]);
    expect(envs.body[0]?.sdk_key).not.toBe(envs.body[1]?.sdk_key);
    expect(envs.body[0]?.datafile_url).toBe(`${server.url}/datafiles/${envs.body[0]?.sdk_key}.json`);
  });

  it('gets, lists and updates projects', async () => {
    const { body: p } = await api.post<Project>('/v2/projects', { name: 'Search', description: 'ranking tests' });
    const got = await api.get<Project>(`/v2/projects/${p.id}`);
    expectContract('optimizely', 'getProject', got, 200);
    expect(got.headers.get('etag')).toBe('"1"');
    const updated = await api.patch<Project>(`/v2/projects/${p.id}`, { name: 'Search v2', status: 'archived' });
    expectContract('optimizely', 'updateProject', updated, 200);
    expect(updated.body).toMatchObject({ name: 'Search v2', status: 'archived', version: 2 });
    const list = await api.get<Project[]>('/v2/projects');
    expectContract('optimizely', 'listProjects', list, 200);
    expect(list.body.map((x) => x.id)).toContain(p.id);
  });

  it('answers 404 in the error shape for an unknown project', async () => {
    const res = await api.get<{ code: string; message: string; uuid: string }>('/v2/projects/999999');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
    expect(res.body.uuid).toBe(res.headers.get('x-request-id'));
    expect(res.body.message).toContain('999999');
  });

  it('creates and updates environments with unique keys and one primary', async () => {
    const { body: p } = await api.post<Project>('/v2/projects', { name: 'Envs' });
    const staging = await api.post<Environment>('/v2/environments', { project_id: p.id, key: 'staging', name: 'Staging' });
    expectContract('optimizely', 'createEnvironment', staging, 201);
    const dup = await api.post('/v2/environments', { project_id: p.id, key: 'staging' });
    expect(dup.status).toBe(409);
    const primary = await api.patch<Environment>(`/v2/environments/${staging.body.id}`, { is_primary: true });
    expectContract('optimizely', 'updateEnvironment', primary, 200);
    const envs = await api.get<Environment[]>(`/v2/environments?project_id=${p.id}`);
    expect(envs.body.filter((e) => e.is_primary).map((e) => e.key)).toEqual(['staging']);
    const got = await api.get<Environment>(`/v2/environments/${staging.body.id}`);
    expectContract('optimizely', 'getEnvironment', got, 200);
    const unprimary = await api.patch(`/v2/environments/${staging.body.id}`, { is_primary: false });
    expect(unprimary.status).toBe(400);
  });

  it('issues a datafile access token once when secure mode is switched on', async () => {
    const { body: p } = await api.post<Project>('/v2/projects', { name: 'Secure' });
    const { body: envs } = await api.get<Environment[]>(`/v2/environments?project_id=${p.id}`);
    const prod = envs[0] as Environment;
    const secured = await api.patch<Environment>(`/v2/environments/${prod.id}`, { datafile_secure: true });
    expect(secured.body.datafile_access_token).toMatch(/^dat_/);
    const again = await api.get<Environment>(`/v2/environments/${prod.id}`);
    expect(again.body.datafile_access_token).toBeUndefined();
  });
});
