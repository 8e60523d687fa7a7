/**
 * Results in PostHog's legacy shape (`{result: {…}, last_refresh, is_cached}`) from the core
 * analysis. A conversion metric reads as a funnel (`success_count`/`failure_count`,
 * `expected_loss`), a count or sum metric as a trend (`count`, `exposure` relative to control,
 * `absolute_exposure`, `p_value`). The significance code follows PostHog's gates in its order:
 * fewer than 100 exposures in a variant → `not_enough_exposure`; neither control nor the test
 * variants together reach a probability to be best of 0.9 → `low_win_probability`; then funnels
 * with an expected loss ≥ 0.01 → `high_loss`, trends with p ≥ 0.05 → `high_p_value`; else
 * `significant`. With `stats_config.method: frequentist` only the p-value gate decides.
 */
import { invalid } from '../../../core/errors.js';
import type { ExperimentResults } from '../../../commands/experiment/analyze-results.js';

const MIN_EXPOSURE = 100;
const MIN_PROBABILITY = 0.9;
const MAX_LOSS = 0.01;
const MAX_P = 0.05;

type Code = 'significant' | 'not_enough_exposure' | 'low_win_probability' | 'high_loss' | 'high_p_value';

/** 400 with PostHog's no-data detail (a JSON map of booleans) unless there is something to show. */
export function assertHasData(r: ExperimentResults, metricIndex: number): void {
  const keys = [...r.totals.keys()];
  const control = r.totals.get('control') ?? r.totals.get(keys[0] ?? '');
  const tests = keys.filter((k) => r.totals.get(k) !== control).map((k) => r.totals.get(k));
  const converters = [...r.totals.values()].reduce((s, t) => s + (t.metrics[metricIndex]?.converters ?? 0), 0);
  const visitors = [...r.totals.values()].reduce((s, t) => s + t.visitors, 0);
  const errors = {
    'no-events': converters === 0 || r.experiment.metrics[metricIndex] === undefined,
    'no-flag-info': visitors === 0,
    'no-control-variant': (control?.visitors ?? 0) === 0,
    'no-test-variant': tests.every((t) => (t?.visitors ?? 0) === 0),
  };
  if (Object.values(errors).some(Boolean)) throw invalid('body', JSON.stringify(errors));
}

export function primaryResult(r: ExperimentResults, metricIndex: number, method: 'bayesian' | 'frequentist') {
  const bayes = r.analyses.bayesian?.metrics.find((m) => m.metricId === String(metricIndex));
  const frequentist = r.analyses.frequentist?.metrics.find((m) => m.metricId === String(metricIndex));
  const funnel = bayes?.kind === 'conversion';
  const keys = [...r.totals.keys()];
  const controlKey = r.totals.has('control') ? 'control' : (keys[0] ?? 'control');
  const controlVisitors = r.totals.get(controlKey)?.visitors ?? 0;
  const probability: Record<string, number> = {};
  const credible: Record<string, [number, number]> = {};
  for (const v of bayes?.variations ?? []) {
    probability[v.variationId] = v.probabilityToBeBest ?? 0;
    if (v.credibleInterval) credible[v.variationId] = [v.credibleInterval[0], v.credibleInterval[1]];
  }
  const variants = keys.map((key) => {
    const t = r.totals.get(key);
    const m = t?.metrics[metricIndex];
    return funnel
      ? { key, success_count: m?.converters ?? 0, failure_count: (t?.visitors ?? 0) - (m?.converters ?? 0) }
      : { key, count: m?.sum ?? 0, exposure: controlVisitors > 0 ? (t?.visitors ?? 0) / controlVisitors : 0, absolute_exposure: t?.visitors ?? 0 };
  });
  const tests = keys.filter((k) => k !== controlKey);
  const best = tests.reduce<string | null>((b, k) => (b === null || (probability[k] ?? 0) > (probability[b] ?? 0) ? k : b), null);
  const expectedLoss = bayes?.variations.find((v) => v.variationId === best)?.expectedLoss ?? null;
  const pValue = frequentist?.variations.find((v) => v.variationId === best)?.lift?.pValue ?? null;
  let code: Code;
  if (keys.some((k) => (r.totals.get(k)?.visitors ?? 0) < MIN_EXPOSURE)) code = 'not_enough_exposure';
  else if (method === 'frequentist') code = pValue !== null && pValue < MAX_P ? 'significant' : 'high_p_value';
  else if ((probability[controlKey] ?? 0) < MIN_PROBABILITY && tests.reduce((s, k) => s + (probability[k] ?? 0), 0) < MIN_PROBABILITY) code = 'low_win_probability';
  else if (funnel) code = expectedLoss !== null && expectedLoss < MAX_LOSS ? 'significant' : 'high_loss';
  else code = pValue !== null && pValue < MAX_P ? 'significant' : 'high_p_value';
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

/** Secondary results: per variant, the count (trend) or the conversion rate (funnel). */
export function secondaryResult(r: ExperimentResults, metricIndex: number) {
  const metric = r.experiment.metrics[metricIndex];
  const result: Record<string, number> = {};
  for (const [key, t] of r.totals) {
    const m = t.metrics[metricIndex];
    result[key] = metric?.aggregator === 'unique' ? (t.visitors > 0 ? (m?.converters ?? 0) / t.visitors : 0) : (m?.sum ?? 0);
  }
  return { result };
}
