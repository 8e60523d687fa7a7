/** Saved metrics: reusable metric definitions of a project, and which experiments use them. */
import { invalid, notFound } from '../../core/errors.js';
import type { SavedMetric, SavedMetricRole } from '../../core/experiment/saved-metric.js';
import type { PageOf } from '../../store/repos/common.js';
import { findExperimentRow } from '../../store/repos/experiments.js';
import { findSavedMetric, insertSavedMetric, removeSavedMetric, replaceSavedMetricLinks, writeSavedMetric } from '../../store/repos/saved-metrics.js';
import { listSavedMetricsNewestFirst, savedMetricsByIds } from '../../store/read/saved-metrics.js';
import { inTransaction, projectFor, type CommandContext, type Tx } from '../context.js';

export interface SavedMetricInput {
  readonly name?: string;
  readonly description?: string;
  readonly query?: Readonly<Record<string, unknown>>;
}

export async function createSavedMetric(ctx: CommandContext, projectId: number, input: SavedMetricInput): Promise<SavedMetric> {
  const name = input.name?.trim() ?? '';
  if (name === '') throw invalid('name', 'This field is required.');
  if (input.query === undefined) throw invalid('query', 'This field is required.');
  const query = input.query;
  const id = await inTransaction(ctx, async (tx) => {
    await projectFor(ctx, tx.db, projectId, 'experiment:write');
    return insertSavedMetric(tx.db, projectId, { name, description: input.description ?? '', query }, tx.at);
  });
  return (await findSavedMetric(ctx.db, id)) as SavedMetric;
}

/** The saved metric, if the actor may read its project and it is in `projectId`. */
export async function getSavedMetric(ctx: CommandContext, projectId: number, id: number): Promise<SavedMetric> {
  await projectFor(ctx, ctx.db, projectId, 'experiment:read');
  const found = await findSavedMetric(ctx.db, id);
  if (!found || found.projectId !== projectId) throw notFound('saved metric', id);
  return found;
}

export async function listSavedMetrics(ctx: CommandContext, projectId: number, window: { limit: number; offset: number }): Promise<PageOf<SavedMetric>> {
  await projectFor(ctx, ctx.db, projectId, 'experiment:read');
  return listSavedMetricsNewestFirst(ctx.db, projectId, window);
}

export async function updateSavedMetric(ctx: CommandContext, projectId: number, id: number, input: SavedMetricInput): Promise<SavedMetric> {
  if (input.name !== undefined && input.name.trim() === '') throw invalid('name', 'must not be empty');
  await inTransaction(ctx, async (tx) => {
    await projectFor(ctx, tx.db, projectId, 'experiment:write');
    const found = await findSavedMetric(tx.db, id);
    if (!found || found.projectId !== projectId) throw notFound('saved metric', id);
    await writeSavedMetric(tx.db, id, { name: input.name?.trim() ?? found.name, description: input.description ?? found.description, query: input.query ?? found.query }, tx.at);
  });
  return (await findSavedMetric(ctx.db, id)) as SavedMetric;
}

/** Deletes the saved metric; experiments that linked it keep the metric they copied from it. */
export async function deleteSavedMetric(ctx: CommandContext, projectId: number, id: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    await projectFor(ctx, tx.db, projectId, 'experiment:write');
    const found = await findSavedMetric(tx.db, id);
    if (!found || found.projectId !== projectId) throw notFound('saved metric', id);
    await removeSavedMetric(tx.db, id);
  });
}

/** The saved metrics with these ids, in order; `invalid` naming the first id that does not exist. */
export async function savedMetricsFor(ctx: CommandContext, projectId: number, ids: readonly number[], field = 'saved_metrics_ids'): Promise<SavedMetric[]> {
  await projectFor(ctx, ctx.db, projectId, 'experiment:read');
  const found = new Map((await savedMetricsByIds(ctx.db, projectId, ids)).map((m) => [m.id, m]));
  return ids.map((id, i) => {
    const metric = found.get(id);
    if (!metric) throw invalid(`${field}[${i}].id`, `Saved metric ${id} does not exist`);
    return metric;
  });
}

type Links = readonly { savedMetricId: number; role: SavedMetricRole }[];

/** Replaces the saved metrics an experiment uses. */
export async function linkSavedMetrics(ctx: CommandContext, experimentId: number, links: Links): Promise<void> {
  await inTransaction(ctx, (tx) => linkSavedMetricsIn(ctx, tx, experimentId, links));
}

/**
 * The same inside a transaction the caller holds — an experiment command's `within` — so the
 * links are written together with the experiment or not at all.
 */
export async function linkSavedMetricsIn(ctx: CommandContext, tx: Tx, experimentId: number, links: Links): Promise<void> {
  const row = await findExperimentRow(tx.db, experimentId);
  if (!row) throw notFound('experiment', experimentId);
  await projectFor(ctx, tx.db, row.project_id, 'experiment:write');
  const found = await savedMetricsByIds(tx.db, row.project_id, links.map((l) => l.savedMetricId));
  const missing = links.findIndex((l) => !found.some((m) => m.id === l.savedMetricId));
  if (missing >= 0) throw invalid(`saved_metrics_ids[${missing}].id`, `Saved metric ${links[missing]?.savedMetricId} does not exist`);
  await replaceSavedMetricLinks(tx.db, experimentId, links, tx.at);
}
