/**
 * Delta-method variance of a ratio of independent means (Casella & Berger, Statistical
 * Inference, §5.5.4): for R = μ̂_B/μ̂_A,
 * Var(R) ≈ Var(μ̂_B)/μ_A² + μ_B²·Var(μ̂_A)/μ_A⁴.
 * The relative lift μ̂_B/μ̂_A − 1 has the same variance.
 */

/** Var(μ̂_B/μ̂_A) by the delta method; null when the baseline mean is 0. */
export function ratioVariance(meanA: number, varianceOfMeanA: number, meanB: number, varianceOfMeanB: number): number | null {
  if (meanA === 0 || !Number.isFinite(meanA)) return null;
  const a2 = meanA * meanA;
  return varianceOfMeanB / a2 + (meanB * meanB * varianceOfMeanA) / (a2 * a2);
}
