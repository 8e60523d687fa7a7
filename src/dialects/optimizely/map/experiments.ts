/** Experiments in Optimizely's words: status names, rule types and metrics. */
import { DomainError, invalid } from '../../../core/errors.js';
import { reachableFrom, type ExperimentStatus } from '../../../core/experiment/lifecycle.js';
import type { Experiment, ExperimentType } from '../../../core/experiment/types.js';
import type { MetricDraft } from '../../../core/experiment/metrics.js';
import type { ExperimentInput, statusInputs } from '../schemas/experiments.js';

const statusOutOf: Record<ExperimentStatus, 'not_started' | 'active' | 'paused' | 'archived'> = {
  draft: 'not_started',
  running: 'active',
  paused: 'paused',
  // The contract has no word for a finished experiment: it reads as paused, with concluded set.
  completed: 'paused',
  archived: 'archived',
};

const statusIn: Record<(typeof statusInputs)[number], ExperimentStatus> = {
  active: 'running',
  Running: 'running',
  paused: 'paused',
  Paused: 'paused',
  not_started: 'draft',
  'Not started': 'draft',
  archived: 'archived',
  Archived: 'archived',
  concluded: 'completed',
};

/** An illegal status change in Optimizely's words: the current status as the client reads it. */
export function illegalStatusChange(current: Experiment, requested: string): DomainError {
  const now = statusOutOf[current.status];
  const next = [...new Set(reachableFrom(current.status).map((s) => (s === 'completed' ? 'concluded' : statusOutOf[s])))];
  return new DomainError(
    'illegal_transition',
    `status: an experiment whose status is ${now}${current.status === 'completed' ? ' (concluded)' : ''} cannot become ${requested}` +
      (next.length ? `; from ${now} it can become ${next.join(', ')}` : `; ${now} is final`),
    { field: 'status' },
  );
}

export function coreStatus(status: ExperimentInput['status']): ExperimentStatus | undefined {
  return status === undefined ? undefined : statusIn[status];
}

const typeOut: Record<ExperimentType, 'a/b_test' | 'multivariate' | 'personalization'> = { ab: 'a/b_test', multivariate: 'multivariate', personalization: 'personalization' };

export function typeIn(type: ExperimentInput['type']): ExperimentType | undefined {
  if (type === undefined) return undefined;
  return type === 'a/b_test' ? 'ab' : type;
}

export function metricsIn(metrics: ExperimentInput['metrics']): MetricDraft[] | undefined {
  return metrics?.map((m) => ({
    eventId: m.event_id,
    ...(m.aggregator === undefined ? {} : { aggregator: m.aggregator }),
    ...(m.field === undefined ? {} : { field: m.field }),
    ...(m.scope === undefined ? {} : { scope: m.scope }),
    ...(m.winning_direction === undefined ? {} : { winningDirection: m.winning_direction }),
  }));
}

export function experimentOut(e: Experiment, keys: { flagKey: string; environmentKey: string }) {
  return {
    id: e.id,
    project_id: e.projectId,
    key: e.key,
    name: e.name,
    description: e.description,
    status: statusOutOf[e.status],
    concluded: e.status === 'completed',
    type: typeOut[e.type],
    flag_key: keys.flagKey,
    environment_key: keys.environmentKey,
    percentage_included: e.trafficPercentage,
    variations: e.variations.map((v) => ({ variation_id: v.variationId, key: v.key, name: v.name, weight: v.weight })),
    metrics: e.metrics.map((m) => ({
      event_id: m.eventId,
      aggregator: m.aggregator,
      ...(m.field ? { field: m.field } : {}),
      scope: m.scope,
      winning_direction: m.winningDirection,
    })),
    winner_variation_id: e.winnerVariationId,
    holdout_id: e.holdoutId,
    started: e.startedAt,
    stopped: e.stoppedAt,
    version: e.version,
    created: e.createdAt,
    last_modified: e.updatedAt,
  };
}

export function requireName(name: string | undefined): string {
  if (name === undefined) throw invalid('name', 'is required');
  return name;
}
