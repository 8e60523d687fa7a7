/**
 * Incremental aggregates of experiments (docs/events.md): a cursor over the event log, each
 * visitor's current contribution to each experiment, and the daily cells results read.
 * Sums are exact integers of 10⁻⁶ units kept as decimal text (they outgrow 64 bits: sums of
 * squares of revenue), so adding visitors in any order gives the same numbers.
 */
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../db.js';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _engine: Engine): Promise<void> {
  const s = db.schema;
  // One row per consumer of the log (`aggregates`): the id of the last event folded in.
  await s
    .createTable('event_cursors')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_event_id', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into event_cursors (name, last_event_id) values ('aggregates', 0)`.execute(db);

  // Which attribution window (start, stop, metrics) an experiment's aggregates were computed
  // with: when the experiment's differs, its aggregates are rebuilt from the log.
  await s
    .createTable('experiment_aggregate_windows')
    .addColumn('experiment_id', 'integer', (c) => c.primaryKey())
    .addColumn('window', 'text', (c) => c.notNull())
    .execute();

  // A visitor's contribution (attribution.ts VisitorContribution, JSON) as last applied to the cells.
  await s
    .createTable('experiment_visitors')
    .addColumn('experiment_id', 'integer', (c) => c.notNull())
    .addColumn('visitor_id', 'text', (c) => c.notNull())
    .addColumn('contribution', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('experiment_visitors_pk', ['experiment_id', 'visitor_id'])
    .execute();

  // What changed on a day: metric_key '' carries the visitors first exposed that day; variation
  // 0 with metric_key '' carries visitors that became conflicted that day.
  await s
    .createTable('experiment_daily_cells')
    .addColumn('experiment_id', 'integer', (c) => c.notNull())
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('variation_id', 'integer', (c) => c.notNull())
    .addColumn('metric_key', 'text', (c) => c.notNull())
    .addColumn('visitors', 'bigint', (c) => c.notNull())
    .addColumn('converters', 'bigint', (c) => c.notNull())
    .addColumn('sum_micros', 'text', (c) => c.notNull())
    .addColumn('sum_squares_micros', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('experiment_daily_cells_pk', ['experiment_id', 'day', 'variation_id', 'metric_key'])
    .execute();
}
