/**
 * Experiments in PostHog's words. PostHog stores no status: it derives one from `start_date`
 * (draft until set), `end_date` (ended) and `archived`. The core lifecycle maps onto those
 * fields; "paused" has no PostHog field, so a paused experiment reads as launched and not ended,
 * with its flag inactive and the `status` extension saying `paused`.
 */
import type { ExperimentStatus } from '../../../core/experiment/lifecycle.js';
import type { Experiment } from '../../../core/experiment/types.js';
import type { SavedMetric, SavedMetricLink } from '../../../core/experiment/saved-metric.js';

type Json = Record<string, unknown>;

/** What the PostHog dialect keeps in the experiment's extras (data with no rule in the core). */
export interface PostHogExtras {
  filters: Json;
  parameters: Json;
  secondary_metrics: Json[];
  metrics: Json[];
  metrics_secondary: Json[];
  type: string;
  stats_config: Json;
  /** How many of the core metrics are primary (the rest are secondary, in request order). */
  primary_count: number;
}

export const EXTRAS_KEY = 'posthog';

export function extrasOf(e: Experiment): PostHogExtras {
  const stored = (e.extras[EXTRAS_KEY] ?? {}) as Partial<PostHogExtras>;
  return {
    filters: stored.filters ?? {},
    parameters: stored.parameters ?? {},
    secondary_metrics: stored.secondary_metrics ?? [],
    metrics: stored.metrics ?? [],
    metrics_secondary: stored.metrics_secondary ?? [],
    type: stored.type ?? 'product',
    stats_config: stored.stats_config ?? (e.statsMethod ? { method: e.statsMethod } : {}),
    primary_count: stored.primary_count ?? 0,
  };
}

const statusOut: Record<ExperimentStatus, 'draft' | 'running' | 'paused' | 'complete' | 'archived'> = {
  draft: 'draft',
  running: 'running',
  paused: 'paused',
  completed: 'complete',
  archived: 'archived',
};

/** The experiment; `holdout` is its holdout in the holdout endpoint's shape, when it has one. */
export function experimentOut(
  e: Experiment,
  flagKey: string,
  saved: readonly { link: SavedMetricLink; metric: SavedMetric }[] = [],
  exposureCohort: number | null = null,
  holdout: Json | null = null,
) {
  const x = extrasOf(e);
  const variants = e.variations.map((v) => ({ key: v.key, name: v.name, rollout_percentage: v.weight / 100 }));
  return {
    id: e.id,
    name: e.name,
    description: e.description,
    ...(e.startedAt === null ? {} : { start_date: e.startedAt }),
    ...(e.stoppedAt === null ? {} : { end_date: e.stoppedAt }),
    feature_flag_key: flagKey,
    feature_flag: { id: e.flagId, key: flagKey, active: e.status === 'running' },
    ...(e.holdoutId === null ? {} : { holdout_id: e.holdoutId }),
    holdout: e.holdoutId === null ? null : (holdout ?? { id: e.holdoutId }),
    exposure_cohort: exposureCohort,
    parameters: { ...x.parameters, feature_flag_variants: variants },
    secondary_metrics: x.secondary_metrics,
    saved_metrics: saved.map(({ link, metric }) => ({
      id: link.id,
      experiment: e.id,
      saved_metric: metric.id,
      metadata: { type: link.role },
      created_at: link.createdAt,
      query: metric.query,
      name: metric.name,
    })),
    filters: x.filters,
    archived: e.status === 'archived',
    type: x.type,
    metrics: x.metrics,
    metrics_secondary: x.metrics_secondary,
    stats_config: x.stats_config,
    status: statusOut[e.status],
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}
