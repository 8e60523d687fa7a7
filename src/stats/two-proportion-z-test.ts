/**
 * Two-proportion z-test (fixed horizon). The test statistic uses the pooled standard error
 * under H₀: p_A = p_B, z = (p̂_B − p̂_A) / sqrt(p̄(1−p̄)(1/n_A + 1/n_B)) with
 * p̄ = (x_A + x_B)/(n_A + n_B); the confidence interval for p_B − p_A uses the unpooled (Wald)
 * standard error sqrt(p̂_A(1−p̂_A)/n_A + p̂_B(1−p̂_B)/n_B). Two-sided p = 2·(1 − Φ(|z|)).
 * Reference: Agresti, Categorical Data Analysis (3rd ed.), inference for two proportions.
 */
import { normalPpf, normalSf } from './normal.js';

/** Conversions out of visitors for one arm. */
export interface ProportionArm {
  readonly n: number;
  readonly conversions: number;
}

/** Result of a two-sided comparison of a variation against the baseline on a difference scale. */
export interface FixedHorizonResult {
  /** Estimated difference (variation − baseline). */
  readonly difference: number;
  /** Standard error of the difference used for the interval (unpooled). */
  readonly standardError: number;
  /** The test statistic (z or t). */
  readonly statistic: number;
  /** Degrees of freedom of the reference distribution; Infinity for the normal. */
  readonly df: number;
  /** Two-sided p-value. */
  readonly pValue: number;
}

/**
 * z-test of B against A; null when it is undefined (an arm without visitors, or both arms at
 * 0 % or both at 100 %, where the pooled standard error is 0).
 */
export function twoProportionZTest(a: ProportionArm, b: ProportionArm): FixedHorizonResult | null {
  if (!(a.n > 0 && b.n > 0)) return null;
  const pA = a.conversions / a.n;
  const pB = b.conversions / b.n;
  const pooled = (a.conversions + b.conversions) / (a.n + b.n);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  if (!(pooledSe > 0)) return null;
  const z = (pB - pA) / pooledSe;
  return {
    difference: pB - pA,
    standardError: Math.sqrt((pA * (1 - pA)) / a.n + (pB * (1 - pB)) / b.n),
    statistic: z,
    df: Number.POSITIVE_INFINITY,
    pValue: Math.min(1, 2 * normalSf(Math.abs(z))),
  };
}

/** Two-sided normal critical value z_{1−α/2}. */
export function normalCritical(alpha: number): number {
  return normalPpf(1 - alpha / 2);
}
