/** What must hold for a group's experiments and shares. */
import { invalid } from '../errors.js';
import { WEIGHT_TOTAL } from '../ruleset/validate.js';
import type { GroupEntity } from './types.js';

/** Throws `invalid` naming the entity unless shares are whole basis points summing to at most 10000. */
export function assertGroupEntities(entities: readonly GroupEntity[]): void {
  const seen = new Set<number>();
  let total = 0;
  entities.forEach((e, i) => {
    if (seen.has(e.experimentId)) throw invalid(`entities[${i}].id`, `experiment ${e.experimentId} is listed twice`);
    seen.add(e.experimentId);
    if (!Number.isInteger(e.weight) || e.weight < 0 || e.weight > WEIGHT_TOTAL) {
      throw invalid(`entities[${i}].weight`, `must be an integer from 0 to ${WEIGHT_TOTAL}`);
    }
    total += e.weight;
  });
  if (total > WEIGHT_TOTAL) throw invalid('entities', `the shares of a group sum to at most ${WEIGHT_TOTAL}, they sum to ${total}`);
}

/**
 * Whether moving an experiment into, out of or within a group is allowed in its status: a running
 * experiment would re-bucket its users mid-flight, so it must be paused first.
 */
export function assertGroupMembershipChangeable(experimentId: number, status: string, field: string): void {
  if (status === 'running') {
    throw invalid(field, `experiment ${experimentId} is running: pause it before changing its group or share (its users would be re-bucketed)`);
  }
  if (status === 'archived') throw invalid(field, `experiment ${experimentId} is archived and cannot join a group`);
}
