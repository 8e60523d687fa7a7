/** Runs the one migration set on either engine. New migrations are added to `migrations` below. */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Engine } from './db.js';
import type { DB } from './schema.js';
import * as m0001 from './migrations/0001-init.js';
import * as m0002 from './migrations/0002-groups-holdouts.js';
import * as m0003 from './migrations/0003-aggregates.js';
import * as m0004 from './migrations/0004-oauth.js';
import * as m0005 from './migrations/0005-ours.js';
import * as m0006 from './migrations/0006-posthog.js';
import * as m0007 from './migrations/0007-holdout-variation.js';

interface EngineMigration {
  up(db: Kysely<unknown>, engine: Engine): Promise<void>;
}

const migrations: Readonly<Record<string, EngineMigration>> = {
  '0001-init': m0001,
  '0002-groups-holdouts': m0002,
  '0003-aggregates': m0003,
  '0004-oauth': m0004,
  '0005-ours': m0005,
  '0006-posthog': m0006,
  '0007-holdout-variation': m0007,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly engine: Engine) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(migrations)) {
      out[name] = { up: (db: Kysely<unknown>) => m.up(db, this.engine) };
    }
    return out;
  }
}

/** Brings the schema up to date; returns the names of the migrations it applied. */
export async function migrateToLatest(db: Kysely<DB>, engine: Engine): Promise<string[]> {
  // Migration numbers are reserved per branch, so one merged later can sort before one a
  // database already ran (0004 after 0005): apply it then rather than refuse to start.
  const migrator = new Migrator({ db, provider: new StaticProvider(engine), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
