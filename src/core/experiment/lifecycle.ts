/**
 * The experiment lifecycle (DESIGN.md): draft → running ⇄ paused → completed, and archived from
 * any state. A frozen transition table; `transition` returns the next status or throws an
 * `illegal_transition` error that names the current status, never a silent no-op.
 */
import { DomainError } from '../errors.js';

export const experimentStatuses = ['draft', 'running', 'paused', 'completed', 'archived'] as const;
export type ExperimentStatus = (typeof experimentStatuses)[number];

export const lifecycleVerbs = ['start', 'pause', 'resume', 'stop', 'archive'] as const;
export type LifecycleVerb = (typeof lifecycleVerbs)[number];

const table: Readonly<Record<LifecycleVerb, Readonly<Partial<Record<ExperimentStatus, ExperimentStatus>>>>> =
  Object.freeze({
    start: Object.freeze({ draft: 'running' }),
    pause: Object.freeze({ running: 'paused' }),
    resume: Object.freeze({ paused: 'running' }),
    stop: Object.freeze({ running: 'completed', paused: 'completed' }),
    archive: Object.freeze({
      draft: 'archived',
      running: 'archived',
      paused: 'archived',
      completed: 'archived',
    }),
  });

/** The status after `verb`, or an illegal_transition error naming the current status. */
export function transition(current: ExperimentStatus, verb: LifecycleVerb): ExperimentStatus {
  const next = table[verb][current];
  if (next === undefined) {
    throw new DomainError(
      'illegal_transition',
      `cannot ${verb} an experiment whose status is ${current}` + allowedHint(current),
      { field: 'status' },
    );
  }
  return next;
}

/** The verb that moves `from` to `to`, for dialects whose clients write a target status. */
export function verbFor(from: ExperimentStatus, to: ExperimentStatus): LifecycleVerb | null {
  if (from === to) return null;
  for (const verb of lifecycleVerbs) if (table[verb][from] === to) return verb;
  throw new DomainError(
    'illegal_transition',
    `cannot change the status of an experiment from ${from} to ${to}` + allowedHint(from),
    { field: 'status' },
  );
}

/** The statuses `current` can move to, in table order. */
export function reachableFrom(current: ExperimentStatus): ExperimentStatus[] {
  return lifecycleVerbs.flatMap((v) => table[v][current] ?? []);
}

/** Whether `verb` needs the start permission (it puts traffic into the experiment). */
export function startsTraffic(verb: LifecycleVerb): boolean {
  return verb === 'start' || verb === 'resume';
}

function allowedHint(current: ExperimentStatus): string {
  const verbs = lifecycleVerbs.filter((v) => table[v][current] !== undefined);
  return verbs.length ? ` (from ${current} you can: ${verbs.join(', ')})` : ` (${current} is final)`;
}
