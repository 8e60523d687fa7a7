/**
 * Speed of one results request's statistics: analyzeExperiment on 5 variations × 10 metrics
 * (6 conversion, 4 mean), for each method. Run with `npx vitest bench --run --project unit src/stats`.
 * Not part of the test run, and nothing asserts a time.
 */
import { bench, describe } from 'vitest';
import { analyzeExperiment } from './analyze-experiment.js';
import type { ExperimentInput, MetricSpec, VariationInput } from './experiment-analysis.js';

const metrics: MetricSpec[] = Array.from({ length: 10 }, (_, i) => ({
  id: `m${i}`,
  kind: i < 6 ? 'conversion' : 'mean',
  winningDirection: i % 3 === 2 ? 'decreasing' : 'increasing',
}));

const variations: VariationInput[] = Array.from({ length: 5 }, (_, v) => {
  const n = 10000 + 37 * v;
  const totals = metrics.map((m, i) => {
    if (m.kind === 'conversion') {
      const x = Math.round(n * (0.05 + 0.02 * i) * (1 + 0.01 * v));
      return [m.id, { n, sum: x, sumSquares: x }] as const;
    }
    const mean = 4 + i + 0.05 * v;
    return [m.id, { n, sum: n * mean, sumSquares: n * (mean * mean + 30) }] as const;
  });
  return { id: `v${v}`, visitors: n, weight: 2000, metrics: Object.fromEntries(totals) };
});

describe('analyzeExperiment, 5 variations × 10 metrics', () => {
  for (const method of ['sequential', 'frequentist', 'bayesian'] as const) {
    const input: ExperimentInput = { metrics, variations, baselineId: 'v0', options: { method } };
    bench(method, () => {
      analyzeExperiment(input);
    });
  }
});
