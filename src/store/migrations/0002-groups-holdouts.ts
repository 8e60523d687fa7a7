/**
 * Mutually exclusive groups and holdouts. Their ids come from the shared id sequence: both
 * appear in datafiles (a group id and a holdout id are bucketing keys), so they must never
 * collide with a rule, variation or audience id.
 */
import type { Kysely } from 'kysely';
import type { Engine } from '../db.js';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _engine: Engine): Promise<void> {
  const s = db.schema;
  await s
    .createTable('groups')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('policy', 'text', (c) => c.notNull().defaultTo('random'))
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('groups_project').on('groups').columns(['project_id', 'id']).execute();

  // One row per experiment in a group: the unique experiment id is the "in one group at most" rule.
  await s
    .createTable('group_entities')
    .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('experiment_id', 'integer', (c) => c.notNull().unique().references('experiments.id').onDelete('cascade'))
    .addColumn('weight', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await s.createIndex('group_entities_group').on('group_entities').columns(['group_id', 'position']).execute();

  await s
    .createTable('holdouts')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('environment_id', 'integer', (c) => c.notNull().references('environments.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('percentage_included', 'integer', (c) => c.notNull())
    .addColumn('audience_conditions', 'text')
    .addColumn('variation_id', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('holdouts_environment_key', ['environment_id', 'key'])
    .execute();
  await s.createIndex('holdouts_project').on('holdouts').columns(['project_id', 'id']).execute();
}
