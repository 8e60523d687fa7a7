/**
 * Reference values computed here in closed form, independently of src/stats, for the results
 * suites: the mSPRT p-value (Johari et al.), Benjamini–Hochberg q-values, Welch's sample
 * variance, and P(B > A) for two Beta posteriors (Evan Miller's exact sum, "Formulas for
 * Bayesian A/B Testing", 2015).
 */

/** Always-valid p-value of one look: min(1, 1/Λ) with Λ the normal-mixture likelihood ratio. */
export function msprtPValue(meanA: number, varA: number, nA: number, meanB: number, varB: number, nB: number, tau2Relative: number): number {
  const diff = meanB - meanA;
  const v = varA / nA + varB / nB;
  const pooled = (meanA * nA + meanB * nB) / (nA + nB);
  const tau2 = tau2Relative * pooled * pooled;
  const lambda = Math.sqrt(v / (v + tau2)) * Math.exp((tau2 * diff * diff) / (2 * v * (v + tau2)));
  return Math.min(1, 1 / lambda);
}

/** Benjamini–Hochberg q-values, in the input order. */
export function bhQValues(p: readonly number[]): number[] {
  const m = p.length;
  const order = p.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const q = new Array<number>(m).fill(1);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const item = order[rank - 1]!;
    running = Math.min(running, (item.value * m) / rank);
    q[item.index] = running;
  }
  return q;
}

/** Sample variance (ddof = 1) from n, Σx and Σx². */
export function sampleVariance(n: number, sum: number, sumSquares: number): number {
  return (sumSquares - (sum * sum) / n) / (n - 1);
}

/** ln Γ(x), Lanczos (g = 7, n = 9), |error| < 1e-13 for x > 0. */
function logGamma(x: number): number {
  const c = [0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.61503916999186, 12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const logBeta = (a: number, b: number) => logGamma(a) + logGamma(b) - logGamma(a + b);

/** P(p_B > p_A) for p_A ~ Beta(aA, bA), p_B ~ Beta(aB, bB), aB a positive integer. */
export function probabilityBBeatsA(aA: number, bA: number, aB: number, bB: number): number {
  let total = 0;
  for (let i = 0; i < aB; i++) total += Math.exp(logBeta(aA + i, bA + bB) - Math.log(bB + i) - logBeta(1 + i, bB) - logBeta(aA, bA));
  return total;
}
