/**
 * Results in PostHog's legacy shape (`{result: {…}, last_refresh, is_cached}`) from the core
 * results service. A conversion metric reads as a funnel (`success_count`/`failure_count`,
 * `expected_loss`), a count or sum metric as a trend (`count`, `exposure` relative to control,
 * `absolute_exposure`, `p_value`). The significance code follows PostHog's gates in its order:
 * fewer than 100 exposures in a variant → `not_enough_exposure`; neither control nor the test
 * variants together reach a probability to be best of 0.9 → `low_win_probability`; then funnels
 * with an expected loss ≥ 0.01 → `high_loss`, trends with p ≥ 0.05 → `high_p_value`; else
 * `significant`. With `stats_config.method: frequentist` only the p-value gate decides.
 * The core computes both at once: the fixed-horizon p-values (no FDR correction, as PostHog)
 * and, whatever the method, the Bayesian probabilities, expected losses and credible intervals.
 */
import { invalid } from '../../../core/errors.js';
import { variationMetric, type ExperimentResults, type ResultsMetric } from '../../../commands/results/experiment-results.js';

const MIN_EXPOSURE = 100;
const MIN_PROBABILITY = 0.9;
const MAX_LOSS = 0.01;
const MAX_P = 0.05;

export type SignificanceCode = 'significant' | 'not_enough_exposure' | 'low_win_probability' | 'high_loss' | 'high_p_value';

/** The one metric a PostHog results request shows. */
function onlyMetric(r: ExperimentResults): ResultsMetric {
  const metric = r.metrics[0];
  if (!metric) throw new Error('a PostHog results request selects one metric');
  return metric;
}

/** PostHog's no-data 400 for an experiment without a primary metric. */
export function noMetricError(): Error {
  return invalid('body', JSON.stringify({ 'no-events': true, 'no-flag-info': true, 'no-control-variant': true, 'no-test-variant': true }));
}

/** 400 with PostHog's no-data detail (a JSON map of booleans) unless there is something to show. */
export function assertHasData(r: ExperimentResults): void {
  const metric = onlyMetric(r);
  const rows = r.variations.map((v) => ({ v, cell: variationMetric(r, metric, v.variationId).cell }));
  const errors = {
    'no-events': rows.every((x) => x.cell.converters === 0),
    'no-flag-info': r.visitors === 0,
    'no-control-variant': rows.every((x) => x.v.variationId !== r.baselineVariationId || x.cell.visitors === 0),
    'no-test-variant': rows.every((x) => x.v.variationId === r.baselineVariationId || x.cell.visitors === 0),
  };
  if (Object.values(errors).some(Boolean)) throw invalid('body', JSON.stringify(errors));
}

/** PostHog's gates, in its order (see the file comment). */
export function significanceCode(input: {
  readonly exposures: readonly number[];
  readonly method: 'bayesian' | 'frequentist';
  readonly funnel: boolean;
  readonly controlProbability: number;
  readonly testProbability: number;
  readonly expectedLoss: number | null;
  readonly pValue: number | null;
}): SignificanceCode {
  if (input.exposures.some((n) => n < MIN_EXPOSURE)) return 'not_enough_exposure';
  const pGate = input.pValue !== null && input.pValue < MAX_P ? 'significant' : 'high_p_value';
  if (input.method === 'frequentist') return pGate;
  if (input.controlProbability < MIN_PROBABILITY && input.testProbability < MIN_PROBABILITY) return 'low_win_probability';
  if (input.funnel) return input.expectedLoss !== null && input.expectedLoss < MAX_LOSS ? 'significant' : 'high_loss';
  return pGate;
}

export function primaryResult(r: ExperimentResults, method: 'bayesian' | 'frequentist') {
  const metric = onlyMetric(r);
  const funnel = metric.metric.aggregator === 'unique';
  const rows = r.variations.map((v) => ({ v, ...variationMetric(r, metric, v.variationId) }));
  const controlVisitors = r.totals.get(r.baselineVariationId)?.visitors ?? 0;
  const probability: Record<string, number> = {};
  const credible: Record<string, [number, number]> = {};
  for (const { v, stats } of rows) {
    probability[v.key] = stats?.probabilityToBeBest ?? 0;
    if (stats?.credibleInterval) credible[v.key] = [stats.credibleInterval[0], stats.credibleInterval[1]];
  }
  const variants = rows.map(({ v, cell }) =>
    funnel
      ? { key: v.key, success_count: cell.converters, failure_count: cell.visitors - cell.converters }
      : { key: v.key, count: cell.sum, exposure: controlVisitors > 0 ? cell.visitors / controlVisitors : 0, absolute_exposure: cell.visitors },
  );
  const tests = rows.filter((x) => x.v.variationId !== r.baselineVariationId);
  const best = tests.reduce<(typeof rows)[number] | null>((b, x) => (b === null || (x.stats?.probabilityToBeBest ?? 0) > (b.stats?.probabilityToBeBest ?? 0) ? x : b), null);
  const expectedLoss = best?.stats?.expectedLoss ?? null;
  const pValue = best?.stats?.lift?.pValue ?? null;
  const code = significanceCode({
    exposures: rows.map((x) => x.cell.visitors),
    method,
    funnel,
    controlProbability: rows.find((x) => x.v.variationId === r.baselineVariationId)?.stats?.probabilityToBeBest ?? 0,
    testProbability: tests.reduce((s, x) => s + (x.stats?.probabilityToBeBest ?? 0), 0),
    expectedLoss,
    pValue,
  });
  return {
    insight: [],
    filters: {},
    probability,
    significant: code === 'significant',
    significance_code: code,
    ...(funnel ? { expected_loss: expectedLoss ?? 1 } : { p_value: pValue ?? 1 }),
    variants,
    credible_intervals: credible,
    stats_method: method,
  };
}

/** Secondary results: per variant, the count or sum (trend) or the conversion rate (funnel). */
export function secondaryResult(r: ExperimentResults) {
  const metric = onlyMetric(r);
  const result: Record<string, number> = {};
  for (const v of r.variations) {
    const { cell } = variationMetric(r, metric, v.variationId);
    result[v.key] = metric.metric.aggregator === 'unique' ? (cell.visitors > 0 ? cell.converters / cell.visitors : 0) : cell.sum;
  }
  return { result };
}
