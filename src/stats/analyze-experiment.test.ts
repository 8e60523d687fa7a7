import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.js';
import vectors from './vectors/analysis.json' with { type: 'json' };
import { analyzeExperiment } from './analyze-experiment.js';
import type { ExperimentAnalysis, ExperimentInput, VariationInput } from './experiment-analysis.js';
import { closeTo } from './test-tolerance.js';

interface Expected {
  readonly metricId: string;
  readonly variationId: string;
  readonly pValue: number;
  readonly qValue: number;
  readonly significance: number;
  readonly isSignificant: boolean;
  readonly intervalLevel: number;
  readonly absoluteInterval: number[];
  readonly relativeInterval: number[];
}

interface AnalysisCase {
  readonly name: string;
  readonly input: ExperimentInput;
  readonly expected: Expected[];
  readonly discoveries: number;
  readonly srmPValue: number;
}

const close = (a: number | null | undefined, b: number | undefined): boolean => closeTo(a ?? Number.NaN, b ?? Number.NaN, 1e-9, 1e-15);

describe('analyzeExperiment against an independent scipy/mpmath pipeline', () => {
  it.each(vectors.cases as unknown as AnalysisCase[])('$name', (c) => {
    const result = analyzeExperiment(c.input);
    expect(result.discoveries).toBe(c.discoveries);
    expect(close(result.srm.pValue, c.srmPValue)).toBe(true);
    for (const e of c.expected) {
      const lift = result.metrics.find((m) => m.metricId === e.metricId)?.variations.find((v) => v.variationId === e.variationId)?.lift;
      expect(lift).toBeTruthy();
      if (!lift) continue;
      expect(close(lift.pValue, e.pValue)).toBe(true);
      expect(close(lift.qValue, e.qValue)).toBe(true);
      expect(close(lift.significance, e.significance)).toBe(true);
      expect(lift.isSignificant).toBe(e.isSignificant);
      expect(close(lift.intervalLevel, e.intervalLevel)).toBe(true);
      expect(close(lift.absoluteInterval?.[0], e.absoluteInterval[0])).toBe(true);
      expect(close(lift.absoluteInterval?.[1], e.absoluteInterval[1])).toBe(true);
      expect(close(lift.relativeInterval?.[0], e.relativeInterval[0])).toBe(true);
      expect(close(lift.relativeInterval?.[1], e.relativeInterval[1])).toBe(true);
    }
  });
});

/** Every number anywhere in the output is finite or null: no NaN or undefined leaks out. */
function expectNoNaN(value: unknown, path = 'analysis'): void {
  if (typeof value === 'number') {
    expect(Number.isNaN(value), path).toBe(false);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => expectNoNaN(v, `${path}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      expect(v, `${path}.${k}`).not.toBeUndefined();
      expectNoNaN(v, `${path}.${k}`);
    }
  }
}

const arm = (id: string, n: number, conversions: number, revenue: [number, number] = [0, 0]): VariationInput => ({
  id,
  visitors: n,
  weight: 1,
  metrics: { conv: { n, sum: conversions, sumSquares: conversions }, rev: { n, sum: revenue[0], sumSquares: revenue[1] } },
});

const input = (variations: VariationInput[], method: 'sequential' | 'frequentist' | 'bayesian' = 'sequential'): ExperimentInput => ({
  metrics: [
    { id: 'conv', kind: 'conversion', winningDirection: 'increasing' },
    { id: 'rev', kind: 'mean', winningDirection: 'increasing' },
  ],
  variations,
  baselineId: variations[0]?.id ?? 'a',
  options: { method },
});

const methods = ['sequential', 'frequentist', 'bayesian'] as const;
const degenerate: [string, VariationInput[]][] = [
  ['zero visitors everywhere', [arm('a', 0, 0), arm('b', 0, 0)]],
  ['zero visitors in the baseline', [arm('a', 0, 0), arm('b', 100, 10, [50, 90])]],
  ['zero conversions everywhere', [arm('a', 500, 0), arm('b', 500, 0)]],
  ['all visitors converted', [arm('a', 50, 50, [50, 50]), arm('b', 60, 60, [60, 60])]],
  ['zero variance of a mean metric', [arm('a', 100, 10, [300, 900]), arm('b', 100, 12, [300, 900])]],
  ['a single visitor', [arm('a', 1, 1, [5, 25]), arm('b', 1, 0, [0, 0])]],
  ['a single variation', [arm('a', 1000, 100, [4000, 30000])]],
  ['invalid totals (more conversions than visitors, NaN, negative)', [arm('a', 10, 20, [Number.NaN, 1]), arm('b', -5, 1, [1, 1])]],
];

describe('analyzeExperiment on degenerate data never throws and never leaks NaN', () => {
  for (const method of methods) {
    it.each(degenerate)(`${method}: %s`, (_label, variations) => {
      let result: ExperimentAnalysis | undefined;
      expect(() => {
        result = analyzeExperiment(input(variations, method));
      }).not.toThrow();
      expectNoNaN(result);
    });
  }
  it('flags the reason a number is missing', () => {
    const r = analyzeExperiment(input([arm('a', 0, 0), arm('b', 100, 10, [50, 90])]));
    expect(r.metrics[0]?.variations[0]?.issues).toContain('no-visitors');
    const zero = analyzeExperiment(input([arm('a', 500, 0), arm('b', 500, 0)]));
    expect(zero.metrics[0]?.variations[1]?.issues).toContain('zero-variance');
    expect(zero.metrics[0]?.variations[1]?.issues).toContain('baseline-mean-zero');
    const bad = analyzeExperiment(input([arm('a', 10, 20), arm('b', 10, 1)]));
    expect(bad.metrics[0]?.variations[0]?.issues).toContain('invalid-totals');
    expect(bad.metrics[0]?.variations[1]?.lift).toBeNull();
  });
  it('gives a single variation its Bayesian block and no lift', () => {
    const r = analyzeExperiment(input([arm('a', 1000, 100, [4000, 30000])], 'bayesian'));
    const only = r.metrics[0]?.variations[0];
    expect(only?.lift).toBeNull();
    expect(only?.probabilityToBeBest).toBeCloseTo(1, 12);
    expect(r.hypotheses).toBe(0);
  });
});

describe('analyzeExperiment semantics', () => {
  const clear = [arm('a', 20000, 2000, [80000, 700000]), arm('b', 20000, 2300, [86000, 760000]), arm('c', 20000, 1990, [79000, 690000])];
  for (const method of ['sequential', 'frequentist'] as const) {
    it(`${method}: an interval excludes 0 exactly when the lift is significant (FCR-adjusted level)`, () => {
      const r = analyzeExperiment(input(clear, method));
      for (const m of r.metrics) {
        for (const v of m.variations.slice(1)) {
          const [lo = 0, hi = 0] = v.lift?.absoluteInterval ?? [];
          expect(lo > 0 || hi < 0).toBe(v.lift?.isSignificant);
        }
      }
    });
  }
  it('orders the baseline first and reports the SRM check', () => {
    const r = analyzeExperiment({ ...input(clear), baselineId: 'b' });
    expect(r.metrics[0]?.variations.map((v) => v.variationId)).toEqual(['b', 'a', 'c']);
    expect(r.srm.isMismatch).toBe(false);
    const skewed = analyzeExperiment(input([arm('a', 10000, 1000), arm('b', 10600, 1060)]));
    expect(skewed.srm.isMismatch).toBe(true);
  });
  it('reads lift status after the winning direction', () => {
    const variations = [arm('a', 20000, 2000), arm('b', 20000, 2400)];
    const up = analyzeExperiment(input(variations, 'frequentist'));
    const down = analyzeExperiment({ ...input(variations, 'frequentist'), metrics: [{ id: 'conv', kind: 'conversion', winningDirection: 'decreasing' }] });
    expect(up.metrics[0]?.variations[1]?.lift?.liftStatus).toBe('better');
    expect(down.metrics[0]?.variations[1]?.lift?.liftStatus).toBe('worse');
    expect(down.metrics[0]?.bestVariationId).toBe('a');
  });
  it('never lowers a running minimum p-value passed in from earlier looks', () => {
    const variations = [arm('a', 1000, 100), { ...arm('b', 1000, 101), metrics: { conv: { n: 1000, sum: 101, sumSquares: 101, previousPValue: 0.001 } } }];
    const r = analyzeExperiment({ ...input(variations), metrics: [{ id: 'conv', kind: 'conversion', winningDirection: 'increasing' }] });
    expect(r.metrics[0]?.variations[1]?.lift?.pValue).toBe(0.001);
    expect(r.metrics[0]?.variations[1]?.lift?.isSignificant).toBe(true);
    expect(r.metrics[0]?.variations[1]?.lift?.visitorsRemaining).toBe(0);
  });
  it('rejects bad settings and ids with the domain invalid error, naming the field', () => {
    const base = input(clear);
    const attempt = (options: ExperimentInput['options'], baselineId = 'a'): unknown => {
      try {
        analyzeExperiment({ ...base, options, baselineId });
      } catch (e) {
        return e instanceof DomainError ? e.field : e;
      }
      return null;
    };
    expect(attempt({ confidenceLevel: 1 })).toBe('confidenceLevel');
    expect(attempt({ tau2: 0 })).toBe('tau2');
    expect(attempt({ prior: { alpha: 0.5, beta: 1 } })).toBe('prior');
    expect(attempt({}, 'zzz')).toBe('baselineId');
  });
});
