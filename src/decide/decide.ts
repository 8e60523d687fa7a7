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
 * remote CMAB decisions. Without `includeReasons` a call allocates only its small context (and the
 * hash state of the bucketing id): it returns one of the decisions `compileDatafile` prebuilt.
 */
import {
  allocate,
  audienceMatches,
  DecideContext,
  holdoutRange,
  localHoldoutDecision,
} from './bucket-user.js';
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
import { emptyDecision, UNKNOWN_VARIATION } from './decision-config.js';
import { reason } from './reasons.js';

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
  const ctx = new DecideContext(user);
  ctx.reasons = reasons;
  return finish(decideFlag(config, flag, ctx, NOT_EVALUATED), reasons);
}

/** Decides every flag of the datafile, keyed by flag key in the SDK's `decideAll` order. */
export function decideAll(
  config: DecisionConfig,
  user: DecideUser,
  options?: DecideOptions,
): Record<string, Decision> {
  const includeReasons = options?.includeReasons === true;
  const result: Record<string, Decision> = {};
  // One context for all flags: the bucketing id is hashed once per user.
  const ctx = new DecideContext(user);
  // Global holdouts do not depend on the flag: evaluate them once (unless reasons are wanted).
  let holdout = NOT_EVALUATED;
  for (const key of config.flagKeys) {
    const flag = config.flags.get(key) as CompiledFlag;
    const reasons = includeReasons ? [] : null;
    ctx.reasons = reasons;
    if (!includeReasons && holdout === NOT_EVALUATED)
      holdout = matchGlobalHoldout(ctx, flag.holdouts);
    result[key] = finish(decideFlag(config, flag, ctx, holdout), reasons);
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
  const decision = emptyDecision(flagKey, 'flag_not_found');
  if (reasons === null) return decision;
  reasons.push(reason.flagNotFound(flagKey));
  return Object.freeze({ ...decision, reasons: Object.freeze(reasons) });
}

function decideFlag(
  config: DecisionConfig,
  flag: CompiledFlag,
  ctx: DecideContext,
  precomputedHoldout: number,
): Decision {
  const reasons = ctx.reasons;
  if (reasons !== null && ctx.bucketingId !== ctx.userId)
    reasons.push(reason.bucketingId(ctx.bucketingId));

  let skipExperiments = false;
  const packed =
    precomputedHoldout === NOT_EVALUATED
      ? matchGlobalHoldout(ctx, flag.holdouts)
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
      const decision = experimentDecision(config, ctx, rule);
      if (decision === UNKNOWN_VARIATION) {
        if (reasons !== null) reasons.push(reason.unknownVariation(rule.key));
        break;
      }
      if (decision !== null) return decision;
    }
  }
  return deliveryDecision(ctx, flag.deliveries) ?? flag.noRule;
}

/** The first global holdout the user is in, packed as holdoutIndex * RANGE_SLOTS + range, or -1. */
function matchGlobalHoldout(ctx: DecideContext, holdouts: readonly HoldoutRule[]): number {
  for (let h = 0; h < holdouts.length; h++) {
    const range = holdoutRange(ctx, holdouts[h] as HoldoutRule);
    if (range >= 0) return h * RANGE_SLOTS + range;
  }
  return -1;
}

function experimentDecision(
  config: DecisionConfig,
  ctx: DecideContext,
  rule: ExperimentRule,
): Decision | null {
  const reasons = ctx.reasons;
  // Local holdouts come before the status check [SDK getVariationFromExperimentRule].
  if (rule.localHoldouts.length > 0) {
    const held = localHoldoutDecision(ctx, rule.localHoldouts);
    if (held !== null) return held;
  }
  if (!rule.running) {
    if (reasons !== null) reasons.push(reason.notRunning('Experiment rule', rule.key, rule.status));
    return null;
  }
  // The allowlist is keyed by the user id, never the bucketing id, and skips the audience.
  if (rule.allowlist !== null) {
    const forced = rule.allowlist.get(ctx.userId);
    if (forced !== undefined) {
      if (reasons !== null) reasons.push(reason.forced(ctx.userId, rule.key, forced));
      if (forced !== null) return forced;
    }
  }
  const stored = storedDecision(config, rule, ctx.attributes);
  if (stored !== null) {
    if (reasons !== null) reasons.push(reason.stored(rule.key, stored));
    return stored;
  }
  if (!audienceMatches(ctx, rule.audience, 'rule', rule.key)) return null;
  if (rule.cmab) {
    if (reasons !== null) reasons.push(reason.cmab(rule.key));
    return null;
  }
  const range = allocate(ctx, rule.allocation, 'rule', rule.key);
  return range < 0 ? null : (rule.allocation.decisions[range] ?? null);
}

/**
 * A variation stored under the rule id in the `$opt_experiment_bucket_map` attribute, which the
 * SDK merges into its user profile and honours before the audience check [SDK getStoredVariation].
 */
function storedDecision(
  config: DecisionConfig,
  rule: ExperimentRule,
  attributes: Readonly<Record<string, unknown>>,
): Decision | null {
  const map = attributes.$opt_experiment_bucket_map;
  if (typeof map !== 'object' || map === null || !Object.hasOwn(map, rule.id)) return null;
  const entry = (map as Record<string, unknown>)[rule.id];
  if (typeof entry !== 'object' || entry === null) return null;
  const key = config.variationKeyById.get(String((entry as Record<string, unknown>).variation_id));
  if (key === undefined) return null;
  return rule.byVariationKey.get(key) ?? UNKNOWN_VARIATION;
}

function deliveryDecision(ctx: DecideContext, rules: readonly DeliveryRule[]): Decision | null {
  const count = rules.length;
  let i = 0;
  while (i < count) {
    const rule = rules[i] as DeliveryRule;
    if (rule.localHoldouts.length > 0) {
      const held = localHoldoutDecision(ctx, rule.localHoldouts);
      if (held !== null) return held;
    }
    if (!audienceMatches(ctx, rule.audience, 'delivery rule', rule.key)) {
      i++;
      continue;
    }
    const range = allocate(ctx, rule.allocation, 'delivery rule', rule.key);
    const decision = range < 0 ? null : (rule.allocation.decisions[range] ?? null);
    if (decision !== null) return decision;
    if (rule.everyoneElse) {
      i++;
    } else {
      // An audience match without a bucket skips the remaining targeted rules [SDK getVariationForRollout].
      if (ctx.reasons !== null) ctx.reasons.push(reason.jump(rule.key));
      i = count - 1;
    }
  }
  return null;
}
