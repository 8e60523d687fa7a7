import { describe, expect, it } from 'vitest';
import vectors from './vectors/bayesian.json' with { type: 'json' };
import { comparePosteriors, type Direction, type Posterior } from './compare-posteriors.js';
import { closeTo } from './test-tolerance.js';

interface Case {
  readonly name: string;
  readonly posteriors: Posterior[];
  readonly direction: Direction;
  readonly probabilityToBeBest: number[];
  readonly expectedLoss: number[];
  readonly chanceToBeatBaseline: (number | null)[];
  readonly credibleIntervals95: number[][];
}

const cases = vectors.cases as Case[];
// Stated error bound of the quadrature (docs/statistics.md): 1e-6 relative, or 1e-10 absolute
// for values near 0 (a probability or loss of 1e-12 has no meaningful relative error).
const RTOL = 1e-6;
const ATOL = 1e-10;

describe('comparePosteriors against mpmath quadrature at 40 digits', () => {
  it.each(cases)('P(best) matches mpmath.quad of f_i·∏F_j: $name', (c) => {
    const r = comparePosteriors(c.posteriors, c.direction, 0, 0.95);
    r.probabilityToBeBest.forEach((v, i) => expect(closeTo(v, c.probabilityToBeBest[i] ?? Number.NaN, RTOL, ATOL)).toBe(true));
  });
  it.each(cases)('expected loss matches mpmath E[max θ] − E[θ_i]: $name', (c) => {
    const r = comparePosteriors(c.posteriors, c.direction, 0, 0.95);
    r.expectedLoss.forEach((v, i) => expect(closeTo(v, c.expectedLoss[i] ?? Number.NaN, RTOL, ATOL)).toBe(true));
  });
  it.each(cases)('chance to beat baseline matches mpmath (and Evan Miller closed form for 2 Beta arms): $name', (c) => {
    const r = comparePosteriors(c.posteriors, c.direction, 0, 0.95);
    r.chanceToBeatBaseline.forEach((v, i) => {
      const e = c.chanceToBeatBaseline[i];
      if (e === null || e === undefined) expect(v).toBeNull();
      else expect(closeTo(v ?? Number.NaN, e, RTOL, ATOL)).toBe(true);
    });
  });
  it.each(cases)('95% credible intervals match scipy beta.ppf / norm.ppf: $name', (c) => {
    const r = comparePosteriors(c.posteriors, c.direction, 0, 0.95);
    r.credibleIntervals.forEach(([lo, hi], i) => {
      const e = c.credibleIntervals95[i] ?? [];
      expect(closeTo(lo, e[0] ?? Number.NaN, 1e-9, 1e-14)).toBe(true);
      expect(closeTo(hi, e[1] ?? Number.NaN, 1e-9, 1e-14)).toBe(true);
    });
  });
});

describe('comparePosteriors properties', () => {
  it('a single arm is best with probability 1 and no loss', () => {
    const r = comparePosteriors([{ kind: 'beta', alpha: 11, beta: 91 }], 'increasing', 0, 0.95);
    expect(r.probabilityToBeBest[0]).toBeCloseTo(1, 12);
    expect(r.expectedLoss[0]).toBeLessThan(1e-12);
    expect(r.chanceToBeatBaseline).toEqual([null]);
  });
  it('reversing the direction swaps which arm is best', () => {
    const arms: Posterior[] = [
      { kind: 'beta', alpha: 51, beta: 951 },
      { kind: 'beta', alpha: 71, beta: 931 },
    ];
    const up = comparePosteriors(arms, 'increasing', 0, 0.95);
    const down = comparePosteriors(arms, 'decreasing', 0, 0.95);
    expect(up.probabilityToBeBest[1]).toBeGreaterThan(0.9);
    expect(down.probabilityToBeBest[0]).toBeCloseTo(up.probabilityToBeBest[1] ?? 0, 10);
  });
});
