/**
 * Authenticated tokens are cached in memory (src/http/actor-cache.ts), and that must change
 * nothing a client can see: a revoked token is refused on the very next request, a role change
 * applies to the very next request, an expired token stops at its expiry — in the process that
 * made the change, and in another server process on the same database (SQLite: the file's
 * data_version; PostgreSQL: the Redis channel, and no cache at all without Redis). The command
 * line's `token revoke` from another process: test/cli.test.ts.
 */
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openStore, type Store } from '../../src/store/db.js';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { buildProject, expectError, ok, tokenFor, uniqueKey, type Project } from '../helpers/factories.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisUp(): Promise<boolean> {
  const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

describe.each(databases)('the cache of authenticated tokens on %s', (engine) => {
  describe('in one process', () => {
    let now = Date.parse('2030-03-03T12:00:00.000Z');
    let server: TestServer;
    let admin: Client;
    let project: Project;
    beforeAll(async () => {
      server = await startServer(engine, {}, {}, { clock: () => new Date(now) });
      admin = client(server.url, server.adminToken);
      project = await buildProject(admin);
    });
    afterAll(async () => server.close());

    it('keeps tokens it authenticated on SQLite, and none on PostgreSQL without Redis', async () => {
      const issued = await tokenFor(server, { role: 'viewer', projectId: project.id });
      server.app.server.fieldtest.actorCache.clear();
      ok(await client(server.url, issued.secret).get(`/v2/projects/${project.id}`));
      // On SQLite a later process's write shows in the file; on PostgreSQL only Redis could tell.
      expect(server.app.server.fieldtest.actorCache.size).toBe(engine === 'sqlite' ? 1 : 0);
    });

    it('refuses a token on the request right after it was revoked', async () => {
      const issued = await tokenFor(server, { role: 'editor', projectId: project.id });
      const api = client(server.url, issued.secret);
      for (let i = 0; i < 3; i++) ok(await api.get(`/v2/projects/${project.id}`));
      expect((await admin.delete(`/v2/tokens/${issued.tokenId}`)).status).toBe(204);
      expectError(await api.get(`/v2/projects/${project.id}`), 401, 'revoked');
    });

    it('applies a role change, and a role removal, to the very next request', async () => {
      const issued = await tokenFor(server, { role: 'viewer', projectId: project.id });
      const api = client(server.url, issued.secret);
      ok(await api.get(`/flags/v1/projects/${project.id}/flags`));
      expectError(await api.post(`/flags/v1/projects/${project.id}/flags`, { key: uniqueKey('f') }), 403);
      ok(await admin.patch(`/v2/users/${issued.userId}`, { project_roles: [{ project_id: project.id, role: 'editor' }] }));
      ok(await api.post(`/flags/v1/projects/${project.id}/flags`, { key: uniqueKey('f') }), 201);
      ok(await admin.patch(`/v2/users/${issued.userId}`, { project_roles: [{ project_id: project.id, role: null }] }));
      expectError(await api.get(`/flags/v1/projects/${project.id}/flags`), 403);
      ok(await admin.patch(`/v2/users/${issued.userId}`, { administrator: true }));
      ok(await api.post('/v2/projects', { name: uniqueKey('ByNewAdmin') }), 201);
    });

    it('stops accepting a token at its expiry, cached or not', async () => {
      const expires = new Date(now + 60 * 60_000).toISOString();
      const issued = ok(await admin.post<{ token: string }>('/v2/tokens', { name: 'hour', expires }), 201);
      const api = client(server.url, issued.token);
      ok(await api.get('/v2/projects'));
      now += 59 * 60_000;
      ok(await api.get('/v2/projects'));
      now += 2 * 60_000;
      expectError(await api.get('/v2/projects'), 401, 'expired');
    });
  });

  describe('across two server processes on one database', () => {
    const setups: [string, boolean][] = [['without Redis', false], ['with Redis', true]];
    describe.each(setups)('%s', (_label, withRedis) => {
      let available = true;
      let first: TestServer;
      let secondStore: Store;
      let second: App;
      let secondUrl: string;
      beforeAll(async () => {
        available = !withRedis || (await redisUp());
        if (!available && process.env.FIELDTEST_REQUIRE_SERVICES) throw new Error(`Redis is not reachable at ${redisUrl}`);
        if (!available) return;
        const env: Record<string, string> = withRedis ? { REDIS_URL: redisUrl } : {};
        first = await startServer(engine, {}, env);
        // Another process's view of the database: a connection (pool) of its own.
        secondStore = openStore(first.databaseUrl, { poolSize: 2 });
        const config = { ...loadConfig({ ...env, DATABASE_URL: first.databaseUrl, PORT: '0', RATE_LIMIT_PER_MINUTE: '1000000' }), host: '127.0.0.1' };
        second = await buildApp({ config, store: secondStore, logger: pino({ level: 'warn' }) });
        secondUrl = await second.server.listen({ host: '127.0.0.1', port: 0 });
      });
      afterAll(async () => {
        if (!available) return;
        await second.close();
        await secondStore.close();
        await first.close();
      });

      it('refuses a token revoked through the other process on the next request', async (ctx) => {
        if (!available) ctx.skip();
        const admin = client(first.url, first.adminToken);
        const project = await buildProject(admin);
        const issued = await tokenFor(first, { role: 'viewer', projectId: project.id });
        const elsewhere = client(secondUrl, issued.secret);
        for (let i = 0; i < 3; i++) ok(await elsewhere.get(`/v2/projects/${project.id}`));
        // Cached where that is safe: SQLite always, PostgreSQL only with the Redis channel.
        expect(second.server.fieldtest.actorCache.size > 0).toBe(engine === 'sqlite' || withRedis);
        expect((await admin.delete(`/v2/tokens/${issued.tokenId}`)).status).toBe(204);
        expectError(await elsewhere.get(`/v2/projects/${project.id}`), 401, 'revoked');
      });

      it('applies a role change made through the other process on the next request', async (ctx) => {
        if (!available) ctx.skip();
        const admin = client(first.url, first.adminToken);
        const project = await buildProject(admin);
        const issued = await tokenFor(first, { role: 'editor', projectId: project.id });
        const elsewhere = client(secondUrl, issued.secret);
        ok(await elsewhere.post(`/flags/v1/projects/${project.id}/flags`, { key: uniqueKey('f') }), 201);
        ok(await admin.patch(`/v2/users/${issued.userId}`, { project_roles: [{ project_id: project.id, role: 'viewer' }] }));
        expectError(await elsewhere.post(`/flags/v1/projects/${project.id}/flags`, { key: uniqueKey('f') }), 403);
      });
    });
  });
});
