/** Saved metrics as lists and by id, and the links of experiments to them (read models). */
import type { SavedMetric, SavedMetricLink } from '../../core/experiment/saved-metric.js';
import type { Db, PageOf } from '../repos/common.js';
import { rowToLink, rowToSavedMetric } from '../repos/saved-metrics.js';

/** A project's saved metrics newest first, `limit` from `offset`. */
export async function listSavedMetricsNewestFirst(db: Db, projectId: number, window: { limit: number; offset: number }): Promise<PageOf<SavedMetric>> {
  const base = db.selectFrom('saved_metrics').where('project_id', '=', projectId);
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(window.limit).offset(window.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(rowToSavedMetric), total: Number(total.n) };
}

/** The project's saved metrics among `ids`. */
export async function savedMetricsByIds(db: Db, projectId: number, ids: readonly number[]): Promise<SavedMetric[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('saved_metrics').selectAll().where('project_id', '=', projectId).where('id', 'in', [...ids]).execute();
  return rows.map(rowToSavedMetric);
}

/** Links of the experiments, with the saved metrics they point at, in link order. */
export async function savedMetricLinksOf(db: Db, experimentIds: readonly number[]): Promise<{ link: SavedMetricLink; metric: SavedMetric }[]> {
  if (experimentIds.length === 0) return [];
  const links = await db.selectFrom('experiment_saved_metrics').selectAll().where('experiment_id', 'in', [...experimentIds]).orderBy('experiment_id').orderBy('position').execute();
  if (links.length === 0) return [];
  const metrics = await db.selectFrom('saved_metrics').selectAll().where('id', 'in', [...new Set(links.map((l) => l.saved_metric_id))]).execute();
  const byId = new Map(metrics.map((m) => [m.id, rowToSavedMetric(m)]));
  return links.flatMap((l) => {
    const metric = byId.get(l.saved_metric_id);
    return metric ? [{ link: rowToLink(l), metric }] : [];
  });
}
