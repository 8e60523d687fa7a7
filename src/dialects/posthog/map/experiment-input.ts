/** A PostHog experiment request, turned into core command input. */
import { invalid } from '../../../core/errors.js';
import type { MetricDraft } from '../../../core/experiment/metrics.js';
import type { StatsMethod } from '../../../core/experiment/types.js';
import { variantWeights } from '../../../core/experiment/variants.js';
import type { ExperimentRequest } from '../schemas/experiments.js';
import type { PostHogExtras } from './experiments.js';
import { metricRefs, type MetricRef, type SavedQueries } from './metrics.js';

type Json = Record<string, unknown>;

/** PostHog's default when no variants are given. */
const DEFAULT_VARIANTS = [
  { key: 'control', name: 'Control', rollout_percentage: 50 },
  { key: 'test', name: 'Test', rollout_percentage: 50 },
];

/** Fields an update may touch (PostHog's serializer); anything else is "Can't update keys". */
const UPDATABLE = new Set(['name', 'description', 'start_date', 'end_date', 'filters', 'parameters', 'archived', 'secondary_metrics', 'holdout_id', 'metrics', 'metrics_secondary', 'saved_metrics_ids', 'stats_config', 'feature_flag_key']);

export function assertUpdatableKeys(body: Json, flagKey: string): void {
  const rejected = Object.keys(body).filter((k) => !UPDATABLE.has(k) || (k === 'feature_flag_key' && body[k] !== flagKey));
  if (rejected.length) throw invalid('body', `Can't update keys: ${rejected.join(', ')} on Experiment`);
}

export function variationsOf(parameters: ExperimentRequest['parameters'], fallbackToDefault: boolean) {
  const given = parameters?.feature_flag_variants;
  if (given === undefined && !fallbackToDefault) return undefined;
  const variants = given ?? DEFAULT_VARIANTS;
  return variantWeights(
    'parameters.feature_flag_variants',
    variants.map((v) => ({ key: v.key, name: v.name ?? null, rolloutPercentage: v.rollout_percentage })),
    { maxVariants: 10, requiredKey: 'control' },
  );
}

export function statsMethodOf(config: ExperimentRequest['stats_config']): StatsMethod | null | undefined {
  if (config === undefined) return undefined;
  return config?.method ?? null;
}

const metricFields = ['filters', 'metrics', 'secondary_metrics', 'metrics_secondary'] as const;

/** Whether the request changes what the experiment measures. */
export function touchesMetrics(body: ExperimentRequest): boolean {
  return metricFields.some((f) => body[f] !== undefined) || body.saved_metrics_ids !== undefined;
}

/** The extras after applying the request to `current` (stored values where the request is silent). */
export function mergeExtras(current: PostHogExtras, body: ExperimentRequest): PostHogExtras {
  const { feature_flag_variants: _variants, ...planning } = (body.parameters ?? current.parameters) as Json;
  return {
    ...current,
    filters: body.filters === undefined ? current.filters : (body.filters ?? {}),
    parameters: planning,
    secondary_metrics: body.secondary_metrics === undefined ? current.secondary_metrics : (body.secondary_metrics ?? []),
    metrics: body.metrics === undefined ? current.metrics : (body.metrics ?? []),
    metrics_secondary: body.metrics_secondary === undefined ? current.metrics_secondary : (body.metrics_secondary ?? []),
    type: body.type ?? current.type,
    stats_config: body.stats_config === undefined ? current.stats_config : (body.stats_config ?? {}),
  };
}

/** The metric events the extras name, with the number of primary ones. */
export function metricsOfExtras(x: PostHogExtras, saved?: SavedQueries): { refs: MetricRef[]; primaryCount: number } {
  return metricRefs(x, saved);
}

/** Core metric drafts, once each event key has an id. */
export function metricDrafts(refs: readonly MetricRef[], eventIds: ReadonlyMap<string, number>): MetricDraft[] {
  return refs.map((r) => ({
    eventId: eventIds.get(r.eventKey) ?? 0,
    aggregator: r.aggregator,
    ...(r.valueField ? { field: r.valueField } : {}),
  }));
}
