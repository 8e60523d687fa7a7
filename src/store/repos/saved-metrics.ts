/** Saved metrics and their links to experiments (writes). */
import type { SavedMetric, SavedMetricLink, SavedMetricRole } from '../../core/experiment/saved-metric.js';
import type { Selectable } from 'kysely';
import type { ExperimentSavedMetricsTable, SavedMetricsTable } from '../schema.js';
import { parseJson, type Db } from './common.js';

export function rowToSavedMetric(r: Selectable<SavedMetricsTable>): SavedMetric {
  return { id: r.id, projectId: r.project_id, name: r.name, description: r.description, query: parseJson<Record<string, unknown>>(r.query, {}), version: r.version, createdAt: r.created_at, updatedAt: r.updated_at };
}

export function rowToLink(r: Selectable<ExperimentSavedMetricsTable>): SavedMetricLink {
  return { id: r.id, experimentId: r.experiment_id, savedMetricId: r.saved_metric_id, role: r.role as SavedMetricRole, createdAt: r.created_at };
}

export interface SavedMetricFields { name: string; description: string; query: Readonly<Record<string, unknown>> }

export async function insertSavedMetric(db: Db, projectId: number, f: SavedMetricFields, at: string): Promise<number> {
  const row = await db
    .insertInto('saved_metrics')
    .values({ project_id: projectId, name: f.name, description: f.description, query: JSON.stringify(f.query), created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function writeSavedMetric(db: Db, id: number, f: SavedMetricFields, at: string): Promise<void> {
  await db
    .updateTable('saved_metrics')
    .set((eb) => ({ name: f.name, description: f.description, query: JSON.stringify(f.query), updated_at: at, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function removeSavedMetric(db: Db, id: number): Promise<void> {
  await db.deleteFrom('experiment_saved_metrics').where('saved_metric_id', '=', id).execute();
  await db.deleteFrom('saved_metrics').where('id', '=', id).execute();
}

export async function findSavedMetric(db: Db, id: number): Promise<SavedMetric | null> {
  const row = await db.selectFrom('saved_metrics').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToSavedMetric(row) : null;
}

/** Replaces an experiment's links, in the given order. */
export async function replaceSavedMetricLinks(db: Db, experimentId: number, links: readonly { savedMetricId: number; role: SavedMetricRole }[], at: string): Promise<void> {
  await db.deleteFrom('experiment_saved_metrics').where('experiment_id', '=', experimentId).execute();
  for (const [position, link] of links.entries()) {
    await db.insertInto('experiment_saved_metrics').values({ experiment_id: experimentId, saved_metric_id: link.savedMetricId, role: link.role, position, created_at: at }).execute();
  }
}
