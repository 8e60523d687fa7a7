/** Runs aggregate work in a transaction that holds the fold lock (lock.ts). */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { isPostgres, lockForFold } from './lock.js';

export async function inFoldTransaction<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  const run = async (trx: Kysely<DB>) => {
    await lockForFold(trx);
    return work(trx);
  };
  // Called from inside a caller's transaction (a read inside a command), it joins it.
  if (db.isTransaction) return run(db);
  if (isPostgres(db)) return db.transaction().execute(run);
  // SQLite: aggregates need not be durable (they are rebuilt from the durable log, and the cursor
  // commits with the cells, so a lost fold is simply folded again), so their commits skip the
  // fsync that ingest commits pay: synchronous=NORMAL for this transaction, on this connection.
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(conn);
    const previous = Number(rows[0]?.synchronous ?? 2);
    await sql`pragma synchronous = NORMAL`.execute(conn);
    try {
      return await conn.transaction().execute(run);
    } finally {
      await sql.raw(`pragma synchronous = ${previous}`).execute(conn);
    }
  });
}
