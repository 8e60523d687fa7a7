/**
 * One variation against the baseline on one metric, in two steps. `summarizeArm` turns totals
 * into a mean and per-visitor variance; `compareArms` computes what needs no knowledge of the
 * other hypotheses (estimates, variances, the unadjusted p-value); `liftIntervals` then builds the
 * intervals at the level left after the FDR adjustment of analyze-experiment.ts.
 */
import type { StatsMethod } from '../core/experiment/types.js';
import type { DataIssue, Interval, MetricKind, MetricTotals } from './experiment-analysis.js';
import { alwaysValidHalfWidth, mixtureSprt } from './mixture-sprt.js';
import { ratioVariance } from './ratio-variance.js';
import { normalCritical, twoProportionZTest, type FixedHorizonResult } from './two-proportion-z-test.js';
import { studentCritical, welchTTest } from './welch-t-test.js';

/** Mean and per-visitor variance of one arm, or the reason they are missing. */
export interface ArmSummary {
  readonly n: number;
  readonly sum: number;
  readonly mean: number | null;
  /** p(1−p) for a conversion metric; sample variance (ddof = 1) for a mean metric. */
  readonly variance: number | null;
  readonly issues: readonly DataIssue[];
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** Summary of one arm's totals; never throws, flags bad or thin data instead. */
export function summarizeArm(kind: MetricKind, totals: MetricTotals | undefined): ArmSummary {
  const n = totals?.n ?? 0;
  const sum = totals?.sum ?? 0;
  const sumSquares = totals?.sumSquares ?? 0;
  const invalid = !finite(n) || !finite(sum) || !finite(sumSquares) || n < 0 || (kind === 'conversion' && (sum < 0 || sum > n));
  if (invalid) return { n: finite(n) ? n : 0, sum: finite(sum) ? sum : 0, mean: null, variance: null, issues: ['invalid-totals'] };
  if (n === 0) return { n, sum, mean: null, variance: null, issues: ['no-visitors'] };
  const mean = sum / n;
  if (kind === 'conversion') return { n, sum, mean, variance: mean * (1 - mean), issues: [] };
  if (n < 2) return { n, sum, mean, variance: null, issues: ['not-enough-data'] };
  // Σ(x − x̄)² = Σx² − n·x̄², clamped at 0 against rounding.
  return { n, sum, mean, variance: Math.max(0, (sumSquares - n * mean * mean) / (n - 1)), issues: [] };
}

/** Everything about a comparison that does not depend on the other hypotheses. */
export interface ComparisonDraft {
  readonly absolute: number | null;
  readonly relative: number | null;
  /** Variance of the absolute-lift estimator (unpooled). */
  readonly varianceAbsolute: number | null;
  /** Delta-method variance of the relative-lift estimator. */
  readonly varianceRelative: number | null;
  /** Unadjusted p-value: fixed-horizon or always-valid; null for bayesian or undefined. */
  readonly pValue: number | null;
  /** Degrees of freedom for the fixed-horizon critical value (Infinity: normal). */
  readonly df: number;
  /** τ² on the absolute scale: τ²_relative × (pooled mean)². */
  readonly tau2Absolute: number | null;
  readonly issues: readonly DataIssue[];
}

/** Draft comparison of variation b against baseline a with the given method. */
export function compareArms(kind: MetricKind, method: StatsMethod, a: ArmSummary, b: ArmSummary, tau2: number, previousPValue?: number): ComparisonDraft {
  const issues = new Set<DataIssue>(b.issues);
  for (const issue of a.issues) issues.add(issue);
  const empty = { absolute: null, relative: null, varianceAbsolute: null, varianceRelative: null, pValue: null, df: Number.POSITIVE_INFINITY, tau2Absolute: null };
  if (a.mean === null || b.mean === null) return { ...empty, issues: [...issues] };
  const absolute = b.mean - a.mean;
  const relative = a.mean !== 0 ? b.mean / a.mean - 1 : null;
  if (relative === null) issues.add('baseline-mean-zero');
  if (a.variance === null || b.variance === null) return { ...empty, absolute, relative, issues: [...issues] };
  const vA = a.variance / a.n;
  const vB = b.variance / b.n;
  const varianceAbsolute = vA + vB;
  const varianceRelative = ratioVariance(a.mean, vA, b.mean, vB);
  if (!(varianceAbsolute > 0)) issues.add('zero-variance');
  let test: FixedHorizonResult | null = null;
  let pValue: number | null = null;
  let tau2Absolute: number | null = null;
  if (method === 'frequentist') {
    test =
      kind === 'conversion'
        ? twoProportionZTest({ n: a.n, conversions: a.sum }, { n: b.n, conversions: b.sum })
        : welchTTest({ n: a.n, mean: a.mean, variance: a.variance }, { n: b.n, mean: b.mean, variance: b.variance });
    pValue = test?.pValue ?? null;
  } else if (method === 'sequential') {
    const pooled = (a.sum + b.sum) / (a.n + b.n);
    tau2Absolute = tau2 * pooled * pooled;
    pValue = mixtureSprt({ difference: absolute, variance: varianceAbsolute, tau2: tau2Absolute, previousPValue })?.pValue ?? null;
  }
  return { absolute, relative, varianceAbsolute, varianceRelative, pValue, df: test?.df ?? Number.POSITIVE_INFINITY, tau2Absolute, issues: [...issues] };
}

/** Absolute and relative intervals at level 1 − alpha (frequentist or sequential). */
export function liftIntervals(method: 'frequentist' | 'sequential', draft: ComparisonDraft, tau2: number, alpha: number): { absolute: Interval | null; relative: Interval | null } {
  const interval = (center: number | null, variance: number | null, tauSquared: number | null): Interval | null => {
    if (center === null || variance === null || !(variance > 0)) return null;
    const half =
      method === 'sequential'
        ? alwaysValidHalfWidth(variance, tauSquared ?? Number.NaN, alpha)
        : (Number.isFinite(draft.df) ? studentCritical(alpha, draft.df) : normalCritical(alpha)) * Math.sqrt(variance);
    return Number.isFinite(half) ? [center - half, center + half] : null;
  };
  return {
    absolute: interval(draft.absolute, draft.varianceAbsolute, draft.tau2Absolute),
    // The mixture is defined on the relative scale, so the relative interval uses τ² itself.
    relative: interval(draft.relative, draft.varianceRelative, tau2),
  };
}

/**
 * Visitors (baseline + variation) still needed for the interval at level 1 − alpha to exclude 0,
 * if the observed effect and per-visitor variances stay as they are: the smallest factor k with
 * halfWidth(V/k) ≤ |θ̂| (closed form for the fixed horizon, safeguarded Newton in ln k for the
 * mSPRT), then (k − 1)·(n_A + n_B). Null when there is no effect or no variance,
 * or when more than 10¹² times the current sample would be needed.
 */
export function visitorsRemaining(method: 'frequentist' | 'sequential', draft: ComparisonDraft, alpha: number, visitors: number): number | null {
  const effect = Math.abs(draft.absolute ?? 0);
  const v = draft.varianceAbsolute;
  if (!(effect > 0) || v === null || !(v > 0)) return null;
  let k: number;
  if (method === 'frequentist') {
    const z = normalCritical(alpha);
    k = (z * z * v) / (effect * effect);
  } else {
    const tau = draft.tau2Absolute ?? 0;
    if (!(tau > 0)) return null;
    if (alwaysValidHalfWidth(v, tau, alpha) <= effect) return 0;
    // Solve ln h²(V/k) = ln θ̂² for s = ln k by safeguarded Newton. With w = V/k, c = 2·ln(1/α)
    // and L = ln(1 + τ²/w): ln h² = ln w + ln(w + τ²) − ln τ² + ln(c + L), and
    // d(ln h²)/ds = −[1 + w/(w+τ²) − τ²/((w+τ²)(c+L))] < 0, so the root is unique.
    const c = 2 * Math.log(1 / alpha);
    const target = Math.log(effect * effect);
    const g = (sk: number): [number, number] => {
      const w = v * Math.exp(-sk);
      const l = Math.log1p(tau / w);
      return [Math.log(w) + Math.log(w + tau) - Math.log(tau) + Math.log(c + l) - target, -(1 + w / (w + tau) - tau / ((w + tau) * (c + l)))];
    };
    let lo = 0;
    let hi = Math.log(1e12);
    if (g(hi)[0] > 0) return null;
    let sk = Math.log((c * v) / (effect * effect)); // the large-sample root, ignoring L
    if (!(sk > lo && sk < hi)) sk = 0.5 * (lo + hi);
    for (let i = 0; i < 60; i += 1) {
      const [value, slope] = g(sk);
      if (value > 0) lo = sk;
      else hi = sk;
      let next = sk - value / slope;
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      const done = Math.abs(next - sk) < 1e-12;
      sk = next;
      if (done) break;
    }
    k = Math.exp(sk);
  }
  if (!(k < 1e12)) return null;
  return Math.max(0, Math.ceil((k - 1) * visitors));
}
