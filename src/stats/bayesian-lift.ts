/**
 * The Bayesian method's lift block: posteriors of each arm (Beta(α₀ + x, β₀ + n − x) for
 * conversions; N(x̄, s²/n) under a flat prior for means), and from them the lift interval and
 * significance. Significance is 1 − 2·min(P(B > A), P(B < A)): the posterior probability that
 * the lift's sign is right, on the same two-sided scale as 1 − p, so the equal-tailed interval
 * at the confidence level excludes 0 exactly when significance ≥ the level. The interval uses the
 * normal approximation to the posterior of the difference (exact posterior means and variances).
 */
import type { BetaPrior } from './analysis-options.js';
import type { ArmSummary } from './compare-arms.js';
import type { Interval, MetricKind } from './experiment-analysis.js';
import { normalPpf } from './normal.js';
import type { Posterior } from './posterior-grid.js';
import { ratioVariance } from './ratio-variance.js';

/** Posterior of one arm's mean, or null when it is undefined (no or invalid data, zero variance). */
export function armPosterior(kind: MetricKind, arm: ArmSummary, prior: BetaPrior): Posterior | null {
  if (arm.issues.includes('invalid-totals')) return null;
  if (kind === 'conversion') return { kind: 'beta', alpha: prior.alpha + arm.sum, beta: prior.beta + arm.n - arm.sum };
  if (arm.mean === null || arm.variance === null || !(arm.variance > 0)) return null;
  return { kind: 'normal', mean: arm.mean, sd: Math.sqrt(arm.variance / arm.n) };
}

/** Posterior mean and variance. */
function moments(p: Posterior): { mean: number; variance: number } {
  if (p.kind === 'normal') return { mean: p.mean, variance: p.sd * p.sd };
  const s = p.alpha + p.beta;
  return { mean: p.alpha / s, variance: (p.alpha * p.beta) / (s * s * (s + 1)) };
}

/** Absolute and relative credible intervals of the lift at the given level (normal approximation). */
export function bayesianLiftIntervals(a: Posterior, b: Posterior, level: number): { absolute: Interval; relative: Interval | null } {
  const ma = moments(a);
  const mb = moments(b);
  const z = normalPpf(0.5 + level / 2);
  const half = z * Math.sqrt(ma.variance + mb.variance);
  const difference = mb.mean - ma.mean;
  const rv = ratioVariance(ma.mean, ma.variance, mb.mean, mb.variance);
  const relative = rv === null ? null : ([mb.mean / ma.mean - 1 - z * Math.sqrt(rv), mb.mean / ma.mean - 1 + z * Math.sqrt(rv)] as const);
  return { absolute: [difference - half, difference + half], relative };
}

/** Two-sided Bayesian significance from P(variation better than baseline). */
export function bayesianSignificance(chanceToBeat: number): number {
  return 1 - 2 * Math.min(chanceToBeat, 1 - chanceToBeat);
}
