/**
 * The window a results request covers: the experiment's run [startedAt, stoppedAt ?? now],
 * narrowed by the request's optional start and end, then widened to whole UTC days because the
 * aggregates are kept per day (a day counts when the window touches it). Bounds outside the run
 * are clamped to it, as Optimizely's start/end defaults and Ours' startDate/endDate do.
 */
import { dayOf, dayMs } from './attribution.js';

export interface RunTimes {
  /** ISO-8601; null for an experiment that never started. */
  readonly startedAt: string | null;
  readonly stoppedAt: string | null;
}

export interface RequestedWindow {
  /** ms since the epoch. */
  readonly start?: number;
  readonly end?: number;
}

export interface ResultsWindow {
  /** The clamped bounds, ms since the epoch (start ≤ end). */
  readonly start: number;
  readonly end: number;
  /** First and last UTC day index whose aggregates are summed. */
  readonly startDay: number;
  readonly endDay: number;
}

/**
 * The clamped window, or null when there is nothing to read: the experiment never started, or
 * the requested window ends before the run starts or starts after it ends.
 */
export function resultsWindow(run: RunTimes, requested: RequestedWindow, now: number): ResultsWindow | null {
  if (run.startedAt === null) return null;
  const runStart = Date.parse(run.startedAt);
  const runEnd = run.stoppedAt === null ? Math.max(now, runStart) : Date.parse(run.stoppedAt);
  const start = Math.max(runStart, requested.start ?? runStart);
  const end = Math.min(runEnd, requested.end ?? runEnd);
  if (!(start <= end)) return null;
  return { start, end, startDay: dayOf(start), endDay: dayOf(end) };
}

/** `YYYY-MM-DD` as a UTC day's first millisecond, or null when the text is not a real date. */
export function parseUtcDay(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const ms = Date.parse(`${text}T00:00:00.000Z`);
  // Date.parse rolls 2026-02-30 over to March; a round trip catches it.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) return null;
  return ms;
}

/** The last millisecond of the UTC day that contains `ms`. */
export function endOfUtcDay(ms: number): number {
  return (dayOf(ms) + 1) * dayMs - 1;
}
