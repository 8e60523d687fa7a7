/**
 * The Optimizely v2 conventions every route follows: `{code, message, uuid}` errors whose uuid is
 * the request id (and in the request's log line), 4xx — never 500, never a partial write — for
 * bad input, and `page`/`per_page` with Link headers. Optimistic concurrency (If-Match or a body
 * `version` on every mutable resource): conventions-concurrency.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client, type Response } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';
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
  type Project,
} from '../helpers/factories.js';

/** `<url>; rel="next", …` → { next: URL, … } */
function links(response: Response): Record<string, URL> {
  const header = response.headers.get('link');
  if (header === null) return {};
  const out: Record<string, URL> = {};
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="(\w+)"/.exec(part.trim());
    if (!match?.[1] || !match[2]) throw new Error(`unparsable Link header: ${header}`);
    out[match[2]] = new URL(match[1]);
  }
  return out;
}

const TABLES = ['users', 'project_members', 'tokens', 'projects', 'environments', 'attributes', 'audiences', 'events', 'flags', 'flag_variables', 'flag_variations', 'rulesets', 'rules', 'experiments'] as const;

describe.each(databases)('Optimizely conventions on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let project: Project;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    project = await buildProject(api);
  });
  afterAll(async () => server.close());

  /** Every row of every table, to prove that failed writes left nothing behind. */
  async function snapshot(): Promise<string> {
    const out: Record<string, unknown[]> = {};
    for (const table of TABLES) out[table] = (await server.store.db.selectFrom(table).selectAll().execute()).map((row) => JSON.stringify(row)).sort();
    return JSON.stringify(out);
  }

  describe('errors', () => {
    it('are {code, message, uuid}, uuid is x-request-id, and the request has one log line', async () => {
      const res = await api.get('/v2/projects/987654');
      const error = expectError(res, 404, '987654');
      expect(error.code).toBe('not_found');
      expect(error.uuid).toMatch(/^[0-9a-f-]{36}$/);
      await vi.waitFor(() => expect(server.logs.forRequest(error.uuid).length).toBeGreaterThan(0));
      const lines = server.logs.forRequest(error.uuid);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ method: 'GET', path: '/v2/projects/987654', status: 404, error: error.message });
      expect(typeof lines[0]?.durationMs).toBe('number');
    });

    it('keep a well-formed request id the client sends, and log successes too', async () => {
      const id = `client-${uniqueKey('req')}`;
      const res = await api.request('GET', '/v2/projects/abc', { headers: { 'x-request-id': id } });
      expect(expectError(res, 400, 'project_id').uuid).toBe(id);
      const okRes = await api.get('/v2/projects');
      const okId = okRes.headers.get('x-request-id') as string;
      expect(okId).toMatch(/^[0-9a-f-]{36}$/);
      await vi.waitFor(() => expect(server.logs.forRequest(okId)).toHaveLength(1));
      expect(server.logs.forRequest(okId)[0]).toMatchObject({ method: 'GET', path: '/v2/projects', status: 200 });
      const junk = await api.request('GET', '/v2/projects', { headers: { 'x-request-id': 'bad id with spaces' } });
      expect(junk.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    const big = JSON.stringify({ name: 'big', description: 'x'.repeat(1024 * 1024 + 10) });
    const badRequests: [string, string, string, { body?: unknown; rawBody?: string; headers?: Record<string, string> }, number, string][] = [
      ['a string where an integer belongs (body)', 'POST', '/v2/environments', { body: { project_id: '1', key: 'qa' } }, 400, 'body.project_id'],
      ['a string where an integer belongs (rule)', 'POST', '/v2/experiments', { body: { project_id: 1, name: 'x', percentage_included: '5000' } }, 400, 'body.percentage_included'],
      ['a number where a string belongs', 'POST', '/v2/projects', { body: { name: 42 } }, 400, 'body.name'],
      ['a boolean as a string', 'POST', '/v2/audiences', { body: { project_id: 1, name: 'x', archived: 'true' } }, 400, 'body.archived'],
      ['an empty required string', 'POST', '/v2/projects', { body: { name: '' } }, 400, 'body.name'],
      ['an array for an object', 'POST', '/v2/projects', { body: [{ name: 'x' }] }, 400, 'body'],
      ['a path id that is not a number', 'GET', '/v2/experiments/abc', {}, 400, 'params.experiment_id'],
      ['a path id below 1', 'GET', '/v2/audiences/0', {}, 400, 'params.audience_id'],
      ['a query id that is not a number', 'GET', '/v2/events?project_id=x', {}, 400, 'querystring.project_id'],
      ['malformed JSON', 'POST', '/v2/projects', { rawBody: '{"name": "x",' }, 400, 'JSON'],
      ['an empty JSON body', 'POST', '/v2/projects', { rawBody: '', headers: { 'content-type': 'application/json' } }, 400, 'body'],
      ['an oversized body', 'POST', '/v2/projects', { rawBody: big }, 413, 'body'],
      ['an unknown /v2 route', 'GET', '/v2/campaigns', {}, 404, '/v2/campaigns'],
      ['an unknown /flags/v1 route', 'GET', '/flags/v1/projects', {}, 404, '/flags/v1/projects'],
      ['an unknown method on a known path', 'DELETE', '/v2/projects/1', {}, 404, 'DELETE'],
      ['an unknown project', 'PATCH', '/v2/projects/987654', { body: { name: 'x' } }, 404, '987654'],
      ['an unknown environment', 'PATCH', '/v2/environments/987654', { body: { name: 'x' } }, 404, '987654'],
      ['an unknown experiment', 'DELETE', '/v2/experiments/987654', {}, 404, '987654'],
      ['an unknown feature', 'GET', '/v2/features/987654', {}, 404, '987654'],
      ['an unknown attribute', 'PATCH', '/v2/attributes/987654', { body: { name: 'x' } }, 404, '987654'],
      ['an unknown event', 'PATCH', '/v2/events/987654', { body: { name: 'x' } }, 404, '987654'],
      ['an unknown token', 'DELETE', '/v2/tokens/987654', {}, 404, '987654'],
      ['an unknown user', 'GET', '/v2/users/987654', {}, 404, '987654'],
      ['an unknown flag', 'GET', '/flags/v1/projects/1/flags/nope', {}, 404, 'nope'],
    ];

    it.each(badRequests)('answer %s with a 4xx in the error shape', async (_label, method, path, options, status, mention) => {
      const res = await api.request(method, path.replace('project_id=1', `project_id=${project.id}`), options);
      expectError(res, status, mention);
    });

    it('answer an unknown route with 404 even without a token', async () => {
      expectError(await api.get('/v2/campaigns', null), 404);
      expect((await api.get('/nothing-here', null)).status).toBe(404);
    });

    it('never leave a partial write behind', async () => {
      const p = await buildProject(api);
      const event = await buildEvent(api, p.id);
      const flag = await buildFlag(api, p.id, { variables: [{ key: 'n', type: 'integer', default_value: '1' }] });
      const rulesetPath = `/flags/v1/projects/${p.id}/flags/${flag.key}/environments/production/ruleset`;
      ok(await api.patch(rulesetPath, { rules: [abRule(uniqueKey('kept'))] }));
      const experiment = await buildExperiment(api, p.id, { metrics: [{ event_id: event.id }] });
      const audience = await buildAudience(api, p.id);
      const [production] = ok(await api.get<{ id: number }[]>(`/v2/environments?project_id=${p.id}`));
      const single = await buildFlag(api, p.id);
      ok(await api.patch(`/flags/v1/projects/${p.id}/flags/${single.key}/environments/production/ruleset`, {
        rules: [abRule(uniqueKey('lonely'), { variations: [{ variation_key: 'on', weight: 10000 }] })],
      }));
      const before = await snapshot();

      const failures: [string, Promise<Response>][] = [
        ['flag with a bad variation value', api.post(`/flags/v1/projects/${p.id}/flags`, { key: 'half', variables: [{ key: 'n', type: 'integer', default_value: '1' }], variations: [{ key: 'a', variables: { n: '2' } }, { key: 'b', variables: { n: 'x' } }] })],
        ['flag with duplicate variations', api.post(`/flags/v1/projects/${p.id}/flags`, { key: 'dupvar', variations: [{ key: 'a' }, { key: 'a' }] })],
        ['flag update with a bad default', api.patch(`/flags/v1/projects/${p.id}/flags/${flag.key}`, { name: 'renamed', variables: [{ key: 'n', type: 'integer', default_value: '1' }, { key: 'm', type: 'double', default_value: 'NaNa' }] })],
        ['ruleset whose second rule is bad', api.patch(rulesetPath, { default_variation_key: 'on', rules: [abRule(uniqueKey('new')), abRule(uniqueKey('bad'), { audience_conditions: '[987654]' })] })],
        ['enabling a ruleset whose experiment cannot start', api.post(`/flags/v1/projects/${p.id}/flags/${single.key}/environments/production/ruleset/enabled`)],
        ['experiment with an unknown metric event', api.post('/v2/experiments', { project_id: p.id, name: 'Leaves a flag?', key: 'leaves_flag', metrics: [{ event_id: 987654 }] })],
        ['experiment rename with an illegal status', api.patch(`/v2/experiments/${experiment.id}`, { name: 'renamed', status: 'paused' })],
        ['experiment rename with an unknown metric', api.patch(`/v2/experiments/${experiment.id}`, { name: 'renamed', metrics: [{ event_id: 987654 }] })],
        ['audience with bad conditions', api.post('/v2/audiences', { project_id: p.id, name: 'bad', conditions: '["and", {"type": "custom_attribute", "name": "a", "match": "nope"}]' })],
        ['audience update with a stale version', api.patch(`/v2/audiences/${audience.id}`, { name: 'renamed', version: audience.version + 5 })],
        ['environment with a taken key', api.post('/v2/environments', { project_id: p.id, key: 'production' })],
        ['un-primary the primary environment', api.patch(`/v2/environments/${production?.id}`, { name: 'renamed', is_primary: false })],
        ['project with bad settings', api.patch(`/v2/projects/${p.id}`, { name: 'renamed', settings: { confidence_threshold: 2 } })],
        ['user whose second role names no project', api.post('/v2/users', { email: 'half@example.com', project_roles: [{ project_id: p.id, role: 'editor' }, { project_id: 987654, role: 'viewer' }] })],
        ['token with an unknown scope', api.post('/v2/tokens', { name: 'x', scopes: ['flag:read', 'root'] })],
      ];
      for (const [label, pending] of failures) {
        const res = await pending;
        expect(res.status, `${label}: ${res.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
        expect(res.status, label).toBeLessThan(500);
      }
      expect(await snapshot()).toBe(before);
    });
  });

  describe('pagination', () => {
    let p: Project;
    let all: Audience[];
    beforeAll(async () => {
      p = await buildProject(api);
      all = [];
      for (let i = 0; i < 30; i++) all.push(await buildAudience(api, p.id, { name: `Audience ${String(i).padStart(2, '0')}` }));
    });
    const page = (query: string) => api.get<Audience[]>(`/v2/audiences?project_id=${p.id}${query}`);

    it('gives 25 items by default with next and last links', async () => {
      const first = await page('');
      expectContract('optimizely', 'listAudiences', first, 200);
      expect(first.body.map((a) => a.id)).toEqual(all.slice(0, 25).map((a) => a.id));
      const l = links(first);
      expect(Object.keys(l).sort()).toEqual(['last', 'next']);
      expect(l.next?.searchParams.get('page')).toBe('2');
      expect(l.last?.searchParams.get('page')).toBe('2');
      expect(l.next?.searchParams.get('per_page')).toBe('25');
      expect(l.next?.searchParams.get('project_id')).toBe(String(p.id));
      expect(l.next?.origin).toBe(server.url);
      // Following next gives the rest, with prev and last.
      const second = await api.get<Audience[]>(`${l.next?.pathname}${l.next?.search}`);
      expectContract('optimizely', 'listAudiences', second, 200);
      expect(second.body.map((a) => a.id)).toEqual(all.slice(25).map((a) => a.id));
      const l2 = links(second);
      expect(Object.keys(l2).sort()).toEqual(['last', 'prev']);
      expect(l2.prev?.searchParams.get('page')).toBe('1');
    });

    it('walks pages of per_page with next, prev and last', async () => {
      const seen: number[] = [];
      let next: string | null = `/v2/audiences?project_id=${p.id}&per_page=7`;
      let pages = 0;
      while (next !== null) {
        const res: Response<Audience[]> = await api.get<Audience[]>(next);
        expectContract('optimizely', 'listAudiences', res, 200);
        pages += 1;
        seen.push(...res.body.map((a) => a.id));
        const l = links(res);
        expect(l.last?.searchParams.get('page')).toBe('5');
        expect(Boolean(l.prev)).toBe(pages > 1);
        next = l.next ? `${l.next.pathname}${l.next.search}` : null;
      }
      expect(pages).toBe(5);
      expect(seen).toEqual(all.map((a) => a.id));
      const middle = links(await page('&per_page=10&page=2'));
      expect(Object.keys(middle).sort()).toEqual(['last', 'next', 'prev']);
      expect([middle.prev, middle.next, middle.last].map((u) => u?.searchParams.get('page'))).toEqual(['1', '3', '3']);
    });

    it('sends no Link header when everything fits on page 1', async () => {
      const everything = await page('&per_page=100');
      expect(everything.body).toHaveLength(30);
      expect(everything.headers.get('link')).toBeNull();
      const exact = await page('&per_page=30');
      expect(exact.body).toHaveLength(30);
      expect(exact.headers.get('link')).toBeNull();
      const small = await buildProject(api);
      await buildAudience(api, small.id);
      expect((await api.get(`/v2/audiences?project_id=${small.id}`)).headers.get('link')).toBeNull();
      expect((await api.get(`/v2/environments?project_id=${small.id}`)).headers.get('link')).toBeNull();
    });

    it('answers a page past the end with an empty list', async () => {
      const past = await page('&page=9');
      expect(past.status).toBe(200);
      expect(past.body).toEqual([]);
      expect(links(past).last?.searchParams.get('page')).toBe('2');
    });

    it.each([['per_page=0'], ['per_page=101'], ['per_page=abc'], ['per_page=2.5'], ['page=0'], ['page=-1'], ['page=x']])('rejects %s with a 400', async (query) => {
      expectError(await page(`&${query}`), 400, query.split('=')[0] as string);
    });

    it('paginates every list the same way', async () => {
      const q = await buildProject(api);
      for (let i = 0; i < 3; i++) {
        await buildEvent(api, q.id);
        await buildAttribute(api, q.id);
        await buildFlag(api, q.id);
        await buildExperiment(api, q.id);
      }
      for (const path of [`/v2/events?project_id=${q.id}`, `/v2/attributes?project_id=${q.id}`, `/flags/v1/projects/${q.id}/flags?x=1`, `/v2/features?project_id=${q.id}`, `/v2/experiments?project_id=${q.id}`, `/v2/environments?project_id=${q.id}`, '/v2/projects?x=1']) {
        const first = await api.get<unknown[]>(`${path}&per_page=1`);
        expect(first.status, path).toBe(200);
        expect(first.body, path).toHaveLength(1);
        expect(Object.keys(links(first)).sort(), path).toEqual(['last', 'next']);
        expect((await api.get(`${path}&per_page=101`)).status, path).toBe(400);
      }
    });
  });
});
