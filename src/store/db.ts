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

export type Engine = 'sqlite' | 'postgres';

export interface Store {
  readonly db: Kysely<DB>;
  readonly engine: Engine;
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
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
    return { db, engine: 'sqlite', close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', close: () => db.destroy() };
}
