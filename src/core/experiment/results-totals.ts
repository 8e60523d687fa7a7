/**
 * Turns an experiment's daily aggregate cells (what changed per variation × day × metric) into
 * the totals a results response shows: per day of the window, what that day added and the
 * running totals since the window's first day. Summing deltas is exact — the cells hold counts,
 * sums and sums of squares per visitor (attribution.ts) — so the last running total equals the
 * totals of the whole window, and one pass serves both the results and the time series.
 */
import { dayString, metricKey, type MetricDelta } from './attribution.js';
import type { Metric } from './types.js';

export type MetricCounts = MetricDelta;

/** One variation's visitors and per-metric counts (by metric key). */
export interface VariationCounts {
  readonly visitors: number;
  readonly metrics: Readonly<Record<string, MetricCounts>>;
}

export interface DailyCellInput {
  readonly day: number;
  readonly variationId: number;
  readonly visitors: number;
  readonly metrics: Readonly<Record<string, MetricDelta>>;
}

export interface DayTotals {
  readonly day: number;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** What this day added, by variation id (every requested variation present). */
  readonly added: ReadonlyMap<number, VariationCounts>;
  /** Running totals from the window's first day through this one. */
  readonly cumulative: ReadonlyMap<number, VariationCounts>;
  /** Visitors who became conflicted (exposed to two variations) this day, and so far. */
  readonly conflictedAdded: number;
  readonly conflictedCumulative: number;
}

export interface TotalsScope {
  readonly variationIds: readonly number[];
  readonly metricKeys: readonly string[];
  readonly startDay: number;
  readonly endDay: number;
}

const zero: MetricCounts = Object.freeze({ converters: 0, sum: 0, sumSquares: 0 });

function emptyCounts(metricKeys: readonly string[]): { visitors: number; metrics: Record<string, MetricCounts> } {
  return { visitors: 0, metrics: Object.fromEntries(metricKeys.map((k) => [k, zero])) };
}

function plus(a: MetricCounts, b: MetricCounts): MetricCounts {
  return { converters: a.converters + b.converters, sum: a.sum + b.sum, sumSquares: a.sumSquares + b.sumSquares };
}

/**
 * One entry per day of [startDay, endDay]. Cells of other days, other variations or other
 * metrics are ignored. Cost O(days × variations × metrics + cells).
 */
export function totalsByDay(
  cells: readonly DailyCellInput[],
  conflicted: readonly { readonly day: number; readonly visitors: number }[],
  scope: TotalsScope,
): DayTotals[] {
  const { variationIds, metricKeys, startDay, endDay } = scope;
  const wanted = new Set(variationIds);
  const byDay = new Map<number, DailyCellInput[]>();
  for (const cell of cells) {
    if (cell.day < startDay || cell.day > endDay || !wanted.has(cell.variationId)) continue;
    const list = byDay.get(cell.day);
    if (list) list.push(cell);
    else byDay.set(cell.day, [cell]);
  }
  const conflictedByDay = new Map(conflicted.map((c) => [c.day, c.visitors]));
  const running = new Map(variationIds.map((id) => [id, emptyCounts(metricKeys)]));
  let conflictedSoFar = 0;
  const out: DayTotals[] = [];
  for (let day = startDay; day <= endDay; day += 1) {
    const added = new Map(variationIds.map((id) => [id, emptyCounts(metricKeys)]));
    for (const cell of byDay.get(day) ?? []) {
      const a = added.get(cell.variationId);
      if (!a) continue;
      a.visitors += cell.visitors;
      for (const key of metricKeys) {
        const delta = cell.metrics[key];
        if (delta) a.metrics[key] = plus(a.metrics[key] ?? zero, delta);
      }
    }
    const cumulative = new Map<number, VariationCounts>();
    for (const id of variationIds) {
      const a = added.get(id) ?? emptyCounts(metricKeys);
      const r = running.get(id) ?? emptyCounts(metricKeys);
      r.visitors += a.visitors;
      for (const key of metricKeys) r.metrics[key] = plus(r.metrics[key] ?? zero, a.metrics[key] ?? zero);
      cumulative.set(id, { visitors: r.visitors, metrics: { ...r.metrics } });
    }
    const conflictedAdded = conflictedByDay.get(day) ?? 0;
    conflictedSoFar += conflictedAdded;
    out.push({ day, date: dayString(day), added, cumulative, conflictedAdded, conflictedCumulative: conflictedSoFar });
  }
  return out;
}

/** One metric of one variation, with the variation's visitors: what every results shape shows. */
export interface MetricCell extends MetricCounts {
  readonly visitors: number;
}

/** The cell of `metric` in `counts` (zeros when the variation or metric has none). */
export function metricCell(counts: VariationCounts | undefined, metric: Pick<Metric, 'eventId' | 'aggregator' | 'field'>): MetricCell {
  const c = counts?.metrics[metricKey(metric)] ?? zero;
  return { visitors: counts?.visitors ?? 0, converters: c.converters, sum: c.sum, sumSquares: c.sumSquares };
}
