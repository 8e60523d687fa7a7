/** Preconditions of starting an experiment, shared by every dialect. */
import { invalid } from '../errors.js';
import { WEIGHT_TOTAL } from '../ruleset/validate.js';

export interface StartCandidate {
  readonly variations: readonly { readonly key: string; readonly weight: number }[];
  readonly metrics: readonly unknown[];
}

export interface StartPolicy {
  /** Some dialects (Ours, Optimizely results) need a primary metric before traffic starts. */
  readonly requirePrimaryMetric: boolean;
}

/** Throws `invalid` naming the field when the experiment may not start. */
export function assertStartable(experiment: StartCandidate, policy: StartPolicy): void {
  if (experiment.variations.length < 2) {
    throw invalid('variations', `an experiment needs at least two variations to start, it has ${experiment.variations.length}`);
  }
  const total = experiment.variations.reduce((sum, v) => sum + v.weight, 0);
  if (total !== WEIGHT_TOTAL) {
    throw invalid('variations', `variation weights must sum to ${WEIGHT_TOTAL} to start, they sum to ${total}`);
  }
  if (policy.requirePrimaryMetric && experiment.metrics.length === 0) {
    throw invalid('metrics', 'an experiment needs a primary metric to start');
  }
}
