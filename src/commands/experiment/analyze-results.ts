/**
 * An experiment's results: per-variation totals (recomputed from the event log until the
 * incremental aggregates of the results service replace them) analyzed by the stats module.
 */
import { notFound } from '../../core/errors.js';
import type { Experiment, StatsMethod } from '../../core/experiment/types.js';
import { analyzeExperiment, type ExperimentAnalysis, type MetricKind, type MetricSpec } from '../../stats/index.js';
import { findExperiment } from '../../store/repos/experiments.js';
import { experimentTotalsFromLog, type VariationTotals } from '../../store/read/experiment-totals.js';
import { projectFor, type CommandContext } from '../context.js';

export interface ExperimentResults {
  readonly experiment: Experiment;
  /** Totals by variation key (every variation of the experiment, zero when unseen). */
  readonly totals: ReadonlyMap<string, VariationTotals>;
  /** The analyses of the requested metric indexes, one per method asked for. */
  readonly analyses: Readonly<Partial<Record<StatsMethod, ExperimentAnalysis>>>;
  readonly metricIndexes: readonly number[];
  readonly computedAt: string;
}

/** Analyzes metrics `metricIndexes` of the experiment with each of `methods`. */
export async function analyzeResults(ctx: CommandContext, id: number, metricIndexes: readonly number[], methods: readonly StatsMethod[]): Promise<ExperimentResults> {
  const experiment = await findExperiment(ctx.db, id);
  if (!experiment) throw notFound('experiment', id);
  await projectFor(ctx, ctx.db, experiment.projectId, 'experiment:read');
  const rows = experiment.startedAt === null ? [] : await experimentTotalsFromLog(ctx.db, { ...experiment, startedAt: experiment.startedAt });
  const totals = new Map<string, VariationTotals>();
  for (const v of experiment.variations) {
    totals.set(v.key, rows.find((r) => r.variationId === v.variationId) ?? { variationId: v.variationId, visitors: 0, metrics: experiment.metrics.map(() => ({ converters: 0, sum: 0, sumSquares: 0 })) });
  }
  const metrics = metricIndexes.flatMap((i): MetricSpec[] => {
    const m = experiment.metrics[i];
    const kind: MetricKind = m?.aggregator === 'unique' ? 'conversion' : 'mean';
    return m ? [{ id: String(i), kind, winningDirection: m.winningDirection }] : [];
  });
  const analyses: Partial<Record<StatsMethod, ExperimentAnalysis>> = {};
  const baseline = experiment.variations.find((v) => v.key === 'control') ?? experiment.variations[0];
  if (baseline && metrics.length > 0 && experiment.variations.length >= 2) {
    for (const method of methods) {
      analyses[method] = analyzeExperiment({
        metrics,
        baselineId: baseline.key,
        options: { method, falseDiscoveryControl: false, confidenceLevel: 0.95 },
        variations: experiment.variations.map((v) => {
          const t = totals.get(v.key);
          const byMetric: Record<string, { n: number; sum: number; sumSquares: number }> = {};
          for (const i of metricIndexes) {
            const mt = t?.metrics[i];
            byMetric[String(i)] = { n: t?.visitors ?? 0, sum: mt?.sum ?? 0, sumSquares: mt?.sumSquares ?? 0 };
          }
          return { id: v.key, visitors: t?.visitors ?? 0, weight: Math.max(1, v.weight), metrics: byMetric };
        }),
      });
    }
  }
  return { experiment, totals, analyses, metricIndexes, computedAt: ctx.clock().toISOString() };
}
