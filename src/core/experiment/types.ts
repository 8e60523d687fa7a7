/** Domain types of an experiment, independent of any API dialect. */
import type { ExperimentStatus } from './lifecycle.js';

export const experimentTypes = ['ab', 'multivariate', 'personalization'] as const;
export type ExperimentType = (typeof experimentTypes)[number];

export const aggregators = ['unique', 'count', 'sum'] as const;
export type Aggregator = (typeof aggregators)[number];
export const winningDirections = ['increasing', 'decreasing'] as const;
export type WinningDirection = (typeof winningDirections)[number];
export const metricFields = ['value', 'revenue'] as const;
export type MetricField = (typeof metricFields)[number];

/** A metric on a conversion event; the first of an experiment's metrics is the primary one. */
export interface Metric {
  readonly eventId: number;
  readonly aggregator: Aggregator;
  /** For `sum`: which number of the event is summed. */
  readonly field: MetricField | null;
  readonly scope: 'visitor';
  readonly winningDirection: WinningDirection;
}

export const statsMethods = ['sequential', 'frequentist', 'bayesian'] as const;
export type StatsMethod = (typeof statsMethods)[number];

export interface ExperimentVariation {
  readonly variationId: number;
  readonly key: string;
  readonly name: string;
  /** Traffic weight in basis points (0..10000). */
  readonly weight: number;
}

export interface Experiment {
  readonly id: number;
  readonly publicId: string;
  readonly projectId: number;
  readonly flagId: number;
  readonly environmentId: number;
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly type: ExperimentType;
  readonly status: ExperimentStatus;
  readonly metrics: readonly Metric[];
  readonly variations: readonly ExperimentVariation[];
  readonly trafficPercentage: number;
  readonly statsMethod: StatsMethod | null;
  readonly holdoutId: number | null;
  readonly winnerVariationId: number | null;
  /** Dialect-owned presentation data with no rule in the core (targeting text, PostHog filters…). */
  readonly extras: Readonly<Record<string, unknown>>;
  readonly startedAt: string | null;
  readonly stoppedAt: string | null;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
