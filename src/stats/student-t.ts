/**
 * Student's t distribution with ν > 0 degrees of freedom (ν need not be an integer: Welch's
 * test uses the Welch–Satterthwaite ν). P(|T| > t) = I_{ν/(ν+t²)}(ν/2, ½) (A&S 26.7.1 with
 * 26.5.27); both ν/(ν+t²) and t²/(ν+t²) are formed directly so no digits are lost.
 */
import { betaIncBoth } from './incomplete-beta.js';
import { logBeta } from './log-gamma.js';
import { normalPpf } from './normal.js';

/** P(T ≤ t) for T ~ t(ν). */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  const tail = 0.5 * twoSidedTail(t, df); // P(T > |t|)
  return t < 0 ? tail : 1 - tail;
}

/** P(T > t) for T ~ t(ν), without cancellation for large t. */
export function studentTSf(t: number, df: number): number {
  return studentTCdf(-t, df);
}

/** P(|T| > |t|) = I_{ν/(ν+t²)}(ν/2, ½). */
function twoSidedTail(t: number, df: number): number {
  const t2 = t * t;
  const denom = df + t2;
  return betaIncBoth(0.5 * df, 0.5, df / denom, t2 / denom).lower;
}

/** Density of t(ν) at t: (1 + t²/ν)^(−(ν+1)/2) / (√ν · B(ν/2, ½)). */
export function studentTPdf(t: number, df: number): number {
  return Math.exp(-0.5 * (df + 1) * Math.log1p((t * t) / df) - 0.5 * Math.log(df) - logBeta(0.5 * df, 0.5));
}

/**
 * Quantile of t(ν): closed forms for ν = 1 and 2; otherwise the Cornish–Fisher expansion in
 * 1/ν (A&S 26.7.5) as a start, polished by Halley steps on the CDF inside a bracket.
 */
export function studentTPpf(p: number, df: number): number {
  if (!(p >= 0 && p <= 1) || !(df > 0)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  if (p > 0.5) return -lowerQuantile(1 - p, df);
  return lowerQuantile(p, df);
}

/** t with P(T ≤ t) = p, for p < ½ (so t < 0). */
function lowerQuantile(p: number, df: number): number {
  if (df === 1) return -1 / Math.tan(Math.PI * p); // Cauchy: tan(π(p − ½)) = −cot(πp)
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const z = normalPpf(p);
  const z2 = z * z;
  // A&S 26.7.5 (Cornish–Fisher), four terms.
  let t =
    z +
    (z * (z2 + 1)) / (4 * df) +
    (z * (5 * z2 * z2 + 16 * z2 + 3)) / (96 * df * df) +
    (z * (3 * z2 * z2 * z2 + 19 * z2 * z2 + 17 * z2 - 15)) / (384 * df * df * df) +
    (z * (79 * z2 ** 4 + 776 * z2 ** 3 + 1482 * z2 * z2 - 1920 * z2 - 945)) / (92160 * df ** 4);
  if (!(t < 0) || !Number.isFinite(t)) t = z;
  let lo = Number.NEGATIVE_INFINITY;
  let hi = 0;
  const logNorm = -0.5 * Math.log(df) - logBeta(0.5 * df, 0.5);
  for (let i = 0; i < 300; i += 1) {
    const f = studentTCdf(t, df) - p;
    if (f === 0) return t;
    if (f < 0) lo = t;
    else hi = t;
    // Halley step: the density's log-derivative is −(ν+1)t/(ν+t²).
    const u = f / Math.exp(logNorm - 0.5 * (df + 1) * Math.log1p((t * t) / df));
    const step = u / (1 + (0.5 * u * (df + 1) * t) / (df + t * t));
    const next = t - step;
    // Cubic convergence: after a step this small the error is far below 1e-15·|t|.
    if (Number.isFinite(next) && Math.abs(step) <= 1e-7 * Math.abs(t)) return next;
    if (Number.isFinite(next) && next > lo && next < hi) {
      t = next;
    } else {
      t = Number.isFinite(lo) ? 0.5 * (lo + hi) : 2 * Math.min(t, -1);
    }
  }
  return t;
}
