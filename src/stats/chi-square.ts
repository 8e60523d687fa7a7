/**
 * The chi-square distribution with k degrees of freedom: P(X ≤ x) = P(k/2, x/2), the
 * regularized lower incomplete gamma function (A&S 26.4.19).
 */
import { gammaP, gammaQ } from './incomplete-gamma.js';

/** P(X ≤ x) for X ~ χ²(k). */
export function chiSquareCdf(x: number, df: number): number {
  if (!(df > 0) || Number.isNaN(x)) return Number.NaN;
  return x <= 0 ? 0 : gammaP(0.5 * df, 0.5 * x);
}

/** P(X > x) for X ~ χ²(k), computed directly in the upper tail (no 1 − cdf cancellation). */
export function chiSquareSf(x: number, df: number): number {
  if (!(df > 0) || Number.isNaN(x)) return Number.NaN;
  return x <= 0 ? 1 : gammaQ(0.5 * df, 0.5 * x);
}
