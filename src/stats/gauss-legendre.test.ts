import { describe, expect, it } from 'vitest';
import vectors from './vectors/gauss-legendre.json' with { type: 'json' };
import { gaussLegendre } from './gauss-legendre.js';
import { closeTo } from './test-tolerance.js';

describe('Gauss–Legendre rules', () => {
  it.each(vectors.cases)('$name', (c) => {
    const rule = gaussLegendre(c.n);
    c.nodes.forEach((t, i) => expect(closeTo(rule.nodes[i] ?? Number.NaN, t, 1e-14, 1e-15)).toBe(true));
    c.weights.forEach((w, i) => expect(closeTo(rule.weights[i] ?? Number.NaN, w, 1e-13)).toBe(true));
    // Σ_m S[k][m]·exp(t_m) ≈ ∫₋₁^{t_k} exp, through the degree-(n−1) interpolant of exp, whose
    // error is about e/(n!·2^(n−1)): 5e-7 for n = 8, below 1e-9 from n = 12 on.
    const tolerance = c.n >= 12 ? 1e-9 : 1e-5;
    c.cumulativeExp.forEach((expected, k) => {
      let sum = 0;
      for (let m = 0; m < c.n; m += 1) sum += (rule.cumulative[k * c.n + m] ?? 0) * Math.exp(rule.nodes[m] ?? 0);
      expect(closeTo(sum, expected, tolerance, 1e-12)).toBe(true);
    });
  });
});
