/**
 * Input and output types of analyzeExperiment: what the results service passes in (aggregates
 * per variation × metric) and what every API dialect maps its results response from.
 */
import type { StatsMethod, WinningDirection } from '../core/experiment/types.js';
import type { AnalysisOptions } from './analysis-options.js';
import type { SampleRatioMismatch } from './sample-ratio-mismatch.js';

/** A conversion metric (share of visitors who converted) or a mean per visitor (count or sum). */
export type MetricKind = 'conversion' | 'mean';

/** A metric to analyze. */
export interface MetricSpec {
  readonly id: string;
  readonly kind: MetricKind;
  readonly winningDirection: WinningDirection;
}

/**
 * Aggregates of one metric in one variation: n visitors, the sum of the per-visitor values and
 * the sum of their squares. For a conversion metric sum = converters and sumSquares = sum.
 */
export interface MetricTotals {
  readonly n: number;
  readonly sum: number;
  readonly sumSquares: number;
  /** Running minimum of the always-valid p-value from earlier looks (sequential method). */
  readonly previousPValue?: number;
}

/** One variation: its visitors (for SRM), traffic weight and totals per metric id. */
export interface VariationInput {
  readonly id: string;
  readonly visitors: number;
  /** Configured traffic weight, any positive scale (basis points in the core model). */
  readonly weight: number;
  readonly metrics: Readonly<Record<string, MetricTotals>>;
}

/** Everything analyzeExperiment needs. */
export interface ExperimentInput {
  readonly metrics: readonly MetricSpec[];
  readonly variations: readonly VariationInput[];
  readonly baselineId: string;
  readonly options?: Partial<AnalysisOptions>;
}

/** Why a number is missing (null) in the output. */
export type DataIssue =
  | 'no-visitors'
  | 'not-enough-data'
  | 'invalid-totals'
  | 'zero-variance'
  | 'baseline-mean-zero';

/** A two-sided interval [lower, upper]. */
export type Interval = readonly [number, number];

/** Comparison of a variation against the baseline on one metric. */
export interface LiftAnalysis {
  /** Difference of means, variation − baseline. */
  readonly absolute: number;
  /** Relative lift mean_variation/mean_baseline − 1; null when the baseline mean is 0. */
  readonly relative: number | null;
  /** Interval of the absolute lift at level intervalLevel. */
  readonly absoluteInterval: Interval | null;
  /** Interval of the relative lift (delta method) at level intervalLevel. */
  readonly relativeInterval: Interval | null;
  /** Level of both intervals: 1 − α, or 1 − α·R/m after the FDR adjustment (docs/statistics.md). */
  readonly intervalLevel: number;
  /** Unadjusted two-sided p-value (always-valid for the sequential method); null for bayesian. */
  readonly pValue: number | null;
  /** Benjamini–Hochberg q-value; null for bayesian. */
  readonly qValue: number | null;
  /** 1 − q (1 − p without FDR control; Bayesian: 1 − 2·min(P(B>A), P(B<A))). */
  readonly significance: number | null;
  /** significance ≥ confidence level. */
  readonly isSignificant: boolean;
  /** 'better' or 'worse' (after the winning direction) when significant, else 'equal'. */
  readonly liftStatus: 'better' | 'worse' | 'equal';
  /** Further visitors (baseline + this variation) until significance if the effect holds; 0 when significant. */
  readonly visitorsRemaining: number | null;
}

/** One variation on one metric. */
export interface VariationMetricAnalysis {
  readonly variationId: string;
  readonly isBaseline: boolean;
  readonly n: number;
  readonly sum: number;
  /** Conversion rate or mean per visitor; null without visitors. */
  readonly mean: number | null;
  /** Per-visitor variance: p(1−p) for conversions, the sample variance for means. */
  readonly variance: number | null;
  /** null for the baseline. */
  readonly lift: LiftAnalysis | null;
  readonly probabilityToBeBest: number | null;
  /** Expected loss (in the metric's units) of shipping this variation. */
  readonly expectedLoss: number | null;
  /** P(this variation is better than the baseline); null for the baseline. */
  readonly chanceToBeatBaseline: number | null;
  /** Credible interval of the mean at options.credibleLevel. */
  readonly credibleInterval: Interval | null;
  readonly issues: readonly DataIssue[];
}

/** One metric across variations (baseline first, then input order). */
export interface MetricAnalysis {
  readonly metricId: string;
  readonly kind: MetricKind;
  readonly winningDirection: WinningDirection;
  readonly variations: readonly VariationMetricAnalysis[];
  /** Variation with the highest probability to be best, when the Bayesian block is available. */
  readonly bestVariationId: string | null;
}

/** The whole analysis. */
export interface ExperimentAnalysis {
  readonly method: StatsMethod;
  readonly options: AnalysisOptions;
  readonly baselineId: string;
  /** Number m of (metric, variation) hypotheses in the FDR family. */
  readonly hypotheses: number;
  /** Hypotheses rejected at α (q ≤ α). */
  readonly discoveries: number;
  readonly srm: SampleRatioMismatch;
  readonly metrics: readonly MetricAnalysis[];
}
