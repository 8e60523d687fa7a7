/** Projects and environments. */
import type { Environment, Project, ProjectSettings, ProjectStatus } from '../../core/project/types.js';
import { defaultProjectSettings } from '../../core/project/types.js';
import type { EnvironmentRow, ProjectRow } from '../schema.js';
import { parseJson, toBool, type Db } from './common.js';

export function rowToProject(row: ProjectRow): Project {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    description: row.description,
    platform: 'custom',
    status: row.status as ProjectStatus,
    settings: { ...defaultProjectSettings, ...parseJson<Partial<ProjectSettings>>(row.settings, {}) },
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function rowToEnvironment(row: EnvironmentRow): Environment {
  return {
    id: row.id,
    projectId: row.project_id,
    key: row.key,
    name: row.name,
    isPrimary: toBool(row.is_primary),
    priority: row.priority,
    sdkKey: row.sdk_key,
    datafileSecure: toBool(row.datafile_secure),
    archived: toBool(row.archived),
    revision: row.revision,
    publishedAt: row.published_at,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertProject(
  db: Db,
  p: { accountId: number; name: string; description: string; status: ProjectStatus; settings: Partial<ProjectSettings>; at: string },
): Promise<Project> {
  const row = await db
    .insertInto('projects')
    .values({ account_id: p.accountId, name: p.name, description: p.description, platform: 'custom', status: p.status, settings: JSON.stringify(p.settings), created_at: p.at, updated_at: p.at })
    .returningAll()
    .executeTakeFirstOrThrow();
  return rowToProject(row);
}

export async function findProject(db: Db, id: number): Promise<Project | null> {
  const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToProject(row) : null;
}

export async function writeProject(db: Db, id: number, p: { name: string; description: string; status: ProjectStatus; settings: ProjectSettings }): Promise<void> {
  await db.updateTable('projects').set({ name: p.name, description: p.description, status: p.status, settings: JSON.stringify(p.settings) }).where('id', '=', id).execute();
}

export async function insertEnvironment(
  db: Db,
  e: { projectId: number; key: string; name: string; isPrimary: boolean; priority: number; sdkKey: string; at: string },
): Promise<Environment> {
  const row = await db
    .insertInto('environments')
    .values({
      project_id: e.projectId,
      key: e.key,
      name: e.name,
      is_primary: e.isPrimary ? 1 : 0,
      priority: e.priority,
      sdk_key: e.sdkKey,
      datafile_secure: 0,
      datafile_token_hash: null,
      archived: 0,
      revision: 1,
      published_at: e.at,
      created_at: e.at,
      updated_at: e.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return rowToEnvironment(row);
}

export async function findEnvironment(db: Db, id: number): Promise<Environment | null> {
  const row = await db.selectFrom('environments').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToEnvironment(row) : null;
}

export async function findEnvironmentByKey(db: Db, projectId: number, key: string): Promise<Environment | null> {
  const row = await db.selectFrom('environments').selectAll().where('project_id', '=', projectId).where('key', '=', key).executeTakeFirst();
  return row ? rowToEnvironment(row) : null;
}

export async function listEnvironments(db: Db, projectId: number): Promise<Environment[]> {
  const rows = await db.selectFrom('environments').selectAll().where('project_id', '=', projectId).orderBy('priority').orderBy('id').execute();
  return rows.map(rowToEnvironment);
}

export async function writeEnvironment(
  db: Db,
  id: number,
  e: { key: string; name: string; isPrimary: boolean; priority: number; archived: boolean; datafileSecure: boolean; datafileTokenHash?: string | null },
): Promise<void> {
  await db
    .updateTable('environments')
    .set({
      key: e.key,
      name: e.name,
      is_primary: e.isPrimary ? 1 : 0,
      priority: e.priority,
      archived: e.archived ? 1 : 0,
      datafile_secure: e.datafileSecure ? 1 : 0,
      ...(e.datafileTokenHash === undefined ? {} : { datafile_token_hash: e.datafileTokenHash }),
    })
    .where('id', '=', id)
    .execute();
}

/** Makes `environmentId` the project's only primary environment. */
export async function makePrimary(db: Db, projectId: number, environmentId: number): Promise<void> {
  await db.updateTable('environments').set({ is_primary: 0 }).where('project_id', '=', projectId).where('id', '!=', environmentId).execute();
  await db.updateTable('environments').set({ is_primary: 1 }).where('id', '=', environmentId).execute();
}

/**
 * Marks the datafiles of a project's environments as changed: the revision increases, so SDKs
 * that poll pick up the change. Without `environmentIds`, every environment of the project.
 *
 * `published_at` becomes the revision's publish time, in whole seconds and strictly later than
 * the previous revision's: it is sent as `Last-Modified` (second resolution) and SDKs poll with
 * `If-Modified-Since`, so two revisions in the same second must not share it or the second
 * change would be answered 304 forever.
 */
export async function bumpRevision(db: Db, projectId: number, at: string, environmentIds?: readonly number[]): Promise<void> {
  if (environmentIds?.length === 0) return;
  let q = db.selectFrom('environments').select(['id', 'published_at']).where('project_id', '=', projectId);
  if (environmentIds) q = q.where('id', 'in', environmentIds);
  const rows = await q.execute();
  const now = Math.floor(Date.parse(at) / 1000) * 1000;
  for (const row of rows) {
    const previous = Math.floor(Date.parse(row.published_at) / 1000) * 1000;
    const published = new Date(Math.max(now, previous + 1000)).toISOString();
    await db
      .updateTable('environments')
      .set((eb) => ({ revision: eb('revision', '+', 1), published_at: published }))
      .where('id', '=', row.id)
      .execute();
  }
}
