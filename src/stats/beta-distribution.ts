/**
 * The Beta(a, b) distribution: CDF and quantile (the regularized incomplete beta function and
 * its inverse, see incomplete-beta.ts), survival function and density.
 */
import { betaInc, betaIncBoth, betaIncInv } from './incomplete-beta.js';
import { betaPowerTerms } from './log-gamma.js';

/** P(X ≤ x) for X ~ Beta(a, b). */
export function betaCdf(x: number, a: number, b: number): number {
  return betaInc(a, b, x);
}

/** P(X > x) for X ~ Beta(a, b), computed directly in the upper tail. */
export function betaSf(x: number, a: number, b: number): number {
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  return betaIncBoth(a, b, x, 1 - x).upper;
}

/** The p-quantile of Beta(a, b): the x with P(X ≤ x) = p. */
export function betaPpf(p: number, a: number, b: number): number {
  return betaIncInv(a, b, p);
}

/** Density of Beta(a, b) at x in (0, 1): x^(a−1)(1−x)^(b−1)/B(a, b). */
export function betaPdf(x: number, a: number, b: number): number {
  if (!(x > 0 && x < 1)) return 0;
  return betaPowerTerms(a, b, x, 1 - x) / (x * (1 - x));
}
