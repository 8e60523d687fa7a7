/**
 * Sample ratio mismatch (SRM): Pearson's chi-square goodness-of-fit test of the observed visitor
 * counts against the configured traffic weights, χ² = Σ (Oᵢ − Eᵢ)²/Eᵢ with Eᵢ = N·wᵢ/Σw and
 * k − 1 degrees of freedom (Fabijan et al., "Diagnosing Sample Ratio Mismatch in Online
 * Controlled Experiments", KDD 2019). Flagged when p < 0.001, the usual SRM threshold, which
 * keeps false alarms rare because the check runs on every results request.
 */
import { chiSquareSf } from './chi-square.js';

/** Default p-value below which a sample ratio mismatch is flagged. */
export const SRM_THRESHOLD = 0.001;

/** Result of the SRM check. */
export interface SampleRatioMismatch {
  readonly chiSquare: number | null;
  readonly df: number;
  /** Goodness-of-fit p-value; null when there is nothing to test (no visitors, < 2 arms). */
  readonly pValue: number | null;
  /** True when pValue < threshold. */
  readonly isMismatch: boolean;
  readonly threshold: number;
}

/**
 * SRM check of observed counts against weights (any positive scale, e.g. basis points). A
 * variation with weight 0 that received visitors is a certain mismatch (p = 0).
 */
export function sampleRatioMismatch(observed: readonly number[], weights: readonly number[], threshold = SRM_THRESHOLD): SampleRatioMismatch {
  const total = observed.reduce((s, o) => s + o, 0);
  const weightTotal = weights.reduce((s, w) => s + (w > 0 ? w : 0), 0);
  const none = { chiSquare: null, df: 0, pValue: null, isMismatch: false, threshold };
  if (observed.length !== weights.length || !(total > 0) || !(weightTotal > 0)) return none;
  const df = weights.filter((w) => w > 0).length - 1;
  let chiSquare = 0;
  for (let i = 0; i < observed.length; i += 1) {
    const o = observed[i] ?? 0;
    const w = weights[i] ?? 0;
    if (w > 0) {
      const expected = (total * w) / weightTotal;
      chiSquare += ((o - expected) * (o - expected)) / expected;
    } else if (o > 0) {
      return { chiSquare: Number.POSITIVE_INFINITY, df: Math.max(df, 1), pValue: 0, isMismatch: true, threshold };
    }
  }
  if (df < 1) return { ...none, chiSquare, df: 0 };
  const pValue = chiSquareSf(chiSquare, df);
  return { chiSquare, df, pValue, isMismatch: pValue < threshold, threshold };
}
