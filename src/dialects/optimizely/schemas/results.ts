/**
 * GET /v2/experiments/{id}/results and /timeseries: the ExperimentResults shape of Optimizely's
 * v2 API (shared/reference/optimizely-compat.md §6.1), plus two documented additions of ours:
 * `sample_ratio_mismatch` and `conflicted_visitors` (docs/results.md).
 */
import Type from 'typebox';
import { Id, Timestamp } from './common.js';

const Nullable = <T extends Type.TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Interval = Type.Array(Type.Number(), { minItems: 2, maxItems: 2 });

export const ResultsQuery = Type.Object({
  baseline_variation_id: Type.Optional(Id),
  start_time: Type.Optional(Type.String({ format: 'date-time', description: 'ISO 8601; clamped to the run; rounded down to the UTC day.' })),
  end_time: Type.Optional(Type.String({ format: 'date-time', description: 'ISO 8601; clamped to the run (default now or the stop); rounded up to the UTC day.' })),
});

const Lift = Type.Object({
  value: Nullable(Type.Number({ description: 'Relative lift vs the baseline (rate/baseline rate − 1).' })),
  confidence_interval: Nullable(Interval),
  significance: Nullable(Type.Number({ description: '1 − q (BH-adjusted p), a fraction.' })),
  is_significant: Type.Boolean(),
  is_most_conclusive: Type.Boolean(),
  lift_status: Type.Union([Type.Literal('better'), Type.Literal('worse'), Type.Literal('equal')]),
  visitors_remaining: Type.Integer({ description: 'Visitors still needed; 0 once significant; 9007199254740991 when not available.' }),
  value_scaled: Nullable(Type.Number({ description: 'Absolute difference of rates.' })),
  confidence_interval_scaled: Nullable(Interval),
  end_of_epoch: Type.Boolean(),
  p_value: Nullable(Type.Number({ description: 'Unadjusted p-value (always valid for the sequential method).' })),
  probability_to_be_best: Nullable(Type.Number()),
});

const VariationResult = Type.Object({
  variation_id: Type.String(),
  name: Type.String(),
  experiment_id: Id,
  level: Type.Literal('variation'),
  is_baseline: Type.Boolean(),
  value: Type.Number({ description: 'Numerator: converters (unique), conversions (count) or the summed field (sum).' }),
  samples: Type.Integer({ description: 'Denominator: visitors.' }),
  rate: Nullable(Type.Number()),
  variance: Nullable(Type.Number({ description: 'Per-visitor variance of the metric value.' })),
  lift: Type.Optional(Lift),
});

const MetricResult = Type.Object({
  name: Type.String(),
  event_id: Id,
  aggregator: Type.String(),
  field: Type.Optional(Type.String()),
  scope: Type.Literal('visitor'),
  winning_direction: Type.String(),
  conclusion: Type.Object({ winner: Nullable(Type.String()), loser: Nullable(Type.String()) }),
  results: Type.Record(Type.String(), VariationResult),
});

const Reach = Type.Object({
  baseline_count: Type.Integer(),
  baseline_reach: Type.Number(),
  treatment_count: Type.Integer(),
  treatment_reach: Type.Number(),
  total_count: Type.Integer(),
  variations: Type.Record(Type.String(), Type.Object({ variation_id: Type.String(), name: Type.String(), count: Type.Integer(), variation_reach: Type.Number() })),
});

const SampleRatioMismatch = Type.Object(
  {
    is_mismatch: Type.Boolean({ description: 'p_value < threshold.' }),
    p_value: Nullable(Type.Number()),
    chi_square: Nullable(Type.Number()),
    degrees_of_freedom: Type.Integer(),
    threshold: Type.Number(),
    expected_reach: Type.Record(Type.String(), Type.Number(), { description: 'Configured traffic share per variation id.' }),
  },
  { description: 'Chi-square test of the reach against the configured traffic weights.' },
);

const StatsConfig = Type.Object({
  confidence_level: Type.Number(),
  difference_type: Type.Literal('relative'),
  epoch_enabled: Type.Boolean(),
  method: Type.String({ description: 'sequential | frequentist | bayesian' }),
  false_discovery_control: Type.Boolean(),
});

const Snapshot = {
  reach: Reach,
  metrics: Type.Array(MetricResult),
  sample_ratio_mismatch: SampleRatioMismatch,
  conflicted_visitors: Type.Integer({ description: 'Visitors exposed to more than one variation, counted in none.' }),
};

export const ExperimentResults = Type.Object({
  experiment_id: Id,
  start_time: Timestamp,
  end_time: Timestamp,
  confidence_threshold: Type.Number(),
  is_stale: Type.Boolean(),
  stats_config: StatsConfig,
  ...Snapshot,
});

export const ExperimentTimeseries = Type.Object({
  experiment_id: Id,
  start_time: Timestamp,
  end_time: Timestamp,
  confidence_threshold: Type.Number(),
  stats_config: StatsConfig,
  timeseries: Type.Array(Type.Object({ date: Type.String({ format: 'date' }), end_time: Timestamp, ...Snapshot }), { description: 'One point per UTC day, cumulative from start_time.' }),
});
