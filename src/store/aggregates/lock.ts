/**
 * Who may fold the event log into aggregates, and when. The aggregates cursor is an event id,
 * so folding must never pass an id whose transaction has not committed yet:
 * - PostgreSQL hands out ids before commit, out of commit order. Every append holds a shared
 *   advisory lock for its transaction and a fold takes the same lock exclusively, so while a
 *   fold runs no append is in flight and every id below the log's maximum is committed. The
 *   exclusive lock also keeps folds of several server processes apart.
 * - SQLite has one writer at a time and assigns ids in commit order; a fold starts by writing
 *   its cursor row, which takes the database's write lock at once (not at its first real write,
 *   where a second process would fail with SQLITE_BUSY instead of waiting).
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';

/** Advisory lock key of the event log ("ftevents" in ASCII, as one 64-bit number). */
const LOG_LOCK = '7382637248349369459';

export function isPostgres(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Call first in a transaction that appends to the event log. */
export async function lockForAppend(trx: Kysely<DB>): Promise<void> {
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock_shared(${LOG_LOCK}::bigint)`.execute(trx);
}

/** Call first in a transaction that folds the log into aggregates (or rebuilds them). */
export async function lockForFold(trx: Kysely<DB>): Promise<void> {
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${LOG_LOCK}::bigint)`.execute(trx);
  else await trx.updateTable('event_cursors').set((eb) => ({ last_event_id: eb.ref('last_event_id') })).where('name', '=', 'aggregates').execute();
}
