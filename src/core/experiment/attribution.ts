/**
 * Attribution, as one pure function of a single visitor's raw events: what that visitor adds to
 * an experiment's daily totals. Incremental aggregation and the full rebuild both call it, so they
 * agree by construction; the order in which events arrive never matters because the visitor's
 * events are sorted here (by time, then uuid) before anything is decided.
 *
 * The rules (docs/events.md):
 * - only exposures inside the experiment's run [startedAt, stoppedAt] count;
 * - first exposure wins: the visitor belongs to the variation of their earliest exposure;
 * - a visitor exposed to two variations is counted in neither (reported as conflicted, on the
 *   day of the first exposure to a second variation);
 * - a conversion counts when it is at or after the first exposure and not after the stop;
 * - a visitor's metric value is per aggregator: `unique` 0/1, `count` conversions, `sum` of the
 *   event's value or revenue. Deltas land on the day of the conversion, so summing cells up to a
 *   day gives the totals as of that day (including exact sums of squares).
 */
import type { Metric } from './types.js';

export const dayMs = 86_400_000;

/** UTC day index (days since 1970-01-01) of a millisecond timestamp. */
export function dayOf(ts: number): number {
  return Math.floor(ts / dayMs);
}

/** `YYYY-MM-DD` of a day index. */
export function dayString(day: number): string {
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

/** Stable identity of a metric inside aggregates: the same event and aggregation share numbers. */
export function metricKey(m: Pick<Metric, 'eventId' | 'aggregator' | 'field'>): string {
  return `${m.eventId}:${m.aggregator}:${m.field ?? ''}`;
}

export interface AttributionWindow {
  /** ms since the epoch. */
  readonly startedAt: number;
  /** ms since the epoch; null while running. */
  readonly stoppedAt: number | null;
  readonly metrics: readonly Pick<Metric, 'eventId' | 'aggregator' | 'field'>[];
}

export interface VisitorExposure {
  readonly uuid: string;
  readonly ts: number;
  readonly variationId: number;
}

export interface VisitorConversion {
  readonly uuid: string;
  readonly ts: number;
  readonly eventId: number;
  readonly value: number | null;
  readonly revenue: number | null;
}

export interface MetricDelta {
  /** Visitors whose first counted conversion fell on this day. */
  readonly converters: number;
  readonly sum: number;
  readonly sumSquares: number;
}

/** What one visitor adds to (experiment, variation, day). */
export interface ContributionCell {
  readonly day: number;
  readonly variationId: number;
  /** 1 on the day of the first exposure, else 0. */
  readonly visitors: number;
  /** By metric key; only metrics that changed that day. */
  readonly metrics: Readonly<Record<string, MetricDelta>>;
}

export interface VisitorContribution {
  /** Null when the visitor counts nowhere (no exposure in the run, or conflicted). */
  readonly cells: readonly ContributionCell[];
  /** Set when the visitor was exposed to two or more variations: the day it became visible. */
  readonly conflictedDay: number | null;
}

const byTimeThenUuid = (a: { ts: number; uuid: string }, b: { ts: number; uuid: string }): number =>
  a.ts - b.ts || (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0);

export const noContribution: VisitorContribution = { cells: [], conflictedDay: null };

export function visitorContribution(
  window: AttributionWindow,
  exposures: readonly VisitorExposure[],
  conversions: readonly VisitorConversion[],
): VisitorContribution {
  const stop = window.stoppedAt ?? Number.POSITIVE_INFINITY;
  const inRun = exposures.filter((e) => e.ts >= window.startedAt && e.ts <= stop).sort(byTimeThenUuid);
  const first = inRun[0];
  if (!first) return noContribution;
  const other = inRun.find((e) => e.variationId !== first.variationId);
  if (other) return { cells: [], conflictedDay: dayOf(other.ts) };

  const cells = new Map<number, { visitors: number; metrics: Record<string, { converters: number; sum: number; sumSquares: number }> }>();
  const cellOf = (day: number) => {
    let c = cells.get(day);
    if (!c) cells.set(day, (c = { visitors: 0, metrics: {} }));
    return c;
  };
  cellOf(dayOf(first.ts)).visitors = 1;

  const counted = conversions.filter((c) => c.ts >= first.ts && c.ts <= stop).sort(byTimeThenUuid);
  const seen = new Set<string>();
  for (const m of window.metrics) {
    const key = metricKey(m);
    // Two metrics with the same event and aggregation are the same numbers: compute once.
    if (seen.has(key)) continue;
    seen.add(key);
    let value = 0;
    let converted = false;
    for (const c of counted) {
      if (c.eventId !== m.eventId) continue;
      let next: number;
      if (m.aggregator === 'unique') next = 1;
      else if (m.aggregator === 'count') next = value + 1;
      else next = value + ((m.field === 'revenue' ? c.revenue : c.value) ?? 0);
      const delta = {
        converters: converted ? 0 : 1,
        sum: next - value,
        sumSquares: next * next - value * value,
      };
      converted = true;
      value = next;
      if (delta.converters === 0 && delta.sum === 0 && delta.sumSquares === 0) continue;
      const cell = cellOf(dayOf(c.ts));
      const prev = cell.metrics[key];
      cell.metrics[key] = prev
        ? { converters: prev.converters + delta.converters, sum: prev.sum + delta.sum, sumSquares: prev.sumSquares + delta.sumSquares }
        : delta;
    }
  }
  return {
    cells: [...cells].sort((a, b) => a[0] - b[0]).map(([day, c]) => ({ day, variationId: first.variationId, visitors: c.visitors, metrics: c.metrics })),
    conflictedDay: null,
  };
}
