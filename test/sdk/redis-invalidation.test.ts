/**
 * Two server processes' worth of Fieldtest on one database and one Redis: a change committed
 * through one makes the other drop its cached datafile (Redis pub/sub), so both serve the new
 * revision. Skipped when Redis (REDIS_URL, else the local default) is not reachable, unless
 * FIELDTEST_REQUIRE_SERVICES is set (CI), where that is a failure.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { Redis } from 'ioredis';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openStore, type Store } from '../../src/store/db.js';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisUp(): Promise<boolean> {
  const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

describe.each(databases)('datafile invalidation across processes on %s', async (engine) => {
  const available = await redisUp();
  if (!available && process.env.FIELDTEST_REQUIRE_SERVICES) throw new Error(`Redis is not reachable at ${redisUrl}`);
  let first: TestServer;
  let secondStore: Store;
  let second: App;
  let secondUrl: string;
  let api: Client;

  beforeAll(async () => {
    if (!available) return;
    first = await startServer(engine, {}, { REDIS_URL: redisUrl });
    secondStore = openStore(first.databaseUrl, { poolSize: 2 });
    const config = { ...loadConfig({ DATABASE_URL: first.databaseUrl, PORT: '0', REDIS_URL: redisUrl }), host: '127.0.0.1' };
    second = await buildApp({ config, store: secondStore, logger: pino({ level: 'warn' }) });
    secondUrl = await second.server.listen({ host: '127.0.0.1', port: 0 });
    api = client(first.url, first.adminToken);
  });
  afterAll(async () => {
    if (!available) return;
    await second.close();
    await secondStore.close();
    await first.close();
  });

  it.skipIf(!available)('a change through one server reaches the other one\'s cache', async () => {
    const project = (await api.post<{ id: number }>('/v2/projects', { name: 'Two processes' })).body.id;
    const envs = await api.get<{ key: string; sdk_key: string }[]>(`/v2/environments?project_id=${project}`);
    const sdkKey = envs.body.find((e) => e.key === 'production')?.sdk_key as string;
    await api.post(`/flags/v1/projects/${project}/flags`, { key: 'banner', variations: [{ key: 'on' }] });
    const fromSecond = () => fetch(`${secondUrl}/datafiles/${sdkKey}.json`).then((r) => r.json() as Promise<{ revision: string; featureFlags: { key: string }[] }>);
    const before = await fromSecond();
    expect(second.datafiles.peek(sdkKey)?.revision).toBe(Number(before.revision));
    await api.post(`/flags/v1/projects/${project}/flags`, { key: 'checkout', variations: [{ key: 'on' }] });
    // The second process learns of the change only through Redis: its entry goes, then the new one comes.
    await vi.waitFor(() => expect(second.datafiles.peek(sdkKey)).toBeUndefined(), { timeout: 10_000, interval: 20 });
    const after = await fromSecond();
    expect(Number(after.revision)).toBe(Number(before.revision) + 1);
    expect(after.featureFlags.map((f) => f.key)).toEqual(['banner', 'checkout']);
  });
});
