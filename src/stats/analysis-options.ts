/**
 * Settings of an analysis (per project, or per experiment) and their defaults. docs/statistics.md
 * explains each default; `resolveAnalysisOptions` validates them, throwing the domain `invalid`
 * error on a bad setting (settings are configuration, not data: analyzeExperiment never throws
 * on data).
 */
import { DomainError } from '../core/errors.js';
import type { StatsMethod } from '../core/experiment/types.js';
import { SRM_THRESHOLD } from './sample-ratio-mismatch.js';

/** Beta(alpha, beta) prior of a conversion rate. */
export interface BetaPrior {
  readonly alpha: number;
  readonly beta: number;
}

/** Every setting of an analysis. */
export interface AnalysisOptions {
  /** 'sequential' (mSPRT, the default), 'frequentist' (fixed horizon) or 'bayesian'. */
  readonly method: StatsMethod;
  /** Confidence threshold: a lift is significant when significance ≥ this (α = 1 − it). */
  readonly confidenceLevel: number;
  /** Mixing variance τ² of the mSPRT, on the relative-lift scale (τ = 0.1 ⇒ ±10 % lifts). */
  readonly tau2: number;
  /** Benjamini–Hochberg across metrics × variations (sequential and frequentist methods). */
  readonly falseDiscoveryControl: boolean;
  /** Prior of conversion rates; both parameters ≥ 1 (see docs/statistics.md). */
  readonly prior: BetaPrior;
  /** Level of the per-variation credible intervals. */
  readonly credibleLevel: number;
  /** p-value below which a sample ratio mismatch is flagged. */
  readonly srmThreshold: number;
}

/** The defaults: sequential, 90 % confidence, τ² = 0.01, BH on, Beta(1, 1), 95 % credible, SRM p < 0.001. */
export const DEFAULT_ANALYSIS_OPTIONS: AnalysisOptions = Object.freeze({
  method: 'sequential',
  confidenceLevel: 0.9,
  tau2: 0.01,
  falseDiscoveryControl: true,
  prior: Object.freeze({ alpha: 1, beta: 1 }),
  credibleLevel: 0.95,
  srmThreshold: SRM_THRESHOLD,
});

const inOpenUnit = (x: number): boolean => Number.isFinite(x) && x > 0 && x < 1;

/** Defaults merged with the given settings, validated; throws DomainError('invalid') naming the field. */
export function resolveAnalysisOptions(options: Partial<AnalysisOptions> = {}): AnalysisOptions {
  const o: AnalysisOptions = { ...DEFAULT_ANALYSIS_OPTIONS, ...options };
  const fail = (field: string, message: string): never => {
    throw new DomainError('invalid', message, { field });
  };
  if (!['sequential', 'frequentist', 'bayesian'].includes(o.method)) fail('method', `unknown statistics method ${String(o.method)}`);
  if (!inOpenUnit(o.confidenceLevel)) fail('confidenceLevel', 'confidence level must be strictly between 0 and 1');
  if (!inOpenUnit(o.credibleLevel)) fail('credibleLevel', 'credible level must be strictly between 0 and 1');
  if (!inOpenUnit(o.srmThreshold)) fail('srmThreshold', 'SRM threshold must be strictly between 0 and 1');
  if (!(Number.isFinite(o.tau2) && o.tau2 > 0)) fail('tau2', 'tau2 must be a positive number');
  if (!(Number.isFinite(o.prior.alpha) && Number.isFinite(o.prior.beta) && o.prior.alpha >= 1 && o.prior.beta >= 1)) {
    fail('prior', 'prior alpha and beta must be numbers ≥ 1');
  }
  return o;
}
