/**
 * The regularized incomplete beta function I_x(a, b) and its inverse: the Beta CDF and
 * quantile, and through them the Student t distribution. Why not a package: see log-gamma.ts.
 *
 * I_x(a, b) is the continued fraction of A&S 26.5.8 evaluated with the modified Lentz method,
 * used where it converges fast, x < (a+1)/(a+b+2), and through the symmetry
 * I_x(a, b) = 1 − I_{1−x}(b, a) elsewhere. Both x and y = 1 − x are passed so that callers who
 * know y exactly (the t distribution) lose no digits forming it.
 */
import { betaPowerTerms } from './log-gamma.js';

const EPSILON = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

/** The continued fraction of A&S 26.5.8 (modified Lentz), without the prefactor. */
function continuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITERATIONS; m += 1) {
    const m2 = 2 * m;
    // Even step: d_{2m} = m(b − m)x / ((a + 2m − 1)(a + 2m)).
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    // Odd step: d_{2m+1} = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)).
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return h;
}

/**
 * I_x(a, b) and its complement 1 − I_x(a, b), given x and y = 1 − x; each is computed directly
 * on the side where it is small, so both keep their relative accuracy.
 */
export function betaIncBoth(a: number, b: number, x: number, y: number): { lower: number; upper: number } {
  if (!(a > 0 && b > 0) || !(x >= 0 && y >= 0)) return { lower: Number.NaN, upper: Number.NaN };
  if (x === 0) return { lower: 0, upper: 1 };
  if (y === 0) return { lower: 1, upper: 0 };
  const front = betaPowerTerms(a, b, x, y);
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (front * continuedFraction(a, b, x)) / a;
    return { lower, upper: 1 - lower };
  }
  const upper = (front * continuedFraction(b, a, y)) / b;
  return { lower: 1 - upper, upper };
}

/** Regularized incomplete beta function I_x(a, b) = P(X ≤ x) for X ~ Beta(a, b). */
export function betaInc(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return betaIncBoth(a, b, x, 1 - x).lower;
}

/**
 * Inverse of I_x(a, b) in x: the p-quantile of Beta(a, b). Starts from `guess` when given
 * (a close guess needs a single step), else from the normal approximation with the Beta mean
 * and variance, then Halley steps on I_x(a, b) − p kept inside a bisection bracket (so it
 * cannot diverge).
 */
export function betaIncInv(a: number, b: number, p: number, guess?: number): number {
  if (!(a > 0 && b > 0) || !(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return 0;
  if (p === 1) return 1;
  // Solve on the smaller tail for accuracy: if p > ½ find y = 1 − x with I_y(b, a) = 1 − p.
  if (p > 0.5) return 1 - solveLowerQuantile(b, a, 1 - p, guess === undefined ? undefined : 1 - guess);
  return solveLowerQuantile(a, b, p, guess);
}

/** x with I_x(a, b) = p, for p ≤ ½, from the given starting point or a normal approximation. */
function solveLowerQuantile(a: number, b: number, p: number, guess?: number): number {
  let lo = 0;
  let hi = 1;
  const mean = a / (a + b);
  const sd = Math.sqrt((a * b) / ((a + b) * (a + b) * (a + b + 1)));
  let x = guess ?? mean + sd * approxNormalLowerQuantile(p);
  if (!(x > 0 && x < 1)) x = Math.min(mean, 0.5) * 0.5;
  for (let i = 0; i < 300; i += 1) {
    const y = 1 - x;
    const f = betaIncBoth(a, b, x, y).lower - p;
    if (f === 0) return x;
    if (f < 0) lo = x;
    else hi = x;
    // Halley step on I_x − p: density from the accurate prefactor, and its log-derivative
    // (a−1)/x − (b−1)/(1−x) for the second-order term.
    const density = betaPowerTerms(a, b, x, y) / (x * y);
    const u = f / density;
    const step = u / (1 - 0.5 * u * ((a - 1) / x - (b - 1) / y));
    const next = x - step;
    // Halley converges cubically: after a step this small the error is far below 1e-15·x.
    if (Number.isFinite(next) && Math.abs(step) <= 1e-7 * x) return next;
    if (Number.isFinite(next) && next > lo && next < hi) {
      x = next;
    } else {
      x = 0.5 * (lo + hi);
      if (hi - lo <= 1e-16 * hi) return x;
    }
  }
  return x;
}

/** A rough normal quantile (A&S 26.2.23, |error| < 4.5e-4) for a Newton start. */
function approxNormalLowerQuantile(p: number): number {
  const q = Math.min(p, 1 - p);
  const t = Math.sqrt(-2 * Math.log(q));
  const z = t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
  return p < 0.5 ? -z : z;
}
