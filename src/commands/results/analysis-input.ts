/**
 * From totals to the input of analyzeExperiment: each selected metric becomes a MetricSpec with
 * id = its position in the selection, each variation a VariationInput with id = its variation
 * id as text. Pure; the results service and the unit tests share it.
 */
import { metricKey } from '../../core/experiment/attribution.js';
import type { VariationCounts } from '../../core/experiment/results-totals.js';
import type { ExperimentVariation, Metric } from '../../core/experiment/types.js';
import type { AnalysisOptions, ExperimentInput, MetricKind, MetricTotals } from '../../stats/index.js';

/** A unique-visitor metric is a conversion rate; count and sum metrics are means per visitor. */
export function metricKindOf(m: Pick<Metric, 'aggregator'>): MetricKind {
  return m.aggregator === 'unique' ? 'conversion' : 'mean';
}

/** Totals of one metric in one variation as analyzeExperiment reads them. */
export function metricTotals(metric: Metric, counts: VariationCounts | undefined): MetricTotals {
  const c = counts?.metrics[metricKey(metric)];
  const n = counts?.visitors ?? 0;
  // For a conversion metric the value of a visitor is 0/1, so sum = sumSquares = converters.
  if (metricKindOf(metric) === 'conversion') return { n, sum: c?.converters ?? 0, sumSquares: c?.converters ?? 0 };
  return { n, sum: c?.sum ?? 0, sumSquares: c?.sumSquares ?? 0 };
}

export function analysisInput(
  metrics: readonly Metric[],
  variations: readonly ExperimentVariation[],
  counts: ReadonlyMap<number, VariationCounts>,
  baselineVariationId: number,
  options: AnalysisOptions,
): ExperimentInput {
  return {
    metrics: metrics.map((m, i) => ({ id: String(i), kind: metricKindOf(m), winningDirection: m.winningDirection })),
    variations: variations.map((v) => {
      const c = counts.get(v.variationId);
      return {
        id: String(v.variationId),
        visitors: c?.visitors ?? 0,
        weight: v.weight,
        metrics: Object.fromEntries(metrics.map((m, i) => [String(i), metricTotals(m, c)])),
      };
    }),
    baselineId: String(baselineVariationId),
    options,
  };
}
