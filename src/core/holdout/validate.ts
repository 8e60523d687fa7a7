/** What must hold for a holdout and for the experiments that refer to one. */
import { invalid } from '../errors.js';
import { WEIGHT_TOTAL } from '../ruleset/validate.js';
import type { HoldoutScope } from './types.js';

export function assertHoldoutPercentage(value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > WEIGHT_TOTAL) {
    throw invalid('percentage_included', `must be an integer from 0 to ${WEIGHT_TOTAL}`);
  }
}

/**
 * An experiment may name a holdout only when that holdout covers chosen experiments and lives in
 * the experiment's environment (an environment-wide holdout covers it already).
 */
export function assertExperimentHoldout(
  field: string,
  experiment: { readonly id: number; readonly environmentId: number },
  holdout: { readonly id: number; readonly environmentId: number; readonly scope: HoldoutScope },
): void {
  if (holdout.scope !== 'experiments') {
    throw invalid(field, `holdout ${holdout.id} holds back the whole environment; only a holdout with scope "experiments" is named by experiments`);
  }
  if (holdout.environmentId !== experiment.environmentId) {
    throw invalid(field, `holdout ${holdout.id} is in another environment than experiment ${experiment.id}`);
  }
}

/** The holdout of an experiment is fixed once it has started: changing it would bias its results. */
export function assertHoldoutChangeable(experimentId: number, startedAt: string | null, field: string): void {
  if (startedAt !== null) throw invalid(field, `experiment ${experimentId} has started: its holdout cannot change any more`);
}
