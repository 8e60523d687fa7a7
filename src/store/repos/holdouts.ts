/** Holdouts and the experiments that name them. */
import type { AudienceIdTree } from '../../core/audience/conditions.js';
import { HOLDOUT_VARIATION_KEY, type Holdout, type HoldoutScope, type HoldoutStatus } from '../../core/holdout/types.js';
import type { HoldoutRow } from '../schema.js';
import { parseJson, type Db, type Page, type PageOf } from './common.js';

async function assemble(db: Db, rows: readonly HoldoutRow[]): Promise<Holdout[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [members, envs] = await Promise.all([
    db.selectFrom('experiments').select(['id', 'holdout_id']).where('holdout_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('environments').select(['id', 'key']).where('id', 'in', [...new Set(rows.map((r) => r.environment_id))]).execute(),
  ]);
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    environmentId: r.environment_id,
    environmentKey: envs.find((e) => e.id === r.environment_id)?.key ?? '',
    key: r.key,
    name: r.name,
    description: r.description,
    status: r.status as HoldoutStatus,
    scope: r.scope as HoldoutScope,
    percentageIncluded: r.percentage_included,
    audienceConditions: parseJson<AudienceIdTree | null>(r.audience_conditions, null),
    variationId: r.variation_id,
    variationKey: r.variation_key ?? HOLDOUT_VARIATION_KEY,
    createdBy: r.created_by,
    experimentIds: r.scope === 'experiments' ? members.filter((m) => m.holdout_id === r.id).map((m) => m.id) : [],
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export async function findHoldout(db: Db, id: number): Promise<Holdout | null> {
  const row = await db.selectFrom('holdouts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? ((await assemble(db, [row]))[0] ?? null) : null;
}

export async function findHoldoutByKey(db: Db, environmentId: number, key: string): Promise<Holdout | null> {
  const row = await db.selectFrom('holdouts').selectAll().where('environment_id', '=', environmentId).where('key', '=', key).executeTakeFirst();
  return row ? ((await assemble(db, [row]))[0] ?? null) : null;
}

export async function listHoldoutPage(db: Db, projectId: number, page: Page): Promise<PageOf<Holdout>> {
  const base = db.selectFrom('holdouts').where('project_id', '=', projectId);
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('id').limit(page.perPage).offset((page.page - 1) * page.perPage).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await assemble(db, rows), total: Number(total.n) };
}

/** One window of the project's holdouts, newest first (PostHog's order). */
export async function listHoldoutWindow(db: Db, projectId: number, window: { limit: number; offset: number }): Promise<PageOf<Holdout>> {
  const base = db.selectFrom('holdouts').where('project_id', '=', projectId);
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('id', 'desc').limit(window.limit).offset(window.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await assemble(db, rows), total: Number(total.n) };
}

/** The project's holdouts among `ids`. */
export async function listHoldoutsByIds(db: Db, projectId: number, ids: readonly number[]): Promise<Holdout[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('holdouts').selectAll().where('project_id', '=', projectId).where('id', 'in', [...ids]).execute();
  return assemble(db, rows);
}

export interface HoldoutFields {
  key: string;
  name: string;
  description: string;
  status: HoldoutStatus;
  scope: HoldoutScope;
  percentageIncluded: number;
  audienceConditions: AudienceIdTree | null;
}

function values(f: HoldoutFields) {
  return {
    key: f.key,
    name: f.name,
    description: f.description,
    status: f.status,
    scope: f.scope,
    percentage_included: f.percentageIncluded,
    audience_conditions: f.audienceConditions === null ? null : JSON.stringify(f.audienceConditions),
  };
}

export async function insertHoldout(
  db: Db,
  h: { id: number; projectId: number; environmentId: number; variationId: number; variationKey: string | null; createdBy: number | null; at: string } & HoldoutFields,
): Promise<void> {
  await db
    .insertInto('holdouts')
    .values({ id: h.id, project_id: h.projectId, environment_id: h.environmentId, variation_id: h.variationId, variation_key: h.variationKey, created_by: h.createdBy, created_at: h.at, updated_at: h.at, ...values(h) })
    .execute();
}

export async function writeHoldout(db: Db, id: number, f: HoldoutFields): Promise<void> {
  await db.updateTable('holdouts').set(values(f)).where('id', '=', id).execute();
}

/** Makes exactly `experimentIds` name the holdout (others that named it no longer do). */
export async function setHoldoutExperiments(db: Db, holdoutId: number, experimentIds: readonly number[], at: string): Promise<void> {
  let clear = db.updateTable('experiments').set({ holdout_id: null, updated_at: at }).where('holdout_id', '=', holdoutId);
  if (experimentIds.length) clear = clear.where('id', 'not in', experimentIds);
  await clear.execute();
  if (experimentIds.length) await db.updateTable('experiments').set({ holdout_id: holdoutId, updated_at: at }).where('id', 'in', experimentIds).execute();
}

export async function deleteHoldoutRow(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('experiments').set({ holdout_id: null, updated_at: at }).where('holdout_id', '=', id).execute();
  await db.deleteFrom('holdouts').where('id', '=', id).execute();
}
