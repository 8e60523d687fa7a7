/**
 * Gauss–Legendre quadrature on [−1, 1]: nodes, weights and the spectral integration matrix.
 *
 * Nodes are the roots of Pₙ, found by Newton's method from Tricomi's estimate
 * cos(π(i − ¼)/(n + ½)); weights wᵢ = 2/((1 − tᵢ²)·Pₙ′(tᵢ)²) (A&S 25.4.29). The integration
 * matrix S has S[k][m] = ∫₋₁^{t_k} ℓ_m(t) dt for the Lagrange basis ℓ_m of the nodes, so
 * Σ_m S[k][m]·f(t_m) is the integral from −1 to t_k of the degree-(n−1) interpolant of f.
 * It is built from the expansion ℓ_m(t) = w_m Σ_l (2l+1)/2 · P_l(t_m)·P_l(t) and
 * ∫₋₁ˣ P_l = (P_{l+1}(x) − P_{l−1}(x))/(2l+1) (A&S 22.13.9).
 */

/** A rule of n nodes: nodes t, weights w, integration matrix S (row-major, n×n). */
export interface GaussLegendreRule {
  readonly n: number;
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
  readonly cumulative: Float64Array;
}

/** P₀(x) … P_{count−1}(x) by the three-term recurrence (l+1)P_{l+1} = (2l+1)xP_l − lP_{l−1}. */
function legendreValues(x: number, count: number): Float64Array {
  const p = new Float64Array(count);
  p[0] = 1;
  if (count > 1) p[1] = x;
  for (let l = 1; l + 1 < count; l += 1) p[l + 1] = ((2 * l + 1) * x * (p[l] ?? 0) - l * (p[l - 1] ?? 0)) / (l + 1);
  return p;
}

/** Builds the n-point Gauss–Legendre rule with its integration matrix (n ≥ 2). */
export function gaussLegendre(n: number): GaussLegendreRule {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    let x = -Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 1;
    for (let iteration = 0; iteration < 100; iteration += 1) {
      const p = legendreValues(x, n + 1);
      const pn = p[n] ?? 0;
      derivative = (n * (x * pn - (p[n - 1] ?? 0))) / (x * x - 1);
      const step = pn / derivative;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    nodes[i] = x;
    weights[i] = 2 / ((1 - x * x) * derivative * derivative);
  }
  const cumulative = new Float64Array(n * n);
  const atNodes = Array.from(nodes, (t) => legendreValues(t, n + 1));
  for (let k = 0; k < n; k += 1) {
    const pk = atNodes[k] ?? new Float64Array(n + 1);
    for (let m = 0; m < n; m += 1) {
      const pm = atNodes[m] ?? new Float64Array(n + 1);
      let sum = 0.5 * ((nodes[k] ?? 0) + 1);
      for (let l = 1; l < n; l += 1) sum += 0.5 * (pm[l] ?? 0) * ((pk[l + 1] ?? 0) - (pk[l - 1] ?? 0));
      cumulative[k * n + m] = (weights[m] ?? 0) * sum;
    }
  }
  return { n, nodes, weights, cumulative };
}
