/**
 * Per-variation totals of an experiment recomputed from the raw event log: a visitor belongs to
 * the variation of their first exposure within the experiment's run, and a conversion counts
 * when it happens at or after that exposure (and before the experiment stopped). This is the
 * reference recomputation; the incremental aggregates of the results service must agree with it.
 */
import type { Metric } from '../../core/experiment/types.js';
import type { Db } from '../repos/common.js';

export interface MetricTotalsRow {
  /** Visitors with at least one counted conversion. */
  readonly converters: number;
  /** Counted conversions (count), or summed values (sum), or converters (unique). */
  readonly sum: number;
  /** Sum over visitors of the squared per-visitor value. */
  readonly sumSquares: number;
}

export interface VariationTotals {
  readonly variationId: number;
  readonly visitors: number;
  /** Per metric index of the experiment. */
  readonly metrics: readonly MetricTotalsRow[];
}

export async function experimentTotalsFromLog(
  db: Db,
  e: { id: number; projectId: number; metrics: readonly Metric[]; startedAt: string; stoppedAt: string | null },
): Promise<VariationTotals[]> {
  const fromMs = Date.parse(e.startedAt);
  const toMs = e.stoppedAt === null ? Number.MAX_SAFE_INTEGER : Date.parse(e.stoppedAt);
  const exposures = await db
    .selectFrom('event_log')
    .select(['visitor_id', 'variation_id', 'ts'])
    .where('project_id', '=', e.projectId)
    .where('kind', '=', 'exposure')
    .where('experiment_id', '=', e.id)
    .where('ts', '>=', fromMs)
    .where('ts', '<=', toMs)
    .orderBy('ts')
    .orderBy('id')
    .execute();
  const first = new Map<string, { variationId: number; ts: number }>();
  for (const x of exposures) {
    if (x.variation_id !== null && !first.has(x.visitor_id)) first.set(x.visitor_id, { variationId: x.variation_id, ts: Number(x.ts) });
  }
  const eventIds = [...new Set(e.metrics.map((m) => m.eventId))];
  const conversions = eventIds.length === 0 ? [] : await db
    .selectFrom('event_log')
    .select(['visitor_id', 'event_id', 'ts', 'value', 'revenue'])
    .where('project_id', '=', e.projectId)
    .where('kind', '=', 'conversion')
    .where('event_id', 'in', eventIds)
    .where('ts', '>=', fromMs)
    .where('ts', '<=', toMs)
    .execute();
  // visitor → per metric value
  const values = new Map<string, number[]>();
  for (const c of conversions) {
    const exposure = first.get(c.visitor_id);
    if (!exposure || Number(c.ts) < exposure.ts) continue;
    const row = values.get(c.visitor_id) ?? e.metrics.map(() => 0);
    e.metrics.forEach((m, i) => {
      if (m.eventId !== c.event_id) return;
      if (m.aggregator === 'unique') row[i] = 1;
      else if (m.aggregator === 'count') row[i] = (row[i] ?? 0) + 1;
      else row[i] = (row[i] ?? 0) + Number((m.field === 'revenue' ? c.revenue : c.value) ?? 0);
    });
    values.set(c.visitor_id, row);
  }
  const byVariation = new Map<number, { visitors: number; metrics: { converters: number; sum: number; sumSquares: number }[] }>();
  for (const [visitor, exposure] of first) {
    const totals = byVariation.get(exposure.variationId) ?? { visitors: 0, metrics: e.metrics.map(() => ({ converters: 0, sum: 0, sumSquares: 0 })) };
    totals.visitors++;
    const row = values.get(visitor);
    if (row) {
      row.forEach((v, i) => {
        const t = totals.metrics[i];
        if (!t || v === 0) return;
        t.converters++;
        t.sum += v;
        t.sumSquares += v * v;
      });
    }
    byVariation.set(exposure.variationId, totals);
  }
  return [...byVariation].map(([variationId, t]) => ({ variationId, visitors: t.visitors, metrics: t.metrics }));
}
