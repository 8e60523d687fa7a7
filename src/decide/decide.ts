/**
 * `decide` and `decideAll`: the hot path. They give the decision the official Optimizely JS SDK
 * (6.6.1) gives for the same datafile and user, in the SDK's order (reference §3.3):
 *
 * 1. global holdouts (`Running`, audience, bucket key bucketingId + holdoutId);
 * 2. experiment rules in `experimentIds` order: local holdouts, `status === "Running"`, the
 *    `forcedVariations` allowlist, a stored `$opt_experiment_bucket_map` variation, the audience,
 *    the random-group stage, then the rule's traffic (key bucketingId + ruleId);
 * 3. delivery rules in rollout order, with no status check: an audience match that misses the
 *    traffic jumps to the last ("everyone else") rule;
 * 4. otherwise no rule: variables at their defaults.
 *
 * Unsupported SDK inputs: forced decisions and `setForcedVariation` (client-side state), user
 * profile services, ODP segments (a `qualified` leaf is false, as when none were fetched) and
 * remote CMAB decisions. Without `includeReasons` a call allocates nothing but the hash state:
 * it returns one of the decisions `compileDatafile` prebuilt.
 */
import { evaluateTree } from './condition-tree.js';
import type {
  Allocation,
  AudienceCheck,
  CompiledFlag,
  DecideOptions,
  DecideUser,
  Decision,
  DecisionConfig,
  DeliveryRule,
  ExperimentRule,
  HoldoutRule,
} from './decision-config.js';
import { UNKNOWN_VARIATION } from './decision-config.js';
import { bucketValue } from './murmurhash3.js';
import { reason } from './reasons.js';

type Attributes = Readonly<Record<string, unknown>>;
type Cohorts = ReadonlySet<string> | undefined;

const EMPTY_ATTRIBUTES: Attributes = Object.freeze({});
/** Global holdout results are packed as holdoutIndex * RANGE_SLOTS + rangeIndex. */
const RANGE_SLOTS = 2 ** 21;
const NOT_EVALUATED = -2;

/**
 * Decides one flag for one user.
 *
 * @example
 *   const d = decide(config, { userId: 'user-1', attributes: { country: 'US' } }, 'checkout_redesign');
 *   d.variationKey; // 'treatment'
 */
export function decide(
  config: DecisionConfig,
  user: DecideUser,
  flagKey: string,
  options?: DecideOptions,
): Decision {
  const reasons = options?.includeReasons === true ? [] : null;
  const flag = config.flags.get(flagKey);
  if (flag === undefined) return flagNotFound(flagKey, reasons);
  return finish(decideFlag(config, flag, user, reasons, NOT_EVALUATED), reasons);
}

/** Decides every flag of the datafile, keyed by flag key in the SDK's `decideAll` order. */
export function decideAll(
  config: DecisionConfig,
  user: DecideUser,
  options?: DecideOptions,
): Record<string, Decision> {
  const includeReasons = options?.includeReasons === true;
  const result: Record<string, Decision> = {};
  // Global holdouts do not depend on the flag: evaluate them once (unless reasons are wanted).
  let holdout = NOT_EVALUATED;
  for (const key of config.flagKeys) {
    const flag = config.flags.get(key) as CompiledFlag;
    const reasons = includeReasons ? [] : null;
    if (!includeReasons && holdout === NOT_EVALUATED)
      holdout = matchGlobalHoldout(flag.holdouts, user, null);
    result[key] = finish(decideFlag(config, flag, user, reasons, holdout), reasons);
  }
  return result;
}

function finish(decision: Decision, reasons: string[] | null): Decision {
  if (reasons === null) return decision;
  reasons.push(
    decision.reasonCode === 'no_rule' ? reason.noRule(decision.flagKey) : reason.result(decision),
  );
  return Object.freeze({ ...decision, reasons: Object.freeze(reasons) });
}

function flagNotFound(flagKey: string, reasons: string[] | null): Decision {
  const decision: Decision = {
    flagKey,
    variationKey: null,
    variationId: null,
    enabled: false,
    ruleKey: null,
    ruleId: null,
    ruleType: null,
    source: null,
    campaignId: null,
    variables: Object.freeze({}),
    reasonCode: 'flag_not_found',
  };
  if (reasons !== null) reasons.push(reason.flagNotFound(flagKey));
  return Object.freeze(
    reasons === null ? decision : { ...decision, reasons: Object.freeze(reasons) },
  );
}

/** `$opt_bucketing_id` when it is an own string attribute, else the user id [SDK getBucketingId]. */
function bucketingIdOf(user: DecideUser, attributes: Attributes): string {
  if (Object.hasOwn(attributes, '$opt_bucketing_id')) {
    const value = attributes.$opt_bucketing_id;
    if (typeof value === 'string') return value;
  }
  return user.userId;
}

function decideFlag(
  config: DecisionConfig,
  flag: CompiledFlag,
  user: DecideUser,
  reasons: string[] | null,
  precomputedHoldout: number,
): Decision {
  const attributes = user.attributes ?? EMPTY_ATTRIBUTES;
  const cohorts = user.cohorts;
  const bucketingId = bucketingIdOf(user, attributes);
  if (reasons !== null && bucketingId !== user.userId)
    reasons.push(reason.bucketingId(bucketingId));

  let skipExperiments = false;
  const packed =
    precomputedHoldout === NOT_EVALUATED
      ? matchGlobalHoldout(flag.holdouts, user, reasons)
      : precomputedHoldout;
  if (packed >= 0) {
    const holdout = flag.holdouts[Math.floor(packed / RANGE_SLOTS)] as HoldoutRule;
    const decision = holdout.allocation.decisions[packed % RANGE_SLOTS] as Decision;
    if (!holdout.excludeTargetedDeliveries) return decision;
    if (reasons !== null) reasons.push(reason.excludedDeliveries(holdout.key));
    skipExperiments = true;
  }
  if (!skipExperiments) {
    for (const rule of flag.experiments) {
      const decision = experimentDecision(
        config,
        rule,
        user.userId,
        bucketingId,
        attributes,
        cohorts,
        reasons,
      );
      if (decision === UNKNOWN_VARIATION) {
        if (reasons !== null) reasons.push(reason.unknownVariation(rule.key));
        break;
      }
      if (decision !== null) return decision;
    }
  }
  return (
    deliveryDecision(flag.deliveries, bucketingId, attributes, cohorts, reasons) ?? flag.noRule
  );
}

/** The first global holdout the user falls in, packed, or -1. */
function matchGlobalHoldout(
  holdouts: readonly HoldoutRule[],
  user: DecideUser,
  reasons: string[] | null,
): number {
  if (holdouts.length === 0) return -1;
  const attributes = user.attributes ?? EMPTY_ATTRIBUTES;
  const bucketingId = bucketingIdOf(user, attributes);
  for (let h = 0; h < holdouts.length; h++) {
    const range = holdoutRange(
      holdouts[h] as HoldoutRule,
      bucketingId,
      attributes,
      user.cohorts,
      reasons,
    );
    if (range >= 0) return h * RANGE_SLOTS + range;
  }
  return -1;
}

/** The traffic range of a holdout the user is bucketed into (with a variation), or -1. */
function holdoutRange(
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
  if (!audienceMatches(holdout.audience, 'holdout', holdout.key, attributes, cohorts, reasons))
    return -1;
  const range = allocate(holdout.allocation, 'holdout', holdout.key, bucketingId, reasons);
  const decision = range < 0 ? null : holdout.allocation.decisions[range];
  if (decision === null || decision === undefined) return -1;
  if (reasons !== null) reasons.push(reason.holdout(holdout.key, decision));
  return range;
}

function localHoldoutDecision(
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

function experimentDecision(
  config: DecisionConfig,
  rule: ExperimentRule,
  userId: string,
  bucketingId: string,
  attributes: Attributes,
  cohorts: Cohorts,
  reasons: string[] | null,
): Decision | null {
  // Local holdouts come before the status check [SDK getVariationFromExperimentRule].
  if (rule.localHoldouts.length > 0) {
    const held = localHoldoutDecision(
      rule.localHoldouts,
      bucketingId,
      attributes,
      cohorts,
      reasons,
    );
    if (held !== null) return held;
  }
  if (!rule.running) {
    if (reasons !== null) reasons.push(reason.notRunning('Experiment rule', rule.key, rule.status));
    return null;
  }
  // The allowlist is keyed by the user id, never the bucketing id, and skips the audience.
  if (rule.allowlist !== null) {
    const forced = rule.allowlist.get(userId);
    if (forced !== undefined) {
      if (reasons !== null) reasons.push(reason.forced(userId, rule.key, forced));
      if (forced !== null) return forced;
    }
  }
  const stored = storedDecision(config, rule, attributes);
  if (stored !== null) {
    if (reasons !== null) reasons.push(reason.stored(rule.key, stored));
    return stored;
  }
  if (!audienceMatches(rule.audience, 'rule', rule.key, attributes, cohorts, reasons)) return null;
  if (rule.cmab) {
    if (reasons !== null) reasons.push(reason.cmab(rule.key));
    return null;
  }
  const range = allocate(rule.allocation, 'rule', rule.key, bucketingId, reasons);
  return range < 0 ? null : (rule.allocation.decisions[range] ?? null);
}

/**
 * A variation stored under the rule id in the `$opt_experiment_bucket_map` attribute, which the
 * SDK merges into its user profile and honours before the audience check [SDK getStoredVariation].
 */
function storedDecision(
  config: DecisionConfig,
  rule: ExperimentRule,
  attributes: Attributes,
): Decision | null {
  const map = attributes.$opt_experiment_bucket_map;
  if (typeof map !== 'object' || map === null || !Object.hasOwn(map, rule.id)) return null;
  const entry = (map as Record<string, unknown>)[rule.id];
  if (typeof entry !== 'object' || entry === null) return null;
  const key = config.variationKeyById.get(String((entry as Record<string, unknown>).variation_id));
  if (key === undefined) return null;
  return rule.byVariationKey.get(key) ?? UNKNOWN_VARIATION;
}

function deliveryDecision(
  rules: readonly DeliveryRule[],
  bucketingId: string,
  attributes: Attributes,
  cohorts: Cohorts,
  reasons: string[] | null,
): Decision | null {
  const count = rules.length;
  let i = 0;
  while (i < count) {
    const rule = rules[i] as DeliveryRule;
    if (rule.localHoldouts.length > 0) {
      const held = localHoldoutDecision(
        rule.localHoldouts,
        bucketingId,
        attributes,
        cohorts,
        reasons,
      );
      if (held !== null) return held;
    }
    if (!audienceMatches(rule.audience, 'delivery rule', rule.key, attributes, cohorts, reasons)) {
      i++;
      continue;
    }
    const range = allocate(rule.allocation, 'delivery rule', rule.key, bucketingId, reasons);
    const decision = range < 0 ? null : (rule.allocation.decisions[range] ?? null);
    if (decision !== null) return decision;
    if (rule.everyoneElse) {
      i++;
    } else {
      // An audience match without a bucket skips the remaining targeted rules [SDK getVariationForRollout].
      if (reasons !== null) reasons.push(reason.jump(rule.key));
      i = count - 1;
    }
  }
  return null;
}

function audienceMatches(
  check: AudienceCheck,
  kind: string,
  key: string,
  attributes: Attributes,
  cohorts: Cohorts,
  reasons: string[] | null,
): boolean {
  if (check.tree === null) return true;
  // Only an exact `true` matches; null ("unknown") counts as no match.
  const matched = evaluateTree(check.tree, attributes, cohorts, reasons) === true;
  if (reasons !== null) reasons.push(reason.audience(kind, key, check.text, matched));
  return matched;
}

/** The traffic range the user falls in (after the group stage), or -1. */
function allocate(
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
    if (reasons !== null)
      reasons.push(reason.group(group.id, groupBucket, group.entityIds[slot], key, hit));
    if (!hit) return -1;
  }
  const bucket = bucketValue(bucketingId, allocation.hashSuffix);
  const range = findRange(allocation.ends, bucket);
  if (reasons !== null) {
    reasons.push(
      reason.bucket(
        bucket,
        kind,
        key,
        bucketingId + allocation.hashSuffix,
        range < 0 ? null : allocation.decisions[range],
      ),
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
