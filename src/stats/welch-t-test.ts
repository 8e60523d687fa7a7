/**
 * Welch's unequal-variances t-test (Welch 1947, Biometrika 34): t = (x̄_B − x̄_A)/SE with
 * SE² = s_A²/n_A + s_B²/n_B and the Welch–Satterthwaite degrees of freedom
 * ν = SE⁴ / ((s_A²/n_A)²/(n_A−1) + (s_B²/n_B)²/(n_B−1)). Two-sided p = 2·P(T_ν > |t|); the
 * interval is (x̄_B − x̄_A) ± t_{ν,1−α/2}·SE.
 */
import { studentTPpf, studentTSf } from './student-t.js';
import type { FixedHorizonResult } from './two-proportion-z-test.js';

/** Sample size, mean and sample variance (ddof = 1) of one arm. */
export interface MeanArm {
  readonly n: number;
  readonly mean: number;
  readonly variance: number;
}

/** Welch t-test of B against A; null when n < 2 in an arm or both sample variances are 0. */
export function welchTTest(a: MeanArm, b: MeanArm): FixedHorizonResult | null {
  if (!(a.n >= 2 && b.n >= 2)) return null;
  const vA = a.variance / a.n;
  const vB = b.variance / b.n;
  const se2 = vA + vB;
  if (!(se2 > 0) || !Number.isFinite(se2)) return null;
  const df = (se2 * se2) / ((vA * vA) / (a.n - 1) + (vB * vB) / (b.n - 1));
  const t = (b.mean - a.mean) / Math.sqrt(se2);
  return {
    difference: b.mean - a.mean,
    standardError: Math.sqrt(se2),
    statistic: t,
    df,
    pValue: Math.min(1, 2 * studentTSf(Math.abs(t), df)),
  };
}

/** Two-sided Student t critical value t_{ν, 1−α/2}. */
export function studentCritical(alpha: number, df: number): number {
  return studentTPpf(1 - alpha / 2, df);
}
