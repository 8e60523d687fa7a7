/** The foundation schema: users and tokens, projects and everything a datafile is built from. */
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../db.js';
import { doubleType, withAutoId } from './column-types.js';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, engine: Engine): Promise<void> {
  const s = db.schema;
  await s.createTable('meta').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute();
  await withAutoId(s.createTable('id_sequence'), engine).execute();

  await withAutoId(s.createTable('users'), engine)
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('password_hash', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withAutoId(s.createTable('projects'), engine)
    .addColumn('account_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('platform', 'text', (c) => c.notNull().defaultTo('custom'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('project_members')
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('project_members_pk', ['project_id', 'user_id'])
    .execute();

  await withAutoId(s.createTable('tokens'), engine)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_prefix', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('personal'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await s.createIndex('tokens_user').on('tokens').column('user_id').execute();

  await withAutoId(s.createTable('environments'), engine)
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sdk_key', 'text', (c) => c.notNull().unique())
    .addColumn('datafile_secure', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('datafile_token_hash', 'text')
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('environments_project_key', ['project_id', 'key'])
    .execute();

  for (const table of ['attributes', 'events'] as const) {
    let t = s
      .createTable(table)
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''));
    t =
      table === 'attributes'
        ? t.addColumn('condition_type', 'text', (c) => c.notNull().defaultTo('custom_attribute'))
        : t
            .addColumn('event_type', 'text', (c) => c.notNull().defaultTo('custom'))
            .addColumn('category', 'text', (c) => c.notNull().defaultTo('other'));
    await t
      .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint(`${table}_project_key`, ['project_id', 'key'])
      .execute();
  }

  await s
    .createTable('audiences')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('audiences_project').on('audiences').column('project_id').execute();

  await s
    .createTable('flags')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deleted_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // A deleted flag frees its key; its rows stay for the experiments that ran on it.
  await s.createIndex('flags_project_key').on('flags').columns(['project_id', 'key']).unique().where(sql.ref('deleted_at'), 'is', null).execute();

  await s
    .createTable('flag_variables')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('flag_id', 'integer', (c) => c.notNull().references('flags.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('default_value', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('flag_variables_key', ['flag_id', 'key'])
    .execute();

  await s
    .createTable('flag_variations')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('flag_id', 'integer', (c) => c.notNull().references('flags.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('variables', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addUniqueConstraint('flag_variations_key', ['flag_id', 'key'])
    .execute();

  await withAutoId(s.createTable('rulesets'), engine)
    .addColumn('flag_id', 'integer', (c) => c.notNull().references('flags.id').onDelete('cascade'))
    .addColumn('environment_id', 'integer', (c) => c.notNull().references('environments.id').onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('default_variation_key', 'text', (c) => c.notNull().defaultTo('off'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('rulesets_flag_environment', ['flag_id', 'environment_id'])
    .execute();

  await s
    .createTable('rules')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('ruleset_id', 'integer', (c) => c.notNull().references('rulesets.id').onDelete('cascade'))
    .addColumn('flag_id', 'integer', (c) => c.notNull())
    .addColumn('environment_id', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('audience_conditions', 'text')
    .addColumn('percentage_included', 'integer', (c) => c.notNull())
    .addColumn('variations', 'text', (c) => c.notNull())
    .addColumn('allowlist', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('group_id', 'integer')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Rule keys are experiment keys in the datafile: unique within an environment.
  await s.createIndex('rules_environment_key').on('rules').columns(['environment_id', 'key']).unique().where(sql.ref('removed_at'), 'is', null).execute();
  await s.createIndex('rules_ruleset').on('rules').columns(['ruleset_id', 'position']).execute();

  await s
    .createTable('experiments')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('flag_id', 'integer', (c) => c.notNull())
    .addColumn('environment_id', 'integer', (c) => c.notNull())
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('type', 'text', (c) => c.notNull().defaultTo('ab'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('metrics', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('stats_config', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('holdout_id', 'integer')
    .addColumn('winner_variation_id', 'integer')
    .addColumn('extras', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('started_at', 'text')
    .addColumn('stopped_at', 'text')
    .addColumn('archived_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('experiments_project').on('experiments').columns(['project_id', 'id']).execute();

  await withAutoId(s.createTable('event_log'), engine, true)
    .addColumn('project_id', 'integer', (c) => c.notNull())
    .addColumn('uuid', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('visitor_id', 'text', (c) => c.notNull())
    .addColumn('experiment_id', 'integer')
    .addColumn('variation_id', 'integer')
    .addColumn('event_id', 'integer')
    .addColumn('event_key', 'text')
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('value', doubleType(engine))
    .addColumn('revenue', 'bigint')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('event_log_project_uuid', ['project_id', 'uuid'])
    .execute();
  await s.createIndex('event_log_experiment').on('event_log').columns(['experiment_id', 'visitor_id']).execute();
  await s.createIndex('event_log_visitor').on('event_log').columns(['project_id', 'visitor_id', 'ts']).execute();
}
