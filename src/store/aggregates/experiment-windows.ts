/**
 * The experiments aggregates are kept for, with the attribution window each is aggregated over.
 * The window's signature is stored beside the aggregates: when an experiment starts, stops,
 * restarts or changes metrics, its signature changes and its aggregates are rebuilt from the log
 * (whichever command or dialect made the change).
 */
import { metricKey, type AttributionWindow } from '../../core/experiment/attribution.js';
import type { Metric } from '../../core/experiment/types.js';
import { parseJson, type Db } from '../repos/common.js';

export interface AggregatedExperiment {
  readonly id: number;
  readonly projectId: number;
  /** Null while the experiment has never started: nothing is attributed to it. */
  readonly window: AttributionWindow | null;
  readonly signature: string;
}

/** Only what changes attribution: the run and the metrics' (event, aggregation) identities. */
export function windowSignature(window: AttributionWindow | null): string {
  if (window === null) return 'none';
  const metrics = [...new Set(window.metrics.map(metricKey))].sort();
  return JSON.stringify({ start: window.startedAt, stop: window.stoppedAt, metrics });
}

export function windowOf(startedAt: string | null, stoppedAt: string | null, metrics: readonly Metric[]): AttributionWindow | null {
  if (startedAt === null) return null;
  return { startedAt: Date.parse(startedAt), stoppedAt: stoppedAt === null ? null : Date.parse(stoppedAt), metrics };
}

/** Experiments with one of `ids`, or in one of `projectIds`. */
export async function loadAggregatedExperiments(db: Db, ids: readonly number[], projectIds: readonly number[]): Promise<AggregatedExperiment[]> {
  if (ids.length === 0 && projectIds.length === 0) return [];
  const rows = await db
    .selectFrom('experiments')
    .select(['id', 'project_id', 'started_at', 'stopped_at', 'metrics'])
    .where((eb) => {
      const or = [];
      if (ids.length > 0) or.push(eb('id', 'in', [...ids]));
      if (projectIds.length > 0) or.push(eb('project_id', 'in', [...projectIds]));
      return eb.or(or);
    })
    .execute();
  return rows.map((r) => {
    const window = windowOf(r.started_at, r.stopped_at, parseJson<Metric[]>(r.metrics, []));
    return { id: r.id, projectId: r.project_id, window, signature: windowSignature(window) };
  });
}

export async function storedSignatures(db: Db, experimentIds: readonly number[]): Promise<Map<number, string>> {
  if (experimentIds.length === 0) return new Map();
  const rows = await db.selectFrom('experiment_aggregate_windows').select(['experiment_id', 'window']).where('experiment_id', 'in', [...experimentIds]).execute();
  return new Map(rows.map((r) => [r.experiment_id, r.window]));
}
