/**
 * Issue 2, point 4: the server logs one structured (pino, JSON) line per request, with its
 * request id, method, path, status and duration — for successes and failures alike, and the
 * error's message on failures (whose `uuid` is that request id). Read from the server's own log
 * output: the in-process server's pino stream, and the stdout of `fieldtest serve`.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { databases } from '../helpers/databases.js';
import { freshDatabase, startServer, type TestServer } from '../helpers/server.js';
import { client, type Client, type Response } from '../helpers/http.js';
import { serve } from '../helpers/cli.js';
import { buildProject, uniqueKey, type Project } from '../helpers/factories.js';

interface Line { reqId?: string; method?: string; path?: string; status?: number; durationMs?: number; msg?: string; level?: number; error?: string }

function expectOneLine(lines: readonly Line[], res: Response, method: string, path: string): Line {
  const id = res.headers.get('x-request-id') as string;
  expect(id).toBeTruthy();
  const mine = lines.filter((l) => l.reqId === id);
  expect(mine, `${method} ${path}`).toHaveLength(1);
  const line = mine[0] as Line;
  expect(line).toMatchObject({ msg: 'request', method, path, status: res.status });
  expect(typeof line.durationMs).toBe('number');
  expect(line.durationMs).toBeGreaterThanOrEqual(0);
  if (res.status >= 400) expect(line.error).toBe((res.body as { message: string }).message);
  if (res.status >= 400) expect((res.body as { uuid: string }).uuid).toBe(id);
  return line;
}

describe.each(databases)('the request log on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let project: Project;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    project = await buildProject(api);
  });
  afterAll(async () => server.close());

  it('has exactly one line per request, whatever the outcome', async () => {
    const samples: [string, string, () => Promise<Response>, number][] = [
      ['GET', '/v2/projects', () => api.get('/v2/projects'), 200],
      ['POST', '/v2/audiences', () => api.post('/v2/audiences', { project_id: project.id, name: uniqueKey('A') }), 201],
      ['GET', `/v2/environments?project_id=${project.id}&per_page=1`, () => api.get(`/v2/environments?project_id=${project.id}&per_page=1`), 200],
      ['POST', '/v2/projects', () => api.post('/v2/projects', { name: 7 }), 400],
      ['POST', '/v2/projects', () => api.request('POST', '/v2/projects', { rawBody: '{"name":' }), 400],
      ['GET', '/v2/projects', () => client(server.url, null).get('/v2/projects'), 401],
      ['GET', '/v2/experiments/987654', () => api.get('/v2/experiments/987654'), 404],
      ['GET', '/v2/nowhere', () => api.get('/v2/nowhere'), 404],
    ];
    for (const [method, path, send, status] of samples) {
      const res = await send();
      expect(res.status, `${method} ${path}`).toBe(status);
      await vi.waitFor(() => expect(server.logs.forRequest(res.headers.get('x-request-id') as string).length).toBeGreaterThan(0));
      const line = expectOneLine(server.logs.lines, res, method, path);
      expect(line.level).toBe(30);
    }
  });

  it('has no line for SDK polling (datafiles, OFREP), which logs only failures', async () => {
    const envs = await api.get<{ key: string; sdk_key: string }[]>(`/v2/environments?project_id=${project.id}`);
    const sdkKey = envs.body.find((e) => e.key === 'production')?.sdk_key as string;
    const anonymous = client(server.url, null);
    const polls = [
      await anonymous.get(`/datafiles/${sdkKey}.json`),
      await anonymous.get('/datafiles/NoSuchKey123.json'),
      await anonymous.request('POST', '/ofrep/v1/evaluate/flags/nothing', { headers: { authorization: `Bearer ${sdkKey}` }, body: { context: { targetingKey: 'u1' } } }),
    ];
    expect(polls.map((r) => r.status)).toEqual([200, 404, 404]);
    // A later logged request, so the polls' lines would have been written by now.
    const after = await api.get('/v2/projects');
    await vi.waitFor(() => expect(server.logs.forRequest(after.headers.get('x-request-id') as string)).toHaveLength(1));
    for (const res of polls) expect(server.logs.forRequest(res.headers.get('x-request-id') as string)).toEqual([]);
  });

  it('is written by `fieldtest serve` to its standard output as JSON lines', { timeout: 300_000 }, async () => {
    const proc = await serve(['--port', '0'], { DATABASE_URL: await freshDatabase(engine), FIELDTEST_BOOTSTRAP_TOKEN: `ftp_${'r'.repeat(30)}` });
    try {
      const cli = client(proc.url, `ftp_${'r'.repeat(30)}`);
      const okRes = await cli.get('/v2/projects');
      const bad = await cli.get('/v2/projects/abc');
      const lines = () => proc.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Line);
      await vi.waitFor(() => expect(lines().filter((l) => l.msg === 'request')).toHaveLength(2));
      expectOneLine(lines(), okRes, 'GET', '/v2/projects');
      expectOneLine(lines(), bad, 'GET', '/v2/projects/abc');
    } finally {
      await proc.stop();
    }
  });
});
