/**
 * The standard normal distribution. Φ comes from the regularized incomplete gamma function,
 * erfc(z) = Q(½, z²) (A&S 7.1.2 with 6.5.17), which keeps full relative accuracy in both tails;
 * the quantile starts from A&S 26.2.23 (|error| < 4.5e-4) and is polished by Halley steps on Φ.
 */
import { gammaP, gammaQ } from './incomplete-gamma.js';

const SQRT_TWO_PI = 2.5066282746310002; // √(2π)

/** Standard normal density φ(x) = exp(−x²/2)/√(2π). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_TWO_PI;
}

/** Standard normal CDF Φ(x) = P(Z ≤ x), accurate relative to itself in the lower tail. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const half = 0.5 * x * x;
  return x < 0 ? 0.5 * gammaQ(0.5, half) : 0.5 + 0.5 * gammaP(0.5, half);
}

/** Standard normal survival function 1 − Φ(x) = Φ(−x), without cancellation for large x. */
export function normalSf(x: number): number {
  return normalCdf(-x);
}

/** Recently used quantiles: analyses ask for the same few levels again and again. */
const quantileCache = new Map<number, number>();

/** Standard normal quantile Φ⁻¹(p) for p in [0, 1]; ±Infinity at 0 and 1. */
export function normalPpf(p: number): number {
  const cached = quantileCache.get(p);
  if (cached !== undefined) return cached;
  const value = computeNormalPpf(p);
  if (quantileCache.size >= 256) quantileCache.clear();
  quantileCache.set(p, value);
  return value;
}

function computeNormalPpf(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p > 0.5) return -lowerQuantile(1 - p);
  return lowerQuantile(p);
}

/** Φ⁻¹(p) for 0 < p ≤ ½. */
function lowerQuantile(p: number): number {
  if (p === 0.5) return 0;
  // Abramowitz & Stegun 26.2.23: start within 4.5e-4.
  const t = Math.sqrt(-2 * Math.log(p));
  let x = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
  // Halley's method on Φ(x) − p: u = (Φ(x) − p)/φ(x), x ← x − u/(1 + x·u/2). Cubic convergence.
  for (let i = 0; i < 8; i += 1) {
    const u = (normalCdf(x) - p) / normalPdf(x);
    const step = u / (1 + 0.5 * x * u);
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}
