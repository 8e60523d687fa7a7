/**
 * better-sqlite3 behind Kysely with its prepared statements reused. Kysely's SQLite driver calls
 * `prepare(sql)` for every query, and preparing (parsing and planning the SQL) was a fifth of the
 * CPU time of a management API read; Kysely compiles a query to the same SQL text every time,
 * so a statement can be kept per text and run again with new parameters.
 */
import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct SQL texts kept; `in (?, ?, …)` lists of every length make the set open-ended. */
const DEFAULT_CAPACITY = 500;

export function reusingStatements(database: Database.Database, capacity = DEFAULT_CAPACITY): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    prepare(sql: string): SqliteStatement {
      const kept = statements.get(sql);
      // A statement still being iterated (Kysely's stream()) cannot run again until it is done.
      if (kept && !kept.busy) {
        // Least recently used goes first: move a hit to the end of the insertion order.
        statements.delete(sql);
        statements.set(sql, kept);
        return kept;
      }
      const statement = database.prepare(sql);
      if (!kept) {
        statements.set(sql, statement);
        if (statements.size > capacity) {
          const oldest = statements.keys().next();
          if (!oldest.done) statements.delete(oldest.value);
        }
      }
      return statement;
    },
    close(): void {
      statements.clear();
      database.close();
    },
  };
}
