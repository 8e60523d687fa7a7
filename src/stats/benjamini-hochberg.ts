/**
 * Benjamini–Hochberg false-discovery-rate adjustment (Benjamini & Hochberg 1995, JRSS B 57).
 * Sorting p₍₁₎ ≤ … ≤ p₍ₘ₎, the q-value (adjusted p-value) is q₍ᵢ₎ = min_{j ≥ i} min(1, m·p₍ⱼ₎/j);
 * rejecting every hypothesis with q ≤ α controls the FDR at α for independent or positively
 * dependent tests, and — with always-valid p-values — at any stopping time (Johari et al.,
 * arXiv:1512.04922).
 */

/** q-values in the input order; an empty input gives an empty output. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p: Number.isNaN(p) ? 1 : p, i })).sort((x, y) => x.p - y.p);
  const q = new Array<number>(m).fill(1);
  let running = 1;
  for (let rank = m; rank >= 1; rank -= 1) {
    const entry = order[rank - 1];
    if (entry === undefined) continue;
    running = Math.min(running, (m * entry.p) / rank);
    q[entry.i] = running;
  }
  return q;
}

/** The number R of hypotheses rejected at level α by the BH step-up procedure (q ≤ α). */
export function benjaminiHochbergRejections(qValues: readonly number[], alpha: number): number {
  return qValues.reduce((count, q) => (q <= alpha ? count + 1 : count), 0);
}
