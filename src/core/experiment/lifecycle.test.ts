/** The experiment lifecycle's transition table, every status × every verb. */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { experimentStatuses, lifecycleVerbs, reachableFrom, startsTraffic, transition, verbFor, type ExperimentStatus, type LifecycleVerb } from './lifecycle.js';

/** DESIGN.md: draft → running ⇄ paused → completed, and archived from any state. */
const expected: Record<ExperimentStatus, Partial<Record<LifecycleVerb, ExperimentStatus>>> = {
  draft: { start: 'running', archive: 'archived' },
  running: { pause: 'paused', stop: 'completed', archive: 'archived' },
  paused: { resume: 'running', stop: 'completed', archive: 'archived' },
  completed: { archive: 'archived' },
  archived: {},
};

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('transition', () => {
  const cases = experimentStatuses.flatMap((status) => lifecycleVerbs.map((verb) => [status, verb] as const));

  it.each(cases)('%s + %s', (status, verb) => {
    const next = expected[status][verb];
    if (next !== undefined) {
      expect(transition(status, verb)).toBe(next);
      return;
    }
    const error = thrown(() => transition(status, verb));
    expect(error.kind).toBe('illegal_transition');
    expect(error.field).toBe('status');
    expect(error.message).toContain(`status is ${status}`);
    expect(error.message).toContain(verb);
  });

  it('says what is possible from the current status, or that it is final', () => {
    expect(thrown(() => transition('draft', 'pause')).message).toContain('from draft you can: start, archive');
    expect(thrown(() => transition('archived', 'start')).message).toContain('archived is final');
  });
});

describe('verbFor', () => {
  const pairs = experimentStatuses.flatMap((from) => experimentStatuses.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s', (from, to) => {
    if (from === to) {
      expect(verbFor(from, to)).toBeNull();
      return;
    }
    const verb = (Object.entries(expected[from]) as [LifecycleVerb, ExperimentStatus][]).find(([, next]) => next === to)?.[0];
    if (verb) {
      expect(verbFor(from, to)).toBe(verb);
      expect(transition(from, verb)).toBe(to);
    } else {
      const error = thrown(() => verbFor(from, to));
      expect(error.kind).toBe('illegal_transition');
      expect(error.message).toContain(`from ${from} to ${to}`);
    }
  });
});

describe('reachableFrom', () => {
  it.each(experimentStatuses)('lists where %s can go', (status) => {
    expect(reachableFrom(status).sort()).toEqual(Object.values(expected[status]).sort());
  });
});

describe('startsTraffic', () => {
  it('is true for start and resume only: the verbs that need the start permission', () => {
    expect(lifecycleVerbs.filter(startsTraffic)).toEqual(['start', 'resume']);
  });
});
