/**
 * What every HTTP bench starts from: a fresh SQLite database in a temporary folder, migrated,
 * with an administrator token, and a config on a free loopback port without effective rate
 * limits (the bench measures serving, not throttling).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapAdministrator } from '../src/commands/user/save-user.js';
import { loadConfig, type Config } from '../src/config.js';
import { openStore, type Store } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrate.js';

export interface BenchDatabase {
  readonly dir: string;
  /** The SQLite file itself. */
  readonly path: string;
  readonly store: Store;
  readonly config: Config;
  readonly adminToken: string;
  /** Closes the store and deletes the folder. */
  remove(): Promise<void>;
}

export async function benchDatabase(prefix: string): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const path = join(dir, 'bench.db');
  const databaseUrl = `sqlite:${path}`;
  const store = openStore(databaseUrl);
  await migrateToLatest(store.db, store.engine);
  const issued = await bootstrapAdministrator({ db: store.db, clock: () => new Date(), publicUrl: '', publish: () => undefined }, null);
  if (!issued) throw new Error('the bench database already had users');
  const config = { ...loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', RATE_LIMIT_PER_MINUTE: '1000000' }), host: '127.0.0.1' };
  return {
    dir, path, store, config, adminToken: issued.secret,
    remove: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
