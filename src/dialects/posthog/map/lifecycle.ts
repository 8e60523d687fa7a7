/**
 * PostHog's lifecycle fields as core status moves: setting `start_date` launches (core start),
 * setting `end_date` ends (core stop), `archived: true` archives. Clearing a field asks for the
 * way back, which the core lifecycle refuses with a message naming the current state.
 */
import { DomainError, invalid } from '../../../core/errors.js';
import type { ExperimentStatus } from '../../../core/experiment/lifecycle.js';

export interface LifecycleFields {
  readonly start_date?: string | null;
  readonly end_date?: string | null;
  readonly archived?: boolean;
}

export interface StatusStep {
  readonly status: ExperimentStatus;
  /** The PostHog field that asked for it, named in errors. */
  readonly field: 'start_date' | 'end_date' | 'archived';
}

const launched = (s: ExperimentStatus): boolean => s !== 'draft';

/** The status moves the request asks for, in order, from `current`. */
export function statusSteps(current: ExperimentStatus, startedBefore: boolean, endedBefore: boolean, body: LifecycleFields): StatusStep[] {
  const steps: StatusStep[] = [];
  if (body.start_date === null && (launched(current) && startedBefore)) steps.push({ status: 'draft', field: 'start_date' });
  if (typeof body.start_date === 'string' && current === 'draft') steps.push({ status: 'running', field: 'start_date' });
  if (body.end_date === null && endedBefore) steps.push({ status: 'running', field: 'end_date' });
  if (typeof body.end_date === 'string' && !endedBefore && current !== 'archived') steps.push({ status: 'completed', field: 'end_date' });
  if (body.archived === true && current !== 'archived') steps.push({ status: 'archived', field: 'archived' });
  if (body.archived === false && current === 'archived') steps.push({ status: 'running', field: 'archived' });
  return steps;
}

/** Runs `move`, reporting an illegal transition against the PostHog field that asked for it. */
export async function asField<T>(field: string, move: () => Promise<T>): Promise<T> {
  try {
    return await move();
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'illegal_transition') throw invalid(field, error.message);
    throw error;
  }
}
