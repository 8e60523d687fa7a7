/** An experiment's daily cells as results read them, from the aggregates tables. */
import type { MetricDelta } from '../../core/experiment/attribution.js';
import type { Db } from '../repos/common.js';
import { conflictedVariation, fromMicros } from './cell-deltas.js';

export interface StoredDaily {
  readonly cells: { day: number; variationId: number; visitors: number; metrics: Record<string, MetricDelta> }[];
  readonly conflicted: { day: number; visitors: number }[];
}

export async function readCells(db: Db, experimentId: number): Promise<StoredDaily> {
  const rows = await db.selectFrom('experiment_daily_cells').selectAll().where('experiment_id', '=', experimentId).orderBy('day').orderBy('variation_id').orderBy('metric_key').execute();
  const cells: StoredDaily['cells'] = [];
  const conflicted: StoredDaily['conflicted'] = [];
  for (const r of rows) {
    if (r.variation_id === conflictedVariation) {
      if (r.metric_key === '') conflicted.push({ day: r.day, visitors: Number(r.visitors) });
      continue;
    }
    let cell = cells[cells.length - 1];
    if (!cell || cell.day !== r.day || cell.variationId !== r.variation_id) cells.push((cell = { day: r.day, variationId: r.variation_id, visitors: 0, metrics: {} }));
    if (r.metric_key === '') cell.visitors = Number(r.visitors);
    else cell.metrics[r.metric_key] = { converters: Number(r.converters), sum: fromMicros(BigInt(r.sum_micros)), sumSquares: fromMicros(BigInt(r.sum_squares_micros)) };
  }
  return { cells, conflicted };
}
