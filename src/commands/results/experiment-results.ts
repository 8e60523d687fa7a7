/**
 * The results service: one computation of an experiment's results that every API dialect maps
 * to its own shape. It reads the daily aggregates (`readExperimentDaily`, O(variations × days ×
 * metrics) rows), sums them over the requested window, and analyzes them with `stats`: reach per
 * variation, per-metric totals, lifts and significance (with Benjamini–Hochberg across metrics ×
 * variations for the sequential and frequentist methods), the Bayesian block, the SRM check and
 * the conflicted visitors — plus, when asked, the same per day (cumulative). docs/results.md.
 */
import { metricKey } from '../../core/experiment/attribution.js';
import { invalid, notFound } from '../../core/errors.js';
import { resultsWindow, type ResultsWindow } from '../../core/experiment/results-window.js';
import { metricCell, totalsByDay, type DayTotals, type MetricCell, type VariationCounts } from '../../core/experiment/results-totals.js';
import type { Experiment, ExperimentVariation, Metric } from '../../core/experiment/types.js';
import { analyzeExperiment, type AnalysisOptions, type ExperimentAnalysis, type SampleRatioMismatch, type VariationMetricAnalysis } from '../../stats/index.js';
import { readExperimentDaily } from '../../store/read/experiment-daily.js';
import { findExperiment } from '../../store/repos/experiments.js';
import { findEvent, findEventByKey } from '../../store/repos/targeting.js';
import { projectFor, type CommandContext } from '../context.js';
import { analysisInput } from './analysis-input.js';
import { analysisSettings, type AnalysisOverrides } from './analysis-settings.js';

export interface ResultsQuery {
  /** Window bounds, ms since the epoch; clamped to the experiment's run. */
  readonly start?: number;
  readonly end?: number;
  /** Defaults to the first variation of the experiment. */
  readonly baselineVariationId?: number;
  /** Indexes into experiment.metrics (default: all of them, primary first). */
  readonly metricIndexes?: readonly number[];
  /** Instead of metricIndexes: the unique conversions of this event key (Ours' eventName). */
  readonly eventKey?: string;
  readonly analysis?: AnalysisOverrides;
  /** 'totals': per-day totals; 'analysis': per-day totals and the analysis of each cumulative day. */
  readonly series?: 'none' | 'totals' | 'analysis';
}

export interface ResultsMetric {
  /** Position in experiment.metrics; null for an event asked for by key. */
  readonly index: number | null;
  readonly metric: Metric;
  /** The id of this metric in `analysis` (its position in `metrics`). */
  readonly analysisId: string;
  /** The conversion event the metric counts (null if it was deleted). */
  readonly event: { readonly key: string; readonly name: string } | null;
}

export interface ResultsVariation extends ExperimentVariation {
  readonly visitors: number;
}

export interface ResultsPoint extends DayTotals {
  /** The analysis of the cumulative totals through this day ('analysis' series only). */
  readonly analysis: ExperimentAnalysis | null;
}

export interface ExperimentResults {
  readonly experiment: Experiment;
  /** Null when there is nothing to read (never started, or a window outside the run). */
  readonly window: ResultsWindow | null;
  readonly options: AnalysisOptions;
  readonly baselineVariationId: number;
  /** Every variation of the experiment, baseline included, in the experiment's order. */
  readonly variations: readonly ResultsVariation[];
  readonly metrics: readonly ResultsMetric[];
  /** Totals of the whole window by variation id. */
  readonly totals: ReadonlyMap<number, VariationCounts>;
  readonly analysis: ExperimentAnalysis;
  readonly srm: SampleRatioMismatch;
  /** Visitors exposed to two or more variations in the window, counted in none. */
  readonly conflictedVisitors: number;
  /** Visitors in the window across variations. */
  readonly visitors: number;
  /** Per day of the window, when asked for; else empty. */
  readonly series: readonly ResultsPoint[];
  readonly computedAt: string;
}

export async function experimentResults(ctx: CommandContext, experimentId: number, query: ResultsQuery = {}): Promise<ExperimentResults> {
  const experiment = await findExperiment(ctx.db, experimentId);
  if (!experiment) throw notFound('experiment', experimentId);
  const project = await projectFor(ctx, ctx.db, experiment.projectId, 'experiment:read');
  const options = analysisSettings(project.settings, experiment, query.analysis);
  const metrics = await selectMetrics(ctx, experiment, query);
  const baseline = baselineOf(experiment.variations, query.baselineVariationId);
  const now = ctx.clock();
  const window = resultsWindow(experiment, { ...(query.start === undefined ? {} : { start: query.start }), ...(query.end === undefined ? {} : { end: query.end }) }, now.getTime());
  const daily = window === null ? { cells: [], conflicted: [] } : await readExperimentDaily(ctx.db, { ...experiment, metrics: metrics.map((m) => m.metric) });
  const days = window === null ? [] : totalsByDay(daily.cells, daily.conflicted, {
    variationIds: experiment.variations.map((v) => v.variationId),
    metricKeys: [...new Set(metrics.map((m) => metricKey(m.metric)))],
    startDay: window.startDay,
    endDay: window.endDay,
  });
  const last = days.at(-1);
  const totals: ReadonlyMap<number, VariationCounts> = last?.cumulative ?? new Map();
  const analyze = (counts: ReadonlyMap<number, VariationCounts>) =>
    analyzeExperiment(analysisInput(metrics.map((m) => m.metric), experiment.variations, counts, baseline, options));
  const analysis = analyze(totals);
  const variations = experiment.variations.map((v) => ({ ...v, visitors: totals.get(v.variationId)?.visitors ?? 0 }));
  const series = query.series === undefined || query.series === 'none' ? [] : days.map((d) => ({ ...d, analysis: query.series === 'analysis' ? analyze(d.cumulative) : null }));
  return {
    experiment,
    window,
    options,
    baselineVariationId: baseline,
    variations,
    metrics,
    totals,
    analysis,
    srm: analysis.srm,
    conflictedVisitors: last?.conflictedCumulative ?? 0,
    visitors: variations.reduce((s, v) => s + v.visitors, 0),
    series,
    computedAt: now.toISOString(),
  };
}

function baselineOf(variations: readonly ExperimentVariation[], requested: number | undefined): number {
  if (requested === undefined) {
    const first = variations[0];
    if (!first) throw invalid('variations', 'the experiment has no variations');
    return first.variationId;
  }
  if (!variations.some((v) => v.variationId === requested)) throw invalid('baseline_variation_id', `${requested} is not a variation of the experiment`);
  return requested;
}

async function selectMetrics(ctx: CommandContext, experiment: Experiment, query: ResultsQuery): Promise<ResultsMetric[]> {
  if (query.eventKey !== undefined) {
    const event = await findEventByKey(ctx.db, experiment.projectId, query.eventKey);
    if (!event) throw invalid('eventName', `the project has no event ${JSON.stringify(query.eventKey)}`);
    const own = experiment.metrics.findIndex((m) => m.eventId === event.id && m.aggregator === 'unique');
    const metric: Metric = { eventId: event.id, aggregator: 'unique', field: null, scope: 'visitor', winningDirection: experiment.metrics[own]?.winningDirection ?? 'increasing' };
    return [{ index: own >= 0 ? own : null, metric, analysisId: '0', event: { key: event.key, name: event.name } }];
  }
  const indexes = query.metricIndexes ?? experiment.metrics.map((_, i) => i);
  const events = new Map<number, { key: string; name: string } | null>();
  for (const index of indexes) {
    const metric = experiment.metrics[index];
    if (!metric) throw invalid('metric', `the experiment has no metric ${index}`);
    if (!events.has(metric.eventId)) {
      const event = await findEvent(ctx.db, metric.eventId);
      events.set(metric.eventId, event ? { key: event.key, name: event.name } : null);
    }
  }
  return indexes.map((index, i) => {
    const metric = experiment.metrics[index] as Metric;
    return { index, metric, analysisId: String(i), event: events.get(metric.eventId) ?? null };
  });
}


/** One metric of one variation: its counts and, from `analysis`, its statistics. */
export interface VariationMetricView {
  readonly cell: MetricCell;
  readonly stats: VariationMetricAnalysis | null;
}

/** The row every dialect maps: counts from `counts`, statistics from `analysis` (both default to the window's). */
export function variationMetric(
  results: Pick<ExperimentResults, 'totals' | 'analysis'>,
  metric: ResultsMetric,
  variationId: number,
  at: { counts: ReadonlyMap<number, VariationCounts>; analysis: ExperimentAnalysis | null } = { counts: results.totals, analysis: results.analysis },
): VariationMetricView {
  const stats = at.analysis?.metrics.find((m) => m.metricId === metric.analysisId)?.variations.find((v) => v.variationId === String(variationId)) ?? null;
  return { cell: metricCell(at.counts.get(variationId), metric.metric), stats };
}

export type { AnalysisOptions, ExperimentAnalysis, VariationMetricAnalysis, SampleRatioMismatch, VariationCounts };
