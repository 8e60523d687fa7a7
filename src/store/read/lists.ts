/**
 * Paginated lists for the management APIs (read models, apart from the write repositories).
 * Each returns one page and the total, which Link headers and envelopes need.
 */
import type { Environment, Project } from '../../core/project/types.js';
import type { Attribute, Audience, EventDefinition } from '../../core/targeting/types.js';
import type { Flag } from '../../core/flag/types.js';
import type { Experiment } from '../../core/experiment/types.js';
import type { Db, Page, PageOf } from '../repos/common.js';
import { rowToEnvironment, rowToProject } from '../repos/projects.js';
import { rowToAttribute, rowToAudience, rowToEvent } from '../repos/targeting.js';
import { listFlagsByIds } from '../repos/flags.js';
import { loadExperiments } from '../repos/experiments.js';

const offsetOf = (p: Page): number => (p.page - 1) * p.perPage;

/**
 * The number of items in the whole list. A page that is not full (and not an empty page past
 * the start) is the end of the list, so its total is known without a second query; only full
 * pages and pages past the end count the rows.
 */
async function totalOf(page: Page, rowsOnPage: number, count: () => Promise<{ n: number | string | bigint }>): Promise<number> {
  if (rowsOnPage < page.perPage && (rowsOnPage > 0 || page.page === 1)) return offsetOf(page) + rowsOnPage;
  return Number((await count()).n);
}

/** Projects, all of them (`ids` null) or only those with the given ids. */
export async function listProjects(db: Db, ids: readonly number[] | null, page: Page): Promise<PageOf<Project>> {
  if (ids !== null && ids.length === 0) return { items: [], total: 0 };
  let base = db.selectFrom('projects');
  if (ids !== null) base = base.where('id', 'in', ids);
  const rows = await base.selectAll().orderBy('id').limit(page.perPage).offset(offsetOf(page)).execute();
  const total = await totalOf(page, rows.length, () => base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow());
  return { items: rows.map(rowToProject), total };
}

export async function listEnvironmentPage(db: Db, projectId: number, page: Page): Promise<PageOf<Environment>> {
  const base = db.selectFrom('environments').where('project_id', '=', projectId);
  const rows = await base.selectAll().orderBy('priority').orderBy('id').limit(page.perPage).offset(offsetOf(page)).execute();
  const total = await totalOf(page, rows.length, () => base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow());
  return { items: rows.map(rowToEnvironment), total };
}

export async function listAttributes(db: Db, projectId: number, page: Page): Promise<PageOf<Attribute>> {
  const base = db.selectFrom('attributes').where('project_id', '=', projectId);
  const rows = await base.selectAll().orderBy('id').limit(page.perPage).offset(offsetOf(page)).execute();
  const total = await totalOf(page, rows.length, () => base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow());
  return { items: rows.map(rowToAttribute), total };
}

export async function listAudiences(db: Db, projectId: number, page: Page): Promise<PageOf<Audience>> {
  const base = db.selectFrom('audiences').where('project_id', '=', projectId);
  const rows = await base.selectAll().orderBy('id').limit(page.perPage).offset(offsetOf(page)).execute();
  const total = await totalOf(page, rows.length, () => base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow());
  return { items: rows.map(rowToAudience), total };
}

export async function listEvents(db: Db, projectId: number, page: Page): Promise<PageOf<EventDefinition>> {
  const base = db.selectFrom('events').where('project_id', '=', projectId);
  const rows = await base.selectAll().orderBy('id').limit(page.perPage).offset(offsetOf(page)).execute();
  const total = await totalOf(page, rows.length, () => base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow());
  return { items: rows.map(rowToEvent), total };
}

/** Live (not deleted) flags of a project. */
export async function listFlags(db: Db, projectId: number, page: Page): Promise<PageOf<Flag>> {
  const base = db.selectFrom('flags').where('project_id', '=', projectId).where('deleted_at', 'is', null);
  const rows = await base.select('id').orderBy('id').limit(page.perPage).offset(offsetOf(page)).execute();
  const total = await totalOf(page, rows.length, () => base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow());
  return { items: await listFlagsByIds(db, rows.map((r) => r.id)), total };
}

export async function listExperiments(db: Db, projectId: number, page: Page): Promise<PageOf<Experiment>> {
  const base = db.selectFrom('experiments').where('project_id', '=', projectId);
  const rows = await base.selectAll().orderBy('id').limit(page.perPage).offset(offsetOf(page)).execute();
  const total = await totalOf(page, rows.length, () => base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow());
  return { items: await loadExperiments(db, rows), total };
}

/** Experiments newest first, by offset (APIs paginated by limit/offset). */
export async function listExperimentsNewestFirst(db: Db, projectId: number, window: { limit: number; offset: number }): Promise<PageOf<Experiment>> {
  const base = db.selectFrom('experiments').where('project_id', '=', projectId);
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(window.limit).offset(window.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await loadExperiments(db, rows), total: Number(total.n) };
}
