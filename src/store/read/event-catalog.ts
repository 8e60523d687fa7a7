/**
 * What ingestion needs to know about a project to file events: which project (and environment)
 * a batch belongs to, its event definitions by id and key, and — only for batches that name
 * experiments or variations by key — its experiments and their variations.
 */
import type { Db } from '../repos/common.js';

export interface EventScope {
  readonly projectId: number;
  /** Known when the batch came with an environment's SDK key. */
  readonly environmentId: number | null;
}

export async function scopeOfSdkKey(db: Db, sdkKey: string): Promise<EventScope | null> {
  const env = await db.selectFrom('environments').select(['id', 'project_id']).where('sdk_key', '=', sdkKey).executeTakeFirst();
  return env ? { projectId: env.project_id, environmentId: env.id } : null;
}

export async function projectExists(db: Db, projectId: number): Promise<boolean> {
  return (await db.selectFrom('projects').select('id').where('id', '=', projectId).executeTakeFirst()) !== undefined;
}

/** The only project of an Optimizely account id (batches that send no project_id), else null. */
export async function onlyProjectOfAccount(db: Db, accountId: number): Promise<number | null> {
  const rows = await db.selectFrom('projects').select('id').where('account_id', '=', accountId).limit(2).execute();
  return rows.length === 1 && rows[0] ? rows[0].id : null;
}

export interface EventDefinitions {
  readonly ids: ReadonlySet<number>;
  readonly byKey: ReadonlyMap<string, number>;
}

export async function eventDefinitions(db: Db, projectId: number): Promise<EventDefinitions> {
  const rows = await db.selectFrom('events').select(['id', 'key']).where('project_id', '=', projectId).execute();
  return { ids: new Set(rows.map((r) => r.id)), byKey: new Map(rows.map((r) => [r.key, r.id])) };
}

export interface ExperimentRef {
  readonly id: number;
  readonly key: string;
  readonly environmentId: number;
  /** Variation id by key (the delivering flag's variations). */
  readonly variations: ReadonlyMap<string, number>;
}

export async function experimentRefs(db: Db, projectId: number): Promise<ExperimentRef[]> {
  const experiments = await db.selectFrom('experiments').select(['id', 'key', 'environment_id', 'flag_id']).where('project_id', '=', projectId).execute();
  const flagIds = [...new Set(experiments.map((e) => e.flag_id))];
  const variations = flagIds.length === 0 ? [] : await db.selectFrom('flag_variations').select(['id', 'key', 'flag_id']).where('flag_id', 'in', flagIds).execute();
  const byFlag = new Map<number, Map<string, number>>();
  for (const v of variations) {
    let m = byFlag.get(v.flag_id);
    if (!m) byFlag.set(v.flag_id, (m = new Map<string, number>()));
    m.set(v.key, v.id);
  }
  return experiments.map((e) => ({ id: e.id, key: e.key, environmentId: e.environment_id, variations: byFlag.get(e.flag_id) ?? new Map<string, number>() }));
}
