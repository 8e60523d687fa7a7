/** Read models of web experiment settings. */
import type { WebSettings } from '../../core/web/types.js';
import type { Db } from '../repos/common.js';

function base(db: Db) {
  return db
    .selectFrom('web_settings')
    .innerJoin('environments', 'environments.id', 'web_settings.environment_id')
    .selectAll('web_settings')
    .select(['environments.key as environment_key', 'environments.sdk_key']);
}

type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

function rowToSettings(r: Row): WebSettings {
  return {
    id: r.id,
    publicId: r.public_id,
    projectId: r.project_id,
    environmentId: r.environment_id,
    environmentKey: r.environment_key,
    sdkKey: r.sdk_key,
    name: r.name,
    antiFlickerTimeoutMs: r.anti_flicker_timeout_ms,
    cookieName: r.cookie_name,
    cookieDays: r.cookie_days,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findWebSettings(db: Db, publicId: string): Promise<WebSettings | null> {
  const r = await base(db).where('web_settings.public_id', '=', publicId).executeTakeFirst();
  return r ? rowToSettings(r) : null;
}

export async function findWebSettingsById(db: Db, id: number): Promise<WebSettings | null> {
  const r = await base(db).where('web_settings.id', '=', id).executeTakeFirst();
  return r ? rowToSettings(r) : null;
}

/** The settings of an environment the snippet uses: the oldest one bound to it. */
export async function webSettingsOfEnvironment(db: Db, environmentId: number): Promise<WebSettings | null> {
  const r = await base(db).where('web_settings.environment_id', '=', environmentId).orderBy('web_settings.id').executeTakeFirst();
  return r ? rowToSettings(r) : null;
}

/** One keyset page over the public id (see pageWebExperiments). */
export async function pageWebSettings(db: Db, f: { projectIds: readonly number[] | null; after?: string; limit: number }): Promise<{ items: WebSettings[]; hasMore: boolean }> {
  if (f.projectIds !== null && f.projectIds.length === 0) return { items: [], hasMore: false };
  let q = base(db);
  if (f.projectIds !== null) q = q.where('web_settings.project_id', 'in', f.projectIds);
  if (f.after !== undefined) q = q.where('web_settings.public_id', '>', f.after);
  const rows = await q.orderBy('web_settings.public_id').limit(f.limit + 1).execute();
  return { items: rows.slice(0, f.limit).map(rowToSettings), hasMore: rows.length > f.limit };
}
