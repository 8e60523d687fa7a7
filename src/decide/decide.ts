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
import type { Attributes, Cohorts } from './bucket-user.js';
import { allocate, audienceMatches, holdoutRange, localHoldoutDecision } from './bucket-user.js';
import type {
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
import { reason } from './reasons.js';

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
    if (!includeReasons && holdout === NOT_EVALUATED) {
      const attributes = user.attributes ?? EMPTY_ATTRIBUTES;
      const bucketingId = bucketingIdOf(user, attributes);
      holdout = matchGlobalHoldout(flag.holdouts, bucketingId, attributes, user.cohorts, null);
    }
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
      ? matchGlobalHoldout(flag.holdouts, bucketingId, attributes, cohorts, reasons)
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

/** The first global holdout the user is in, packed as holdoutIndex * RANGE_SLOTS + range, or -1. */
function matchGlobalHoldout(
  holdouts: readonly HoldoutRule[],
  bucketingId: string,
  attributes: Attributes,
  cohorts: Cohorts,
  reasons: string[] | null,
): number {
  for (let h = 0; h < holdouts.length; h++) {
    const range = holdoutRange(
      holdouts[h] as HoldoutRule,
      bucketingId,
      attributes,
      cohorts,
      reasons,
    );
    if (range >= 0) return h * RANGE_SLOTS + range;
  }
  return -1;
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
