import { describe, expect, it } from 'vitest';
import vectors from './vectors/distributions.json' with { type: 'json' };
import * as dist from './distributions.js';
import { closeTo } from './test-tolerance.js';

interface Case {
  readonly name: string;
  readonly fn: string;
  readonly args: readonly number[];
  readonly expected: number;
  readonly rtol: number;
  readonly atol: number;
}

const functions: Readonly<Record<string, (...args: number[]) => number>> = {
  logGamma: (x = Number.NaN) => dist.logGamma(x),
  logBeta: (a = Number.NaN, b = Number.NaN) => dist.logBeta(a, b),
  normalCdf: (x = Number.NaN) => dist.normalCdf(x),
  normalSf: (x = Number.NaN) => dist.normalSf(x),
  normalPpf: (p = Number.NaN) => dist.normalPpf(p),
  studentTCdf: (t = Number.NaN, df = Number.NaN) => dist.studentTCdf(t, df),
  studentTPpf: (p = Number.NaN, df = Number.NaN) => dist.studentTPpf(p, df),
  studentTPdf: (t = Number.NaN, df = Number.NaN) => dist.studentTPdf(t, df),
  chiSquareCdf: (x = Number.NaN, df = Number.NaN) => dist.chiSquareCdf(x, df),
  chiSquareSf: (x = Number.NaN, df = Number.NaN) => dist.chiSquareSf(x, df),
  betaCdf: (x = Number.NaN, a = Number.NaN, b = Number.NaN) => dist.betaCdf(x, a, b),
  betaSf: (x = Number.NaN, a = Number.NaN, b = Number.NaN) => dist.betaSf(x, a, b),
  betaPpf: (p = Number.NaN, a = Number.NaN, b = Number.NaN) => dist.betaPpf(p, a, b),
  betaPdf: (x = Number.NaN, a = Number.NaN, b = Number.NaN) => dist.betaPdf(x, a, b),
};

describe('distributions against mpmath / scipy reference vectors', () => {
  it.each(vectors.cases as Case[])('$name', ({ fn, args, expected, rtol, atol }) => {
    const f = functions[fn];
    if (f === undefined) throw new Error(`no function ${fn}`);
    expect(closeTo(f(...args), expected, rtol, atol)).toBe(true);
  });
});

describe('distribution edge cases', () => {
  it('return exact limits at the ends of the support', () => {
    expect(dist.normalPpf(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(dist.normalPpf(1)).toBe(Number.POSITIVE_INFINITY);
    expect(dist.betaPpf(0, 2, 3)).toBe(0);
    expect(dist.betaPpf(1, 2, 3)).toBe(1);
    expect(dist.betaCdf(0, 2, 3)).toBe(0);
    expect(dist.betaCdf(1, 2, 3)).toBe(1);
    expect(dist.chiSquareSf(0, 3)).toBe(1);
    expect(dist.studentTCdf(0, 7)).toBe(0.5);
  });
  it('return NaN, never throw, on invalid parameters', () => {
    expect(dist.betaPpf(0.5, -1, 3)).toBeNaN();
    expect(dist.studentTCdf(1, 0)).toBeNaN();
    expect(dist.chiSquareSf(1, -2)).toBeNaN();
    expect(dist.logGamma(-1)).toBeNaN();
  });
});
