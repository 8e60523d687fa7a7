/**
 * Starts the real server on a real, fresh database, listening on a loopback port, with an
 * administrator token — what every integration suite talks HTTP to.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openStore, type Engine, type Store } from '../../src/store/db.js';
import { bootstrapAdministrator } from '../../src/commands/user/save-user.js';
import { postgresAdminUrl, postgresUrl } from './databases.js';
import { LogCapture } from './log-capture.js';

export interface TestServer {
  readonly url: string;
  readonly engine: Engine;
  readonly adminToken: string;
  readonly store: Store;
  readonly databaseUrl: string;
  readonly logs: LogCapture;
  readonly app: App;
  close(): Promise<void>;
}

/** A fresh database for one test file, from the migrated template. */
export async function freshDatabase(engine: Engine): Promise<string> {
  const name = `ft_t${randomBytes(5).toString('hex')}_${inject('runId')}`;
  if (engine === 'sqlite') {
    const path = join(mkdtempSync(join(tmpdir(), 'fieldtest-db-')), `${name}.db`);
    copyFileSync(inject('sqliteTemplate'), path);
    return `sqlite:${path}`;
  }
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
        break;
      } catch (error) {
        // Two files cloning the template at the same instant collide; a short retry is enough.
        if (attempt > 20 || !String(error).includes('being accessed')) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return postgresUrl(name);
}

export interface StartOptions {
  /** The server's clock (rate-limit windows, timestamps); the real one by default. */
  readonly clock?: () => Date;
}

export async function startServer(engine: Engine, overrides: Partial<Config> = {}, env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestServer> {
  const databaseUrl = await freshDatabase(engine);
  // Suites make hundreds of requests a minute with one token: limits are generous unless a suite
  // (rate-limit.test.ts) sets its own through `overrides.rateLimit` or RATE_LIMIT_* in `env`.
  const base = loadConfig({ RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_RESULTS_PER_MINUTE: '1000000', ...env, DATABASE_URL: databaseUrl, PORT: '0' });
  const store = openStore(databaseUrl, { poolSize: 5 });
  const logs = new LogCapture();
  const logger = pino({ level: 'info' }, logs);
  const issued = await bootstrapAdministrator({ db: store.db, clock: () => new Date(), publicUrl: '', publish: () => undefined }, null);
  if (!issued) throw new Error('fresh database already had users');
  // The public URL is only known after listening; start on an ephemeral port, then rebuild.
  const config: Config = { ...base, host: '127.0.0.1', ...overrides };
  const app = await buildApp({ config: { ...config, publicUrl: overrides.publicUrl ?? 'http://127.0.0.1' }, store, logger, ...(options.clock ? { clock: options.clock } : {}) });
  const address = await app.server.listen({ host: '127.0.0.1', port: 0 });
  Object.assign(app.server.fieldtest.config, { publicUrl: overrides.publicUrl ?? address });
  return {
    url: address,
    engine,
    adminToken: issued.secret,
    store,
    databaseUrl,
    logs,
    app,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
