import { describe, expect, it } from 'vitest';
import bhVectors from './vectors/benjamini-hochberg.json' with { type: 'json' };
import deltaVectors from './vectors/delta-method.json' with { type: 'json' };
import frequentistVectors from './vectors/frequentist.json' with { type: 'json' };
import msprtVectors from './vectors/msprt.json' with { type: 'json' };
import srmVectors from './vectors/srm.json' with { type: 'json' };
import { benjaminiHochberg } from './benjamini-hochberg.js';
import { alwaysValidHalfWidth, mixtureSprt } from './mixture-sprt.js';
import { ratioVariance } from './ratio-variance.js';
import { sampleRatioMismatch } from './sample-ratio-mismatch.js';
import { closeTo } from './test-tolerance.js';
import { normalCritical, twoProportionZTest } from './two-proportion-z-test.js';
import { studentCritical, welchTTest } from './welch-t-test.js';

const RTOL = 1e-9;

interface FrequentistCase {
  readonly name: string;
  readonly kind: string;
  readonly a: number[];
  readonly b: number[];
  readonly alpha: number;
  readonly pValue: number;
  readonly difference: number;
  readonly standardError: number;
  readonly interval: number[];
  readonly df?: number;
}

describe('fixed-horizon tests against scipy', () => {
  it.each(frequentistVectors.cases as FrequentistCase[])('$name', (c) => {
    const [nA = 0, xA = 0, vA = 0] = c.a;
    const [nB = 0, xB = 0, vB = 0] = c.b;
    const r =
      c.kind === 'z'
        ? twoProportionZTest({ n: nA, conversions: xA }, { n: nB, conversions: xB })
        : welchTTest({ n: nA, mean: xA, variance: vA }, { n: nB, mean: xB, variance: vB });
    expect(r).not.toBeNull();
    if (r === null) return;
    expect(closeTo(r.pValue, c.pValue, RTOL)).toBe(true);
    expect(closeTo(r.difference, c.difference, 1e-12, 1e-15)).toBe(true);
    expect(closeTo(r.standardError, c.standardError, RTOL)).toBe(true);
    if (c.df !== undefined) expect(closeTo(r.df, c.df, RTOL)).toBe(true);
    const crit = Number.isFinite(r.df) ? studentCritical(c.alpha, r.df) : normalCritical(c.alpha);
    expect(closeTo(r.difference - crit * r.standardError, c.interval[0] ?? Number.NaN, RTOL, 1e-15)).toBe(true);
    expect(closeTo(r.difference + crit * r.standardError, c.interval[1] ?? Number.NaN, RTOL, 1e-15)).toBe(true);
  });
});

describe('delta method', () => {
  it.each(deltaVectors.cases)('$name', (c) => {
    expect(closeTo(ratioVariance(c.meanA, c.varA, c.meanB, c.varB) ?? Number.NaN, c.variance, 1e-12)).toBe(true);
  });
  it('is undefined for a zero baseline mean', () => {
    expect(ratioVariance(0, 1, 1, 1)).toBeNull();
  });
});

interface MsprtCase {
  readonly name: string;
  readonly difference: number;
  readonly variance: number;
  readonly tau2: number;
  readonly logLikelihoodRatio: number;
  readonly pValue: number;
  readonly halfWidths: Record<string, number>;
}

describe('mSPRT against its defining mixture integral (mpmath)', () => {
  it.each(msprtVectors.cases as MsprtCase[])('$name', (c) => {
    const r = mixtureSprt({ difference: c.difference, variance: c.variance, tau2: c.tau2 });
    expect(r).not.toBeNull();
    expect(closeTo(r?.logLikelihoodRatio ?? Number.NaN, c.logLikelihoodRatio, 1e-12, 1e-14)).toBe(true);
    expect(closeTo(r?.pValue ?? Number.NaN, c.pValue, 1e-12)).toBe(true);
  });
  it.each(msprtVectors.cases as MsprtCase[])('always-valid CI half-width solves Λ(θ̂ ± h) = 1/α on the integral: $name', (c) => {
    for (const [alpha, expected] of Object.entries(c.halfWidths)) {
      expect(closeTo(alwaysValidHalfWidth(c.variance, c.tau2, Number(alpha)), expected, 1e-12)).toBe(true);
    }
  });
  it('keeps the running minimum of earlier looks', () => {
    const fresh = mixtureSprt({ difference: 0.001, variance: 1e-4, tau2: 1e-4 });
    const kept = mixtureSprt({ difference: 0.001, variance: 1e-4, tau2: 1e-4, previousPValue: 0.02 });
    expect(fresh?.pValue).toBe(1);
    expect(kept?.pValue).toBe(0.02);
  });
  it('returns null without variance', () => {
    expect(mixtureSprt({ difference: 0.1, variance: 0, tau2: 1e-4 })).toBeNull();
  });
});

describe('Benjamini–Hochberg', () => {
  it.each(bhVectors.cases)('$name', (c) => {
    const q = benjaminiHochberg(c.pValues);
    q.forEach((v, i) => expect(closeTo(v, c.qValues[i] ?? Number.NaN, 1e-12, 1e-15)).toBe(true));
  });
});

describe('sample ratio mismatch', () => {
  it.each(srmVectors.cases)('$name', (c) => {
    const r = sampleRatioMismatch(c.observed, c.weights);
    expect(closeTo(r.chiSquare ?? Number.NaN, c.chiSquare, 1e-12, 1e-15)).toBe(true);
    expect(closeTo(r.pValue ?? Number.NaN, c.pValue, 1e-9, 1e-300)).toBe(true);
    expect(r.isMismatch).toBe(c.isMismatch);
  });
  it('flags visitors in a variation with weight 0 and skips empty experiments', () => {
    expect(sampleRatioMismatch([10, 3], [100, 0]).isMismatch).toBe(true);
    expect(sampleRatioMismatch([0, 0], [1, 1]).pValue).toBeNull();
    expect(sampleRatioMismatch([10], [1]).pValue).toBeNull();
  });
});
