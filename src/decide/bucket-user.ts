/**
 * The per-rule steps of a decision shared by rules and holdouts: the audience check, bucketing
 * (random-group stage, then the traffic ranges) and holdout evaluation. Each step appends its
 * reason sentence when `reasons` is not null.
 */
import { evaluateTree } from './condition-tree.js';
import type { Allocation, AudienceCheck, Decision, HoldoutRule } from './decision-config.js';
import { bucketValue } from './murmurhash3.js';
import { reason } from './reasons.js';

/** User attributes as the evaluators read them. */
export type Attributes = Readonly<Record<string, unknown>>;
/** The user's cohort ids, when known. */
export type Cohorts = ReadonlySet<string> | undefined;

/** Whether the audience matches: only an exact `true` does; null ("unknown") does not. */
export function audienceMatches(
  check: AudienceCheck,
  kind: string,
  key: string,
  attributes: Attributes,
  cohorts: Cohorts,
  reasons: string[] | null,
): boolean {
  if (check.tree === null) return true;
  const matched = evaluateTree(check.tree, attributes, cohorts, reasons) === true;
  if (reasons !== null) reasons.push(reason.audience(kind, key, check.text, matched));
  return matched;
}

/**
 * The traffic range the user falls in, or -1. In a random group the user must first land in this
 * rule's slot of `bucket(bucketingId + groupId)`; then `bucket(bucketingId + ruleId)` picks the
 * range [SDK bucketer]. The key halves are hashed without concatenating them.
 */
export function allocate(
  allocation: Allocation,
  kind: string,
  key: string,
  bucketingId: string,
  reasons: string[] | null,
): number {
  const group = allocation.group;
  if (group !== null) {
    const groupBucket = bucketValue(bucketingId, group.id);
    const slot = findRange(group.ends, groupBucket);
    const hit = slot >= 0 && group.hits[slot] === 1;
    if (reasons !== null) {
      reasons.push(reason.group(group.id, groupBucket, group.entityIds[slot], key, hit));
    }
    if (!hit) return -1;
  }
  const bucket = bucketValue(bucketingId, allocation.hashSuffix);
  const range = findRange(allocation.ends, bucket);
  if (reasons !== null) {
    const decision = range < 0 ? null : allocation.decisions[range];
    reasons.push(reason.bucket(bucket, kind, key, bucketingId + allocation.hashSuffix, decision));
  }
  return range;
}

/** The first range whose `endOfRange` is above the bucket [SDK _findBucket]. */
function findRange(ends: Float64Array, bucket: number): number {
  for (let i = 0; i < ends.length; i++) {
    if (bucket < (ends[i] as number)) return i;
  }
  return -1;
}

/**
 * The traffic range of a holdout the user is in, or -1: the holdout must be `Running`, its
 * audience must match, and the range must name a known variation [SDK getVariationForHoldout].
 */
export function holdoutRange(
  holdout: HoldoutRule,
  bucketingId: string,
  attributes: Attributes,
  cohorts: Cohorts,
  reasons: string[] | null,
): number {
  if (!holdout.running) {
    if (reasons !== null) reasons.push(reason.notRunning('Holdout', holdout.key, holdout.status));
    return -1;
  }
  if (!audienceMatches(holdout.audience, 'holdout', holdout.key, attributes, cohorts, reasons)) {
    return -1;
  }
  const range = allocate(holdout.allocation, 'holdout', holdout.key, bucketingId, reasons);
  const decision = range < 0 ? null : holdout.allocation.decisions[range];
  if (decision === null || decision === undefined) return -1;
  if (reasons !== null) reasons.push(reason.holdout(holdout.key, decision));
  return range;
}

/** The decision of the first of a rule's local holdouts the user is in, or null. */
export function localHoldoutDecision(
  holdouts: readonly HoldoutRule[],
  bucketingId: string,
  attributes: Attributes,
  cohorts: Cohorts,
  reasons: string[] | null,
): Decision | null {
  for (const holdout of holdouts) {
    const range = holdoutRange(holdout, bucketingId, attributes, cohorts, reasons);
    if (range >= 0) return holdout.allocation.decisions[range] as Decision;
  }
  return null;
}
