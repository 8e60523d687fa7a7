import { describe, expect, it } from 'vitest';
import { significanceCode } from './results.js';

const base = { exposures: [500, 500], method: 'bayesian', funnel: true, controlProbability: 0.02, testProbability: 0.98, expectedLoss: 0.001, pValue: 0.01 } as const;

describe('PostHog significance codes, in the order PostHog applies its gates', () => {
  it.each([
    ['significant funnel', {}, 'significant'],
    ['a variant under 100 exposures first of all', { exposures: [99, 500], expectedLoss: 0.5 }, 'not_enough_exposure'],
    ['neither side reaching P(best) 0.9', { controlProbability: 0.3, testProbability: 0.7 }, 'low_win_probability'],
    ['control winning passes the probability gate', { controlProbability: 0.95, testProbability: 0.05, expectedLoss: 0.2 }, 'high_loss'],
    ['expected loss of exactly 0.01 is high', { expectedLoss: 0.01 }, 'high_loss'],
    ['a trend with p ≥ 0.05', { funnel: false, pValue: 0.05 }, 'high_p_value'],
    ['a trend with p < 0.05', { funnel: false, pValue: 0.049 }, 'significant'],
    ['frequentist: only the p-value decides', { method: 'frequentist', controlProbability: 0.5, testProbability: 0.5, expectedLoss: 0.5 }, 'significant'],
    ['frequentist without a p-value', { method: 'frequentist', pValue: null }, 'high_p_value'],
  ] as const)('%s', (_name, change, code) => {
    expect(significanceCode({ ...base, ...change })).toBe(code);
  });
});
