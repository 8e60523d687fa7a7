/**
 * REDIS_URL set but Redis down: the server still starts and serves. Rate limiting fails open —
 * a warning in the log (once, not per request), counting falls back to this process's memory so
 * the X-RateLimit-* headers and the limit still hold per process — never a 500.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client, type Response } from '../helpers/http.js';
import { freePort } from '../helpers/cli.js';
import { buildFlag, buildProject, expectError, ok, tokenFor } from '../helpers/factories.js';

const remaining = (res: Response) => Number(res.headers.get('x-ratelimit-remaining'));

describe.each(databases)('rate limits with Redis down on %s', (engine) => {
  let server: TestServer;
  let admin: Client;
  beforeAll(async () => {
    // A port nothing listens on: every connection attempt is refused.
    server = await startServer(engine, {}, { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, RATE_LIMIT_PER_MINUTE: '1000000' });
    admin = client(server.url, server.adminToken);
  });
  afterAll(async () => server.close());

  it('serves requests, reads and writes, instead of answering 500', async () => {
    const project = await buildProject(admin);
    const flag = await buildFlag(admin, project.id);
    const read = ok(await admin.get<{ key: string }>(`/flags/v1/projects/${project.id}/flags/${flag.key}`));
    expect(read.key).toBe(flag.key);
    const res = await admin.get('/v2/projects');
    expect(res.status).toBe(200);
    for (const header of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) expect(res.headers.get(header), header).toMatch(/^\d+$/);
  });

  it('logs one warning for the outage, not one per request', async () => {
    for (let i = 0; i < 5; i++) ok(await admin.get('/v2/projects'));
    await vi.waitFor(() => expect(server.logs.lines.some((l) => String(l.msg).includes('Redis is unavailable'))).toBe(true));
    const warnings = server.logs.lines.filter((l) => String(l.msg).startsWith('rate limits: Redis is unavailable'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.level).toBe(40);
    expect(server.logs.lines.filter((l) => l.msg === 'request' && Number(l.status) >= 500)).toEqual([]);
  });

  it('still limits each token, counting in this process', async () => {
    const limited = await startServer(engine, {}, { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const api = client(limited.url, limited.adminToken);
      const responses: Response[] = [];
      for (let i = 0; i < 4; i++) responses.push(await api.get('/v2/projects'));
      // A minute boundary may fall inside the four: then the fresh window starts at 2 again.
      const statuses = responses.map((r) => r.status);
      if (new Set(responses.map((r) => r.headers.get('x-ratelimit-reset'))).size === 1) {
        expect(statuses).toEqual([200, 200, 200, 429]);
        expect(responses.map(remaining)).toEqual([2, 1, 0, 0]);
        expectError(responses[3] as Response, 429, 'rate limit');
      } else {
        expect(statuses).not.toContain(500);
      }
      // Another token has its own allowance.
      const other = client(limited.url, (await tokenFor(limited, { role: 'administrator' })).secret);
      expect((await other.get('/v2/projects')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
