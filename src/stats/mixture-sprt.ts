/**
 * The mixture sequential probability ratio test with a normal mixture (mSPRT), the always-valid
 * inference of Johari, Pekelis & Walsh, "Always Valid Inference: Continuous Monitoring of A/B
 * Tests", arXiv:1512.04922 (Operations Research 70(3), 2022), as in Optimizely's Stats Engine.
 *
 * With θ̂ the estimated difference, V its variance and the mixing distribution N(θ₀, τ²):
 *   Λ = sqrt(V/(V+τ²)) · exp(τ²(θ̂−θ₀)² / (2V(V+τ²)))            (normal mixture; V for unequal arms)
 *   p = min(p_previous, 1/Λ)                                          (always-valid p-value)
 *   CI = θ̂ ± sqrt((V(V+τ²)/τ²)·(2·ln(1/α) + ln((V+τ²)/V)))          (the set {θ₀ : Λ(θ₀) < 1/α})
 * Ville's inequality gives P₀(sup Λ ≥ 1/α) ≤ α, so both hold at any data-dependent stopping time.
 */

/** Input of one look at one comparison. */
export interface MixtureSprtInput {
  /** Estimated difference θ̂ (variation − baseline). */
  readonly difference: number;
  /** Variance V of θ̂. */
  readonly variance: number;
  /** Mixing variance τ² on the same scale as θ̂. */
  readonly tau2: number;
  /** Null value θ₀ (default 0). */
  readonly nullValue?: number;
  /** Running minimum p-value from earlier looks (default 1: stateless, from current totals). */
  readonly previousPValue?: number;
}

/** Result of one look. */
export interface MixtureSprtResult {
  /** ln Λ, the log mixture likelihood ratio at this look. */
  readonly logLikelihoodRatio: number;
  /** Always-valid p-value, min(previous, 1/Λ), in [0, 1]. */
  readonly pValue: number;
}

/** ln Λ of the normal-mixture SPRT (see the file comment). V and τ² must be > 0. */
export function mixtureLogLikelihoodRatio(difference: number, variance: number, tau2: number, nullValue = 0): number {
  const d = difference - nullValue;
  const s = variance + tau2;
  return 0.5 * Math.log(variance / s) + (tau2 * d * d) / (2 * variance * s);
}

/** One look of the mSPRT; null when V or τ² is not positive and finite. */
export function mixtureSprt(input: MixtureSprtInput): MixtureSprtResult | null {
  const { difference, variance, tau2 } = input;
  if (!(variance > 0 && tau2 > 0) || !Number.isFinite(variance) || !Number.isFinite(difference)) return null;
  const logLikelihoodRatio = mixtureLogLikelihoodRatio(difference, variance, tau2, input.nullValue ?? 0);
  const previous = input.previousPValue ?? 1;
  return { logLikelihoodRatio, pValue: Math.min(1, previous, Math.exp(-logLikelihoodRatio)) };
}

/**
 * Half-width of the always-valid (1−α) interval,
 * sqrt((V(V+τ²)/τ²)·(2·ln(1/α) + ln((V+τ²)/V))); NaN when V or τ² is not positive.
 */
export function alwaysValidHalfWidth(variance: number, tau2: number, alpha: number): number {
  if (!(variance > 0 && tau2 > 0 && alpha > 0 && alpha < 1)) return Number.NaN;
  const s = variance + tau2;
  return Math.sqrt(((variance * s) / tau2) * (2 * Math.log(1 / alpha) + Math.log(s / variance)));
}
