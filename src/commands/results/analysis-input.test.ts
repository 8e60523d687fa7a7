import { describe, expect, it } from 'vitest';
import { defaultProjectSettings } from '../../core/project/types.js';
import type { Metric } from '../../core/experiment/types.js';
import type { VariationCounts } from '../../core/experiment/results-totals.js';
import { analysisInput, metricTotals } from './analysis-input.js';
import { analysisSettings } from './analysis-settings.js';

const unique: Metric = { eventId: 7, aggregator: 'unique', field: null, scope: 'visitor', winningDirection: 'increasing' };
const revenue: Metric = { eventId: 7, aggregator: 'sum', field: 'revenue', scope: 'visitor', winningDirection: 'decreasing' };
const counts = new Map<number, VariationCounts>([
  [10, { visitors: 100, metrics: { '7:unique:': { converters: 12, sum: 12, sumSquares: 12 }, '7:sum:revenue': { converters: 12, sum: 340, sumSquares: 9800 } } }],
  [11, { visitors: 90, metrics: {} }],
]);

describe('analysisInput', () => {
  it('reads a unique metric as converters out of visitors and a sum metric as sums per visitor', () => {
    expect(metricTotals(unique, counts.get(10))).toEqual({ n: 100, sum: 12, sumSquares: 12 });
    expect(metricTotals(revenue, counts.get(10))).toEqual({ n: 100, sum: 340, sumSquares: 9800 });
    expect(metricTotals(revenue, counts.get(11))).toEqual({ n: 90, sum: 0, sumSquares: 0 });
    expect(metricTotals(unique, undefined)).toEqual({ n: 0, sum: 0, sumSquares: 0 });
  });

  it('names metrics by position and variations by id, with weights for the SRM check', () => {
    const input = analysisInput([unique, revenue], [{ variationId: 10, key: 'a', name: 'A', weight: 5000 }, { variationId: 11, key: 'b', name: 'B', weight: 5000 }, { variationId: 12, key: 'c', name: 'C', weight: 0 }], counts, 11, analysisSettings(defaultProjectSettings, { statsMethod: null }));
    expect(input.metrics).toEqual([{ id: '0', kind: 'conversion', winningDirection: 'increasing' }, { id: '1', kind: 'mean', winningDirection: 'decreasing' }]);
    expect(input.baselineId).toBe('11');
    expect(input.variations.map((v) => [v.id, v.visitors, v.weight])).toEqual([['10', 100, 5000], ['11', 90, 5000], ['12', 0, 0]]);
    expect(input.variations[2]?.metrics['0']).toEqual({ n: 0, sum: 0, sumSquares: 0 });
  });
});

describe('analysisSettings', () => {
  const project = { ...defaultProjectSettings, statsMethod: 'frequentist' as const, confidenceThreshold: 0.95, tau2: 0.0009, prior: { alpha: 2, beta: 8 } };

  it('takes the request over the experiment over the project', () => {
    expect(analysisSettings(project, { statsMethod: null }).method).toBe('frequentist');
    expect(analysisSettings(project, { statsMethod: 'bayesian' }).method).toBe('bayesian');
    expect(analysisSettings(project, { statsMethod: 'bayesian' }, { method: 'sequential' }).method).toBe('sequential');
  });

  it('uses the project τ², prior and threshold, and the defaults otherwise', () => {
    expect(analysisSettings(project, { statsMethod: null })).toMatchObject({ tau2: 0.0009, prior: { alpha: 2, beta: 8 }, confidenceLevel: 0.95, falseDiscoveryControl: true });
    expect(analysisSettings(defaultProjectSettings, { statsMethod: null })).toMatchObject({ method: 'sequential', tau2: 0.01, confidenceLevel: 0.9 });
    expect(analysisSettings(project, { statsMethod: null }, { confidenceLevel: 0.95, falseDiscoveryControl: false })).toMatchObject({ confidenceLevel: 0.95, falseDiscoveryControl: false });
  });
});
