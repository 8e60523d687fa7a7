/** Listing: keyset pages that stay right while experiments come and go, filters, cursors, settings. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';
import { projectWithSettings, startable, tokenFor, type ErrorBody, type Experiment, type Page, type Settings } from './helpers.js';

describe.each(databases)('Ours lists on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let settings: Settings;
  let other: Settings;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    settings = await projectWithSettings(api, 'Store');
    other = await projectWithSettings(api, 'Blog');
  });
  afterAll(async () => server.close());

  const create = async (s: Settings, name: string, extra: Record<string, unknown> = {}) => {
    const res = await api.post<Experiment>('/rest/v1/experiments', startable(s.id, name, extra));
    expect(res.status, res.text).toBe(201);
    return res.body;
  };

  it('pages with an opaque cursor without duplicates or gaps while experiments are created and deleted', async () => {
    const made: Experiment[] = [];
    for (let i = 0; i < 7; i++) made.push(await create(i % 2 ? other : settings, `Paged ${i}`));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    const deleted = new Set<string>();
    const added: string[] = [];
    for (;;) {
      const res = await api.get<Page<Experiment>>(`/rest/v1/experiments?limit=2&search=paged${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expectContract('ours', 'listExperiments', res, 200);
      seen.push(...res.body.entities.map((e) => e.id));
      pages++;
      if (pages === 1) {
        // Between pages: delete one already seen and one not yet seen, add a new one.
        const gone = [made[0], made[5]] as Experiment[];
        for (const e of gone) {
          expect((await api.delete(`/rest/v1/experiments/${e.id}`)).status).toBe(200);
          deleted.add(e.id);
        }
        added.push((await create(settings, 'Paged late')).id);
      }
      if (!res.body.pagination.hasMore) {
        expect(res.body.pagination.nextCursor).toBeUndefined();
        break;
      }
      cursor = res.body.pagination.nextCursor;
      expect(cursor).toBeTypeOf('string');
    }
    expect(new Set(seen).size).toBe(seen.length);
    const expected = [...made.map((e) => e.id).filter((id) => !deleted.has(id) || id === made[0]?.id), ...added];
    expect(seen).toEqual(expected);
    expect(pages).toBe(4);
  });

  it('clamps limit to 1..100 and rejects malformed or tampered cursors with 400', async () => {
    const one = await api.get<Page<Experiment>>('/rest/v1/experiments?limit=0');
    expectContract('ours', 'listExperiments', one, 200);
    expect(one.body.entities).toHaveLength(1);
    const many = await api.get<Page<Experiment>>('/rest/v1/experiments?limit=1000');
    expectContract('ours', 'listExperiments', many, 200);
    const defaults = await api.get<Page<Experiment>>('/rest/v1/experiments');
    expect(defaults.body.entities.length).toBeLessThanOrEqual(25);
    const cursor = one.body.pagination.nextCursor as string;
    const [payload, signature] = cursor.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ v: 1, l: 'experiments', a: 'exp_00000000000000000000000000' })).toString('base64url');
    for (const bad of ['garbage', `${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`, `${payload}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`, `${forged}.${signature}`, `${payload}x.${signature}`, '']) {
      if (bad === '') continue;
      const res = await api.get<ErrorBody>(`/rest/v1/experiments?cursor=${encodeURIComponent(bad)}`);
      expectContract('ours', 'listExperiments', res, 400);
      expect(res.body.details).toContain('cursor');
    }
    const settingsCursor = await api.get<ErrorBody>(`/rest/v1/experiment-settings?cursor=${encodeURIComponent(cursor)}`);
    expect(settingsCursor.status).toBe(400);
  });

  it('filters by status, type and case-insensitive search over id, name and description', async () => {
    const mv = await create(settings, 'Checkout Flow', {
      description: 'Tests the SHIPPING step',
      variants: [{ name: 'A', isControl: true, weight: 34 }, { name: 'B', isControl: false, weight: 33 }, { name: 'C', isControl: false, weight: 33 }],
    });
    expect(mv.type).toBe('multivariate');
    await api.post(`/rest/v1/experiments/${mv.id}/start`, {});
    const running = await api.get<Page<Experiment>>('/rest/v1/experiments?status=running&limit=100');
    expectContract('ours', 'listExperiments', running, 200);
    expect(running.body.entities.map((e) => e.id)).toEqual([mv.id]);
    const byType = await api.get<Page<Experiment>>('/rest/v1/experiments?type=multivariate');
    expect(byType.body.entities.map((e) => e.id)).toEqual([mv.id]);
    for (const q of ['shipping', 'CHECKOUT', mv.id.toLowerCase().slice(4, 20)]) {
      const res = await api.get<Page<Experiment>>(`/rest/v1/experiments?search=${encodeURIComponent(q)}`);
      expect(res.body.entities.map((e) => e.id), q).toEqual([mv.id]);
    }
    const literal = await api.get<Page<Experiment>>('/rest/v1/experiments?search=%25');
    expect(literal.body.entities).toEqual([]);
    const badStatus = await api.get<ErrorBody>('/rest/v1/experiments?status=archived');
    expectContract('ours', 'listExperiments', badStatus, 400);
  });

  it('lists only the projects a token can read', async () => {
    const viewer = client(server.url, await tokenFor(server, 'blog-viewer@example.com', 'viewer', other.projectId));
    const res = await viewer.get<Page<Experiment>>('/rest/v1/experiments?limit=100');
    expectContract('ours', 'listExperiments', res, 200);
    const all = await api.get<Page<Experiment>>('/rest/v1/experiments?limit=100');
    expect(res.body.entities.length).toBeGreaterThan(0);
    expect(res.body.entities.length).toBeLessThan(all.body.entities.length);
    const settingsList = await viewer.get<Page<Settings>>('/rest/v1/experiment-settings');
    expect(settingsList.body.entities.map((s) => s.id)).toEqual([other.id]);
  });

  it('creates, lists, gets and updates experiment settings', async () => {
    const list = await api.get<Page<Settings>>('/rest/v1/experiment-settings?limit=1');
    expect(list.status).toBe(200);
    expect(list.body.entities).toHaveLength(1);
    expect(list.body.pagination.hasMore).toBe(true);
    const next = await api.get<Page<Settings>>(`/rest/v1/experiment-settings?limit=1&cursor=${encodeURIComponent(list.body.pagination.nextCursor as string)}`);
    expect(next.body.entities.map((s) => s.id)).toEqual([other.id]);
    const got = await api.get<Settings>(`/rest/v1/experiment-settings/${settings.id}`);
    expect(got.body).toMatchObject({ id: settings.id, environmentKey: 'production', cookieName: 'ft_vid', antiFlickerTimeoutMs: 2000 });
    expect(got.body.snippetUrl).toBe(`${server.url}/web/${got.body.sdkKey}.js`);
    const updated = await api.patch<Settings>(`/rest/v1/experiment-settings/${settings.id}`, { antiFlickerTimeoutMs: 1500, cookieName: 'site_vid', version: got.body.version });
    expect(updated.body).toMatchObject({ antiFlickerTimeoutMs: 1500, cookieName: 'site_vid', version: got.body.version + 1 });
    const badCookie = await api.patch<ErrorBody>(`/rest/v1/experiment-settings/${settings.id}`, { cookieName: 'a b;' });
    expect(badCookie.status).toBe(400);
    const moveEnv = await api.patch<ErrorBody>(`/rest/v1/experiment-settings/${settings.id}`, { environmentKey: 'development' });
    expect(moveEnv.status).toBe(400);
    const dev = await api.post<Settings>('/rest/v1/experiment-settings', { projectId: settings.projectId, environmentKey: 'development' });
    expect(dev.status).toBe(201);
    expect(dev.body.environmentKey).toBe('development');
    const noEnv = await api.post<ErrorBody>('/rest/v1/experiment-settings', { projectId: settings.projectId, environmentKey: 'nope' });
    expect(noEnv.status).toBe(400);
  });
});
