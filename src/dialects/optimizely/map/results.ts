/**
 * The core results in Optimizely's v2 ExperimentResults shape (optimizely-compat.md §6.1–6.2):
 * `value`/`samples`/`rate`/`variance` per variation, and for the others a `lift` whose `value`
 * is the relative lift, `significance` = 1 − q, `is_significant` = significance ≥ threshold and
 * `lift_status` after the winning direction. `visitors_remaining` is 2^53 − 1 when not available
 * (Optimizely sends int64 max, which a JSON number cannot carry exactly).
 */
import type { ExperimentAnalysis, ExperimentResults, ResultsMetric, ResultsPoint, VariationCounts } from '../../../commands/results/experiment-results.js';
import { variationMetric } from '../../../commands/results/experiment-results.js';

const NOT_AVAILABLE = Number.MAX_SAFE_INTEGER;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

interface Snapshot {
  readonly counts: ReadonlyMap<number, VariationCounts>;
  readonly analysis: ExperimentAnalysis;
}

function reachOut(r: ExperimentResults, counts: ReadonlyMap<number, VariationCounts>) {
  const count = (id: number) => counts.get(id)?.visitors ?? 0;
  const total = r.variations.reduce((s, v) => s + count(v.variationId), 0);
  const share = (n: number) => (total > 0 ? n / total : 0);
  const baseline = count(r.baselineVariationId);
  return {
    baseline_count: baseline,
    baseline_reach: share(baseline),
    treatment_count: total - baseline,
    treatment_reach: share(total - baseline),
    total_count: total,
    variations: Object.fromEntries(
      r.variations.map((v) => [String(v.variationId), { variation_id: String(v.variationId), name: v.name, count: count(v.variationId), variation_reach: share(count(v.variationId)) }]),
    ),
  };
}

function metricOut(r: ExperimentResults, m: ResultsMetric, at: Snapshot) {
  const rows = r.variations.map((v) => ({ v, ...variationMetric(r, m, v.variationId, at) }));
  const significant = rows.filter((x) => x.stats?.lift?.isSignificant === true);
  const better = significant.filter((x) => x.stats?.lift?.liftStatus === 'better');
  const worse = significant.filter((x) => x.stats?.lift?.liftStatus === 'worse');
  const byLift = (a: (typeof rows)[number], b: (typeof rows)[number]) => Math.abs(b.stats?.lift?.absolute ?? 0) - Math.abs(a.stats?.lift?.absolute ?? 0);
  const winner = better.sort(byLift)[0]?.v.variationId ?? null;
  const loser = worse.sort(byLift)[0]?.v.variationId ?? null;
  const results = rows.map(({ v, cell, stats }) => {
    const unique = m.metric.aggregator === 'unique';
    const value = unique ? cell.converters : cell.sum;
    const lift = stats?.lift;
    return [String(v.variationId), {
      variation_id: String(v.variationId),
      name: v.name,
      experiment_id: r.experiment.id,
      level: 'variation' as const,
      is_baseline: v.variationId === r.baselineVariationId,
      value,
      samples: cell.visitors,
      rate: cell.visitors > 0 ? value / cell.visitors : null,
      variance: stats?.variance ?? null,
      ...(v.variationId === r.baselineVariationId ? {} : {
        lift: {
          value: lift?.relative ?? null,
          confidence_interval: lift?.relativeInterval ? [...lift.relativeInterval] : null,
          significance: lift?.significance ?? null,
          is_significant: lift?.isSignificant ?? false,
          is_most_conclusive: winner === v.variationId || (winner === null && loser === v.variationId),
          lift_status: lift?.liftStatus ?? 'equal',
          visitors_remaining: lift?.visitorsRemaining ?? NOT_AVAILABLE,
          value_scaled: lift?.absolute ?? null,
          confidence_interval_scaled: lift?.absoluteInterval ? [...lift.absoluteInterval] : null,
          end_of_epoch: false,
          p_value: lift?.pValue ?? null,
          probability_to_be_best: stats?.probabilityToBeBest ?? null,
        },
      }),
    }] as const;
  });
  return {
    name: m.event?.name ?? `event ${m.metric.eventId}`,
    event_id: m.metric.eventId,
    aggregator: m.metric.aggregator,
    ...(m.metric.field === null ? {} : { field: m.metric.field }),
    scope: m.metric.scope,
    winning_direction: m.metric.winningDirection,
    conclusion: { winner: winner === null ? null : String(winner), loser: loser === null ? null : String(loser) },
    results: Object.fromEntries(results),
  };
}

function snapshotOut(r: ExperimentResults, at: Snapshot, conflicted: number) {
  const weightTotal = r.variations.reduce((s, v) => s + v.weight, 0);
  const srm = at.analysis.srm;
  return {
    reach: reachOut(r, at.counts),
    metrics: r.metrics.map((m) => metricOut(r, m, at)),
    sample_ratio_mismatch: {
      is_mismatch: srm.isMismatch,
      p_value: srm.pValue,
      chi_square: srm.chiSquare === null || Number.isFinite(srm.chiSquare) ? srm.chiSquare : null,
      degrees_of_freedom: srm.df,
      threshold: srm.threshold,
      expected_reach: Object.fromEntries(r.variations.map((v) => [String(v.variationId), weightTotal > 0 ? v.weight / weightTotal : 0])),
    },
    conflicted_visitors: conflicted,
  };
}

function header(r: ExperimentResults) {
  const window = r.window ?? { start: 0, end: 0 };
  return {
    experiment_id: r.experiment.id,
    start_time: iso(window.start),
    end_time: iso(window.end),
    confidence_threshold: r.options.confidenceLevel,
    stats_config: {
      confidence_level: r.options.confidenceLevel,
      difference_type: 'relative' as const,
      epoch_enabled: false,
      method: r.options.method,
      false_discovery_control: r.options.falseDiscoveryControl && r.options.method !== 'bayesian',
    },
  };
}

export function resultsOut(r: ExperimentResults) {
  return { ...header(r), is_stale: false, ...snapshotOut(r, { counts: r.totals, analysis: r.analysis }, r.conflictedVisitors) };
}

export function timeseriesOut(r: ExperimentResults) {
  const end = r.window?.end ?? 0;
  const point = (p: ResultsPoint) => ({
    date: p.date,
    end_time: iso(Math.min(end, (p.day + 1) * 86_400_000 - 1000)),
    ...snapshotOut(r, { counts: p.cumulative, analysis: p.analysis ?? r.analysis }, p.conflictedCumulative),
  });
  return { ...header(r), timeseries: r.series.map(point) };
}
