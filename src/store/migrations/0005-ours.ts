/**
 * Web experiments (the Ours Privacy dialect): settings that bind a site to a project and
 * environment, and the web-only fields of experiments and their variants. The experiment itself
 * stays a core experiment delivered by a flag rule; these tables only add what a browser needs.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../db.js';
import { withAutoId } from './column-types.js';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, engine: Engine): Promise<void> {
  const s = db.schema;
  await withAutoId(s.createTable('web_settings'), engine)
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('environment_id', 'integer', (c) => c.notNull().references('environments.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('anti_flicker_timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('cookie_name', 'text', (c) => c.notNull())
    .addColumn('cookie_days', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('web_settings_environment').on('web_settings').columns(['environment_id', 'id']).execute();

  await s
    .createTable('web_experiments')
    .addColumn('experiment_id', 'integer', (c) => c.primaryKey().references('experiments.id').onDelete('cascade'))
    .addColumn('settings_id', 'integer', (c) => c.notNull().references('web_settings.id'))
    .addColumn('include_query_string', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('targeting', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('metrics', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();

  await s
    .createTable('web_variants')
    // The flag variation that delivers the variant; its key is the variant's public id.
    .addColumn('variation_id', 'integer', (c) => c.primaryKey())
    .addColumn('experiment_id', 'integer', (c) => c.notNull().references('experiments.id').onDelete('cascade'))
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('is_control', 'integer', (c) => c.notNull().defaultTo(0))
    // Basis points as the client set them; the rule carries them once they sum to 10000.
    .addColumn('weight', 'integer', (c) => c.notNull())
    .addColumn('variant_type', 'text', (c) => c.notNull())
    .addColumn('redirect_url', 'text')
    .addColumn('dom_modifications', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await s.createIndex('web_variants_experiment').on('web_variants').columns(['experiment_id', 'position']).execute();

  // The key that signs list cursors, shared by every server process on this database.
  await sql`insert into meta (key, value) values ('ours_cursor_key', ${randomBytes(32).toString('base64url')})`.execute(db);
}
