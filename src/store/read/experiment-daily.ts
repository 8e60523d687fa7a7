/**
 * An experiment's totals per variation × day × metric: what the results service reads.
 * Cells hold what changed on that day, so summing cells up to a day gives the totals as of
 * that day. `experimentDailyFromLog` recomputes them from the raw event log with the one
 * attribution rule (`visitorContribution`); `readExperimentDaily` is what results use: it reads
 * the incremental aggregates (store/aggregates, docs/events.md), O(variations × days).
 */
import {
  visitorContribution,
  type AttributionWindow,
  type MetricDelta,
  type VisitorConversion,
  type VisitorExposure,
} from '../../core/experiment/attribution.js';
import type { Metric } from '../../core/experiment/types.js';
import type { Db } from '../repos/common.js';
import { windowSignature } from '../aggregates/experiment-windows.js';
import { foldNewEvents, hasUnfoldedEvents } from '../aggregates/fold.js';
import { inFoldTransaction } from '../aggregates/fold-transaction.js';
import { rebuildExperiment } from '../aggregates/rebuild.js';
import { loadAggregatedExperiments, storedSignatures } from '../aggregates/experiment-windows.js';
import { readCells } from '../aggregates/read-cells.js';

export interface DailyCell {
  readonly day: number;
  readonly variationId: number;
  readonly visitors: number;
  readonly metrics: Readonly<Record<string, MetricDelta>>;
}

export interface ExperimentDaily {
  /** Sorted by day, then variation id. */
  readonly cells: readonly DailyCell[];
  /** Visitors exposed to more than one variation, by the day that became visible. */
  readonly conflicted: readonly { readonly day: number; readonly visitors: number }[];
}

export interface ExperimentWindow {
  readonly id: number;
  readonly projectId: number;
  readonly metrics: readonly Metric[];
  readonly startedAt: string | null;
  readonly stoppedAt: string | null;
}

export function attributionWindow(e: ExperimentWindow): AttributionWindow | null {
  if (e.startedAt === null) return null;
  return { startedAt: Date.parse(e.startedAt), stoppedAt: e.stoppedAt === null ? null : Date.parse(e.stoppedAt), metrics: e.metrics };
}

/** Adds `cell` into the cell map keyed `${day}/${variationId}`. */
function addCell(into: Map<string, { day: number; variationId: number; visitors: number; metrics: Record<string, MetricDelta> }>, cell: DailyCell): void {
  const k = `${cell.day}/${cell.variationId}`;
  let c = into.get(k);
  if (!c) into.set(k, (c = { day: cell.day, variationId: cell.variationId, visitors: 0, metrics: {} }));
  c.visitors += cell.visitors;
  for (const [key, d] of Object.entries(cell.metrics)) {
    const p = c.metrics[key] ?? { converters: 0, sum: 0, sumSquares: 0 };
    c.metrics[key] = { converters: p.converters + d.converters, sum: p.sum + d.sum, sumSquares: p.sumSquares + d.sumSquares };
  }
}

/** The reference recomputation from raw events (the rebuild's definition). */
export async function experimentDailyFromLog(db: Db, e: ExperimentWindow): Promise<ExperimentDaily> {
  const window = attributionWindow(e);
  if (!window) return { cells: [], conflicted: [] };
  const exposures = await db
    .selectFrom('event_log')
    .select(['visitor_id', 'variation_id', 'ts', 'uuid'])
    .where('project_id', '=', e.projectId)
    .where('kind', '=', 'exposure')
    .where('experiment_id', '=', e.id)
    .execute();
  const byVisitor = new Map<string, { exposures: VisitorExposure[]; conversions: VisitorConversion[] }>();
  for (const x of exposures) {
    if (x.variation_id === null) continue;
    let v = byVisitor.get(x.visitor_id);
    if (!v) byVisitor.set(x.visitor_id, (v = { exposures: [], conversions: [] }));
    v.exposures.push({ uuid: x.uuid, ts: Number(x.ts), variationId: x.variation_id });
  }
  const eventIds = [...new Set(e.metrics.map((m) => m.eventId))];
  if (eventIds.length > 0 && byVisitor.size > 0) {
    const conversions = await db
      .selectFrom('event_log')
      .select(['visitor_id', 'event_id', 'ts', 'uuid', 'value', 'revenue'])
      .where('project_id', '=', e.projectId)
      .where('kind', '=', 'conversion')
      .where('event_id', 'in', eventIds)
      .where('ts', '>=', window.startedAt)
      .execute();
    for (const c of conversions) {
      const v = byVisitor.get(c.visitor_id);
      if (!v || c.event_id === null) continue;
      v.conversions.push({ uuid: c.uuid, ts: Number(c.ts), eventId: c.event_id, value: c.value === null ? null : Number(c.value), revenue: c.revenue === null ? null : Number(c.revenue) });
    }
  }
  const cells = new Map<string, { day: number; variationId: number; visitors: number; metrics: Record<string, MetricDelta> }>();
  const conflicted = new Map<number, number>();
  for (const v of byVisitor.values()) {
    const contribution = visitorContribution(window, v.exposures, v.conversions);
    if (contribution.conflictedDay !== null) conflicted.set(contribution.conflictedDay, (conflicted.get(contribution.conflictedDay) ?? 0) + 1);
    for (const cell of contribution.cells) addCell(cells, cell);
  }
  return {
    cells: [...cells.values()].sort((a, b) => a.day - b.day || a.variationId - b.variationId),
    conflicted: [...conflicted].sort((a, b) => a[0] - b[0]).map(([day, visitors]) => ({ day, visitors })),
  };
}

/**
 * What results read: the experiment's aggregates, first brought up to date with every event
 * committed so far (read-your-writes: a batch answered 204 is in the next read). When the
 * aggregates were computed for another window than `e`'s (it just started, stopped or changed
 * metrics), they are rebuilt first — or, if `e` is not what the database holds, `e`'s numbers
 * are recomputed from the log.
 */
export async function readExperimentDaily(db: Db, e: ExperimentWindow): Promise<ExperimentDaily> {
  const window = attributionWindow(e);
  if (!window) return { cells: [], conflicted: [] };
  if (await hasUnfoldedEvents(db)) await foldNewEvents(db);
  const wanted = windowSignature(window);
  if ((await storedSignatures(db, [e.id])).get(e.id) !== wanted) {
    const current = await inFoldTransaction(db, async (trx) => {
      const [experiment] = await loadAggregatedExperiments(trx, [e.id], []);
      if (experiment?.signature !== wanted || experiment.projectId !== e.projectId) return false;
      if ((await storedSignatures(trx, [e.id])).get(e.id) !== wanted) await rebuildExperiment(trx, experiment);
      return true;
    });
    if (!current) return experimentDailyFromLog(db, e);
  }
  return readCells(db, e.id);
}

