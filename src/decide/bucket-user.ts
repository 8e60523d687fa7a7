/**
 * The per-rule steps of a decision, shared by rules and holdouts: the audience check, bucketing
 * (random-group stage, then the traffic ranges) and holdout evaluation. They read the user from a
 * `DecideContext` and append a reason sentence when the context collects reasons.
 */
import { evaluateTree } from './condition-tree.js';
import type {
  Allocation,
  AudienceCheck,
  DecideUser,
  Decision,
  HoldoutRule,
} from './decision-config.js';
import { bucketAfter, hashPrefix, HashState } from './murmurhash3.js';
import { reason } from './reasons.js';

const EMPTY_ATTRIBUTES: Readonly<Record<string, unknown>> = Object.freeze({});

/** `$opt_bucketing_id` when it is an own string attribute, else the user id [SDK getBucketingId]. */
function bucketingIdOf(userId: string, attributes: Readonly<Record<string, unknown>>): string {
  if (Object.hasOwn(attributes, '$opt_bucketing_id')) {
    const value = attributes.$opt_bucketing_id;
    if (typeof value === 'string') return value;
  }
  return userId;
}

/**
 * One decide call's view of the user. It hashes the bucketing id once, on first need, and then
 * buckets each rule by absorbing only the rule id (the SDK hashes `bucketingId + ruleId`).
 */
export class DecideContext {
  readonly userId: string;
  readonly bucketingId: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly cohorts: ReadonlySet<string> | undefined;
  /** Reason sentences of the flag being decided, or null when not asked for. */
  reasons: string[] | null = null;
  private prefix: HashState | null = null;

  constructor(user: DecideUser) {
    this.userId = user.userId;
    this.attributes = user.attributes ?? EMPTY_ATTRIBUTES;
    this.cohorts = user.cohorts;
    this.bucketingId = bucketingIdOf(user.userId, this.attributes);
  }

  /** The bucket of `bucketingId + suffix`. */
  bucket(suffix: string): number {
    if (this.prefix === null) this.prefix = hashPrefix(this.bucketingId, new HashState());
    return bucketAfter(this.prefix, suffix);
  }
}

/** Whether the audience matches: only an exact `true` does; null ("unknown") does not. */
export function audienceMatches(
  ctx: DecideContext,
  check: AudienceCheck,
  kind: string,
  key: string,
): boolean {
  if (check.tree === null) return true;
  const reasons = ctx.reasons;
  const matched = evaluateTree(check.tree, ctx.attributes, ctx.cohorts, reasons) === true;
  if (reasons !== null) reasons.push(reason.audience(kind, key, check.text, matched));
  return matched;
}

/**
 * The traffic range the user falls in, or -1. In a random group the user must first land in this
 * rule's slot of `bucket(bucketingId + groupId)`; then `bucket(bucketingId + ruleId)` picks the
 * range [SDK bucketer].
 */
export function allocate(
  ctx: DecideContext,
  allocation: Allocation,
  kind: string,
  key: string,
): number {
  const reasons = ctx.reasons;
  const group = allocation.group;
  if (group !== null) {
    const groupBucket = ctx.bucket(group.id);
    const slot = findRange(group.ends, groupBucket);
    const hit = slot >= 0 && group.hits[slot] === 1;
    if (reasons !== null) {
      reasons.push(reason.group(group.id, groupBucket, group.entityIds[slot], key, hit));
    }
    if (!hit) return -1;
  }
  const bucket = ctx.bucket(allocation.hashSuffix);
  const range = findRange(allocation.ends, bucket);
  if (reasons !== null) {
    const decision = range < 0 ? null : allocation.decisions[range];
    reasons.push(
      reason.bucket(bucket, kind, key, ctx.bucketingId + allocation.hashSuffix, decision),
    );
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
export function holdoutRange(ctx: DecideContext, holdout: HoldoutRule): number {
  if (!holdout.running) {
    if (ctx.reasons !== null)
      ctx.reasons.push(reason.notRunning('Holdout', holdout.key, holdout.status));
    return -1;
  }
  if (!audienceMatches(ctx, holdout.audience, 'holdout', holdout.key)) return -1;
  const range = allocate(ctx, holdout.allocation, 'holdout', holdout.key);
  const decision = range < 0 ? null : holdout.allocation.decisions[range];
  if (decision === null || decision === undefined) return -1;
  if (ctx.reasons !== null) ctx.reasons.push(reason.holdout(holdout.key, decision));
  return range;
}

/** The decision of the first of a rule's local holdouts the user is in, or null. */
export function localHoldoutDecision(
  ctx: DecideContext,
  holdouts: readonly HoldoutRule[],
): Decision | null {
  for (const holdout of holdouts) {
    const range = holdoutRange(ctx, holdout);
    if (range >= 0) return holdout.allocation.decisions[range] as Decision;
  }
  return null;
}
