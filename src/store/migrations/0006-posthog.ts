/**
 * What the PostHog dialect needs beyond the core model: saved (reusable) metrics and their links
 * to experiments, and cohorts — stored sets of visitors (an experiment's exposure cohort) that
 * audience conditions can name.
 */
import type { Kysely } from 'kysely';
import type { Engine } from '../db.js';
import { withAutoId } from './column-types.js';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, engine: Engine): Promise<void> {
  const s = db.schema;
  await withAutoId(s.createTable('saved_metrics'), engine)
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('saved_metrics_project').on('saved_metrics').columns(['project_id', 'created_at']).execute();

  await withAutoId(s.createTable('experiment_saved_metrics'), engine)
    .addColumn('experiment_id', 'integer', (c) => c.notNull().references('experiments.id').onDelete('cascade'))
    .addColumn('saved_metric_id', 'integer', (c) => c.notNull().references('saved_metrics.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('experiment_saved_metrics_experiment').on('experiment_saved_metrics').columns(['experiment_id', 'position']).execute();
  await s.createIndex('experiment_saved_metrics_metric').on('experiment_saved_metrics').column('saved_metric_id').execute();

  await withAutoId(s.createTable('cohorts'), engine)
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    /** What the members are: `experiment_exposure` (visitors exposed to `experiment_id`). */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('experiment_id', 'integer')
    /** JSON: the definition in the dialect's words (PostHog's cohort filters). */
    .addColumn('definition', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('member_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('computed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('cohorts_project').on('cohorts').columns(['project_id', 'id']).execute();

  await s
    .createTable('cohort_members')
    .addColumn('cohort_id', 'integer', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
    .addColumn('visitor_id', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('cohort_members_pk', ['cohort_id', 'visitor_id'])
    .execute();
  // Server-side evaluation asks "which cohorts is this visitor in?".
  await s.createIndex('cohort_members_visitor').on('cohort_members').columns(['visitor_id', 'cohort_id']).execute();
}
