/**
 * Holdouts name their own variation and their creator. PostHog calls a held-out user's variant
 * `holdout-{id}` (Optimizely's holdouts keep `off`, the default when the column is null), and
 * its holdouts report `created_by`.
 */
import type { Kysely } from 'kysely';
import type { Engine } from '../db.js';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _engine: Engine): Promise<void> {
  await db.schema.alterTable('holdouts').addColumn('variation_key', 'text').execute();
  await db.schema.alterTable('holdouts').addColumn('created_by', 'integer').execute();
}
