/** Validation of an experiment's metrics (the first is the primary one). */
import { invalid } from '../errors.js';
import { aggregators, metricFields, winningDirections, type Metric } from './types.js';

export interface MetricDraft {
  readonly eventId: number;
  readonly aggregator?: string;
  readonly field?: string | null;
  readonly scope?: string;
  readonly winningDirection?: string;
}

export function normalizeMetrics(drafts: readonly MetricDraft[], field = 'metrics'): Metric[] {
  return drafts.map((d, i) => {
    const at = `${field}[${i}]`;
    const aggregator = d.aggregator ?? 'unique';
    if (!(aggregators as readonly string[]).includes(aggregator)) throw invalid(`${at}.aggregator`, `must be one of ${aggregators.join(', ')}`);
    const scope = d.scope ?? 'visitor';
    if (scope !== 'visitor') throw invalid(`${at}.scope`, 'only the visitor scope is supported');
    const direction = d.winningDirection ?? 'increasing';
    if (!(winningDirections as readonly string[]).includes(direction)) throw invalid(`${at}.winning_direction`, `must be one of ${winningDirections.join(', ')}`);
    let metricField: Metric['field'] = null;
    if (aggregator === 'sum') {
      const f = d.field ?? 'value';
      if (!(metricFields as readonly string[]).includes(f)) throw invalid(`${at}.field`, `must be one of ${metricFields.join(', ')}`);
      metricField = f as Metric['field'];
    }
    return { eventId: d.eventId, aggregator: aggregator as Metric['aggregator'], field: metricField, scope: 'visitor', winningDirection: direction as Metric['winningDirection'] };
  });
}
