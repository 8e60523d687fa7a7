import { describe, expect, it } from 'vitest';
import { variantWeights } from './variants.js';

const policy = { maxVariants: 10, requiredKey: 'control' };

describe('variantWeights', () => {
  it('converts percentages to basis points', () => {
    expect(variantWeights('v', [{ key: 'control', rolloutPercentage: 33.33 }, { key: 'test', rolloutPercentage: 66.67 }], policy).map((v) => v.weight)).toEqual([3333, 6667]);
  });
  it('needs a control variant', () => {
    expect(() => variantWeights('v', [{ key: 'a', rolloutPercentage: 50 }, { key: 'b', rolloutPercentage: 50 }], policy)).toThrow(/control/);
  });
  it('allows at most ten variants', () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ key: i === 0 ? 'control' : `v${i}`, rolloutPercentage: 100 / 11 }));
    expect(() => variantWeights('v', many, policy)).toThrow(/less than 11/);
  });
  it('needs the split to sum to 100', () => {
    expect(() => variantWeights('v', [{ key: 'control', rolloutPercentage: 50 }, { key: 'test', rolloutPercentage: 40 }], policy)).toThrow(/sum to 100, they sum to 90/);
  });
});
