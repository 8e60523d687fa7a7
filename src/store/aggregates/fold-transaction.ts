/** Runs aggregate work in a transaction that holds the fold lock (lock.ts). */
import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { lockForFold } from './lock.js';

export async function inFoldTransaction<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  const run = async (trx: Kysely<DB>) => {
    await lockForFold(trx);
    return work(trx);
  };
  // Called from inside a caller's transaction (a read inside a command), it joins it.
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
