/**
 * Rate limits as the Optimizely conventions describe them: every response carries
 * X-RateLimit-Limit, -Remaining and -Reset (Unix UTC seconds when the fresh window starts);
 * over the limit the answer is a 429 in the error shape; limits count per token; and with
 * REDIS_URL several server processes count together.
 *
 * In-process tests run on a clock the test moves, so a minute boundary never falls inside one.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { freshDatabase, startServer, type TestServer } from '../helpers/server.js';
import { client, type Client, type Response } from '../helpers/http.js';
import { serve } from '../helpers/cli.js';
import { buildProject, expectError, ok, tokenFor, uniqueKey, type Project } from '../helpers/factories.js';
import { openStore } from '../../src/store/db.js';
import { issueTokenForEmail } from '../../src/commands/user/save-user.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

function limitHeaders(res: Response): { limit: number; remaining: number; reset: number } {
  const read = (name: string) => {
    const value = res.headers.get(name);
    expect(value, `${name} on ${res.status} ${res.text.slice(0, 200)}`).toMatch(/^\d+$/);
    return Number(value);
  };
  return { limit: read('x-ratelimit-limit'), remaining: read('x-ratelimit-remaining'), reset: read('x-ratelimit-reset') };
}

describe.each(databases)('rate limits on %s', (engine) => {
  describe('in one process', () => {
    const start = Date.parse('2031-05-05T10:00:05.000Z');
    let now = start;
    let server: TestServer;
    let admin: Client;
    let project: Project;
    /** Moves the server's clock into the next minute: a fresh window for everyone. */
    const nextWindow = () => {
      now = (Math.floor(now / 60_000) + 1) * 60_000 + 5_000;
    };
    const windowEnd = () => (Math.floor(now / 60_000) + 1) * 60;
    beforeAll(async () => {
      server = await startServer(engine, { rateLimit: { perMinute: 5, resultsPerMinute: 2 } }, {}, { clock: () => new Date(now) });
      admin = client(server.url, server.adminToken);
      project = await buildProject(admin);
    });
    afterAll(async () => server.close());

    it('puts X-RateLimit-Limit, -Remaining and -Reset on every response, errors included', async () => {
      const viewer = client(server.url, (await tokenFor(server, { role: 'viewer', projectId: project.id })).secret);
      const anonymous = client(server.url, null);
      const samples: [string, () => Promise<Response>, number][] = [
        ['a list', () => admin.get('/v2/projects'), 200],
        ['a create', () => admin.post('/v2/audiences', { project_id: project.id, name: uniqueKey('A') }), 201],
        ['a flag read', () => admin.get(`/flags/v1/projects/${project.id}/flags?per_page=1`), 200],
        ['a delete', async () => {
          nextWindow();
          ok(await admin.post(`/flags/v1/projects/${project.id}/flags`, { key: 'doomed' }), 201);
          nextWindow();
          return admin.delete(`/flags/v1/projects/${project.id}/flags/doomed`);
        }, 204],
        ['a 400', () => admin.post('/v2/projects', { name: 5 }), 400],
        ['a 401', () => anonymous.get('/v2/projects'), 401],
        ['a 403', () => viewer.patch(`/v2/projects/${project.id}`, { name: 'x' }), 403],
        ['a 404 route', () => admin.get('/v2/nowhere'), 404],
        ['a 404 resource', () => admin.get('/v2/experiments/987654'), 404],
        ['a 409', () => admin.post('/v2/environments', { project_id: project.id, key: 'production' }), 409],
        ['a 413', () => admin.request('POST', '/v2/projects', { rawBody: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }) }), 413],
      ];
      for (const [label, send, status] of samples) {
        nextWindow();
        const res = await send();
        expect(res.status, `${label}: ${res.text.slice(0, 200)}`).toBe(status);
        const h = limitHeaders(res);
        expect(h, label).toEqual({ limit: 5, remaining: 4, reset: windowEnd() });
        // Reset is a Unix time (UTC seconds) within the next minute of the server's clock.
        expect(h.reset).toBeGreaterThan(Math.floor(now / 1000));
        expect(h.reset).toBeLessThanOrEqual(Math.floor(now / 1000) + 60);
      }
    });

    it('counts down, then answers 429 in the error shape until the window resets', async () => {
      nextWindow();
      const remaining: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await admin.get('/v2/projects');
        expect(res.status).toBe(200);
        remaining.push(limitHeaders(res).remaining);
      }
      expect(remaining).toEqual([4, 3, 2, 1, 0]);
      now += 30_000;
      const limited = await admin.get('/v2/projects');
      const error = expectError(limited, 429, '5 requests per minute');
      expect(error.code).toBe('rate_limited');
      expect(limitHeaders(limited)).toEqual({ limit: 5, remaining: 0, reset: windowEnd() });
      expect(Number(limited.headers.get('retry-after'))).toBe(windowEnd() - Math.floor(now / 1000));
      // Writes are refused too, and nothing is written.
      expectError(await admin.post('/v2/projects', { name: 'over the limit' }), 429);
      nextWindow();
      const fresh = await admin.get<{ name: string }[]>('/v2/projects?per_page=100');
      expect(fresh.status).toBe(200);
      expect(fresh.body.map((p) => p.name)).not.toContain('over the limit');
      expect(limitHeaders(fresh).remaining).toBe(4);
    });

    it('counts per token, and callers without a token by address', async () => {
      nextWindow();
      const other = client(server.url, (await tokenFor(server, { role: 'administrator' })).secret);
      for (let i = 0; i < 5; i++) ok(await admin.get('/v2/projects'));
      expectError(await admin.get('/v2/projects'), 429);
      const res = await other.get('/v2/projects');
      expect(res.status).toBe(200);
      expect(limitHeaders(res).remaining).toBe(4);
      const anonymous = client(server.url, null);
      for (let i = 0; i < 5; i++) expectError(await anonymous.get('/v2/projects'), 401);
      expectError(await anonymous.get('/v2/projects'), 429);
      expect((await other.get('/v2/projects')).status).toBe(200);
    });
  });

  describe('across server processes with Redis', () => {
    it('counts the requests of two processes together', async (ctx) => {
      if (!(await redisReachable())) {
        const reason = `Redis is not reachable at ${redisUrl}: the shared rate-limit test needs it (start redis-server, or set REDIS_URL)`;
        if (process.env.FIELDTEST_REQUIRE_SERVICES === '1') throw new Error(`${reason}; FIELDTEST_REQUIRE_SERVICES=1 makes that a failure`);
        console.warn(`skipped: ${reason}`);
        ctx.skip(reason);
      }
      const databaseUrl = await freshDatabase(engine);
      const bootstrap = `ftp_${randomBytes(24).toString('base64url')}`;
      const env = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, RATE_LIMIT_PER_MINUTE: '6', FIELDTEST_BOOTSTRAP_TOKEN: bootstrap, LOG_LEVEL: 'info' };
      // Both start at once on an empty database, as a deployment of N processes would.
      const [a, b] = await Promise.all([serve(['--port', '0'], env), serve(['--port', '0'], env)]);
      const store = openStore(databaseUrl, { poolSize: 1 });
      try {
        expect(a.port).not.toBe(b.port);
        ok(await client(a.url, bootstrap).get('/v2/projects'));
        const freshToken = async () =>
          (await issueTokenForEmail({ db: store.db, clock: () => new Date(), publicUrl: a.url, publish: () => undefined }, { email: `${uniqueKey('rl')}@example.com`, role: 'administrator', scopes: null })).secret;
        // A minute boundary may fall inside the sequence; then try again with a new token.
        for (let attempt = 1; ; attempt++) {
          const token = await freshToken();
          const responses: Response[] = [];
          for (let i = 0; i < 8; i++) responses.push(await client(i % 2 === 0 ? a.url : b.url, token).get('/v2/projects'));
          if (new Set(responses.map((r) => r.headers.get('x-ratelimit-reset'))).size > 1 && attempt < 3) continue;
          expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
          expect(responses.map((r) => limitHeaders(r).remaining)).toEqual([5, 4, 3, 2, 1, 0, 0, 0]);
          expect(responses.map((r) => limitHeaders(r).limit)).toEqual(Array(8).fill(6));
          const reset = limitHeaders(responses[0] as Response).reset;
          expect(reset).toBeGreaterThan(Date.now() / 1000 - 5);
          expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 61);
          expectError(responses[7] as Response, 429);
          // Another token on either process still has its own allowance.
          const other = await freshToken();
          expect((await client(b.url, other).get('/v2/projects')).status).toBe(200);
          break;
        }
      } finally {
        await store.close();
        await Promise.all([a.stop(), b.stop()]);
      }
    });
  });
});
