/**
 * The statistics module's public API: analyzeExperiment for the results service, and the
 * building blocks (tests, mSPRT, BH, SRM, Bayesian comparison, distributions) it is made of.
 * Pure: no I/O. docs/statistics.md describes the methods and every output field.
 */
export { analyzeExperiment } from './analyze-experiment.js';
export { DEFAULT_ANALYSIS_OPTIONS, resolveAnalysisOptions } from './analysis-options.js';
export type { AnalysisOptions, BetaPrior } from './analysis-options.js';
export type {
  DataIssue,
  ExperimentAnalysis,
  ExperimentInput,
  Interval,
  LiftAnalysis,
  MetricAnalysis,
  MetricKind,
  MetricSpec,
  MetricTotals,
  VariationInput,
  VariationMetricAnalysis,
} from './experiment-analysis.js';
export { twoProportionZTest, normalCritical } from './two-proportion-z-test.js';
export type { FixedHorizonResult, ProportionArm } from './two-proportion-z-test.js';
export { welchTTest, studentCritical } from './welch-t-test.js';
export type { MeanArm } from './welch-t-test.js';
export { ratioVariance } from './ratio-variance.js';
export { alwaysValidHalfWidth, mixtureLogLikelihoodRatio, mixtureSprt } from './mixture-sprt.js';
export type { MixtureSprtInput, MixtureSprtResult } from './mixture-sprt.js';
export { benjaminiHochberg, benjaminiHochbergRejections } from './benjamini-hochberg.js';
export { sampleRatioMismatch, SRM_THRESHOLD } from './sample-ratio-mismatch.js';
export type { SampleRatioMismatch } from './sample-ratio-mismatch.js';
export { comparePosteriors } from './compare-posteriors.js';
export type { Direction, Posterior, PosteriorComparison } from './compare-posteriors.js';
export * from './distributions.js';
