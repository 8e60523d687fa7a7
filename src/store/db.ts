/**
 * Opens the database named by DATABASE_URL: SQLite through better-sqlite3 (WAL) by default, or
 * PostgreSQL through pg. Both behind one Kysely<DB>, so every query is written once.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';
import { reusingStatements } from './statement-cache.js';

export type Engine = 'sqlite' | 'postgres';

export interface Store {
  readonly db: Kysely<DB>;
  readonly engine: Engine;
  /**
   * True when another connection (another process) may have committed a change since the last
   * call, for caches of this process to drop what they hold. SQLite answers it for the file
   * (`PRAGMA data_version`); PostgreSQL cannot say, and answers null.
   */
  readonly writtenElsewhere: (() => boolean) | null;
  close(): Promise<void>;
}

// int8 (bigint, counts, millisecond timestamps) and numeric come back from pg as strings by
// default; every value we store fits a double exactly, so read them as numbers like SQLite does.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export function sqlitePath(url: string): string {
  return url.replace(/^sqlite:(\/\/)?/, '') || './data/fieldtest.db';
}

export function openStore(url: string, options: { poolSize?: number } = {}): Store {
  if (url.startsWith('sqlite:')) {
    const path = sqlitePath(url);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const database = new Database(path);
    database.pragma('journal_mode = WAL');
    // FULL: a commit is on disk before we acknowledge it (ingestion promises durability).
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: reusingStatements(database) }) });
    return { db, engine: 'sqlite', writtenElsewhere: dataVersionProbe(database), close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', writtenElsewhere: null, close: () => db.destroy() };
}

/**
 * SQLite's `PRAGMA data_version` changes, for one connection, exactly when another connection
 * committed to the file in between (https://sqlite.org/pragma.html#pragma_data_version) — a
 * `fieldtest token revoke` from the command line, or a second server process.
 */
function dataVersionProbe(database: Database.Database): () => boolean {
  const statement = database.prepare('pragma data_version').pluck();
  let seen = statement.get() as number;
  return () => {
    const now = statement.get() as number;
    if (now === seen) return false;
    seen = now;
    return true;
  };
}
