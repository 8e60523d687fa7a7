/**
 * The types of the decision engine: its input (`DecisionConfig`, built once per datafile by
 * `compileDatafile`, and `DecideUser`) and its output (`Decision`). `DecisionConfig` is ours, not
 * a vendor type (STYLE.md practice 2): frozen, indexed by flag key, with rule order, audience
 * trees, traffic ranges and every reachable decision precomputed, so `decide` only hashes,
 * compares and returns a prebuilt object.
 */

/** Three-valued logic result of a condition: `null` means "unknown" (missing or mistyped data). */
export type Tri = boolean | null;

/** The user a decision is made for. */
export interface DecideUser {
  readonly userId: string;
  /** Attribute values; `$opt_bucketing_id` (a string) replaces `userId` for bucketing only. */
  readonly attributes?: Readonly<Record<string, unknown>>;
  /** Fieldtest cohort ids the user belongs to; `cohort` audience leaves test membership here. */
  readonly cohorts?: ReadonlySet<string>;
}

/** Options of `decide` and `decideAll`. */
export interface DecideOptions {
  /** Add human-readable `reasons` to each decision (slower: it builds strings). */
  readonly includeReasons?: boolean;
}

/**
 * Why a decision came out as it did. `split`: bucketed into an experiment rule, or a delivery rule
 * with a partial rollout; `targeting_match`: a fully rolled-out delivery rule whose audience
 * matched; `everyone_else`: the last delivery rule; `forced`: an allowlist entry.
 */
export type ReasonCode =
  | 'holdout'
  | 'forced'
  | 'split'
  | 'targeting_match'
  | 'everyone_else'
  | 'no_rule'
  | 'flag_not_found';

/** The kind of rule that produced a decision. */
export type RuleType = 'experiment' | 'delivery' | 'holdout';

/** The SDK's decision source, as sent in impression metadata (`rule_type`). */
export type DecisionSource = 'feature-test' | 'rollout' | 'holdout';

/**
 * One flag decision. Apart from `reasons`, decisions are precomputed and frozen: the same object
 * may be returned for many users, so never mutate one (copy it instead).
 */
export interface Decision {
  readonly flagKey: string;
  readonly variationKey: string | null;
  readonly variationId: string | null;
  readonly enabled: boolean;
  readonly ruleKey: string | null;
  readonly ruleId: string | null;
  readonly ruleType: RuleType | null;
  /** `rollout` also for "no rule matched", as the SDK reports it; `null` for an unknown flag. */
  readonly source: DecisionSource | null;
  /** The impression's `campaign_id`: the rule's `layerId`, else the rule or holdout id. */
  readonly campaignId: string | null;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly reasonCode: ReasonCode;
  readonly reasons?: readonly string[];
}

/** A compiled condition leaf (one entry of the leaf table). */
export interface CompiledLeaf {
  /** The leaf as written in the datafile, for reasons. */
  readonly text: string;
  evaluate(
    attributes: Readonly<Record<string, unknown>>,
    cohorts: ReadonlySet<string> | undefined,
  ): Tri;
}

/** A compiled audience. */
export interface CompiledAudience {
  readonly id: string;
  readonly name: string;
  readonly tree: ConditionNode;
}

/** A node of a compiled condition tree (audience conditions and rule-level audience trees). */
export type ConditionNode =
  | { readonly kind: 'and' | 'or'; readonly children: readonly ConditionNode[] }
  | { readonly kind: 'not'; readonly child: ConditionNode | null }
  | { readonly kind: 'leaf'; readonly leaf: CompiledLeaf }
  | { readonly kind: 'audience'; readonly audience: CompiledAudience }
  | { readonly kind: 'constant'; readonly value: Tri; readonly text: string };

/** A rule's audience check: `tree === null` means everyone. */
export interface AudienceCheck {
  readonly tree: ConditionNode | null;
  /** The conditions as written (JSON), for reasons. */
  readonly text: string;
}

/** The first stage of bucketing for a rule in a mutually exclusive (`policy: "random"`) group. */
export interface GroupStage {
  readonly id: string;
  readonly ends: Float64Array;
  /** 1 where the range's experiment is the rule being bucketed. */
  readonly hits: Uint8Array;
  /** The experiment id of each range, for reasons. */
  readonly entityIds: readonly string[];
}

/** How a rule or holdout buckets: key `bucketingId + hashSuffix`, then traffic ranges. */
export interface Allocation {
  readonly hashSuffix: string;
  readonly group: GroupStage | null;
  /** `endOfRange` of each range, in datafile order: the first range with bucket < end wins. */
  readonly ends: Float64Array;
  /** The decision each range gives, `null` when it buckets nobody (gap, `""`, unknown id). */
  readonly decisions: readonly (Decision | null)[];
}

/** A compiled holdout (global, or local to some rules), with decisions for one flag. */
export interface HoldoutRule {
  readonly id: string;
  readonly key: string;
  readonly status: string;
  readonly running: boolean;
  readonly audience: AudienceCheck;
  readonly excludeTargetedDeliveries: boolean;
  readonly allocation: Allocation;
}

/** A compiled experiment (A/B) rule of one flag. */
export interface ExperimentRule {
  readonly id: string;
  readonly key: string;
  readonly status: string;
  readonly running: boolean;
  readonly localHoldouts: readonly HoldoutRule[];
  /** `forcedVariations`: user id → decision, or `null` when the key names no variation. */
  readonly allowlist: ReadonlyMap<string, Decision | null> | null;
  readonly audience: AudienceCheck;
  /** CMAB rules are decided remotely; a synchronous decide never buckets them. */
  readonly cmab: boolean;
  readonly allocation: Allocation;
  /** Decisions by variation key, for stored (`$opt_experiment_bucket_map`) variations. */
  readonly byVariationKey: ReadonlyMap<string, Decision>;
}

/**
 * The outcome of an experiment rule whose variation key (found through the global variation map)
 * neither the rule nor the flag has. The SDK then gets a null variation for the rule and ends the
 * experiment stage: the flag goes straight to its delivery rules [SDK traverseFeatureExperimentList].
 */
export const UNKNOWN_VARIATION: Decision = emptyDecision('', 'no_rule');

/** A frozen decision without variation, rule or variables (an unknown flag's, for one). */
export function emptyDecision(flagKey: string, reasonCode: ReasonCode): Decision {
  return Object.freeze({
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
    reasonCode,
  });
}

/** A compiled delivery (rollout) rule of one flag. */
export interface DeliveryRule {
  readonly id: string;
  readonly key: string;
  readonly localHoldouts: readonly HoldoutRule[];
  readonly audience: AudienceCheck;
  /** The last rule of the rollout: reached directly when a targeted rule matches but misses. */
  readonly everyoneElse: boolean;
  readonly allocation: Allocation;
}

/** A compiled flag. */
export interface CompiledFlag {
  readonly key: string;
  readonly id: string;
  /** Global holdouts, in datafile order (the same list for every flag). */
  readonly holdouts: readonly HoldoutRule[];
  readonly experiments: readonly ExperimentRule[];
  readonly deliveries: readonly DeliveryRule[];
  /** The decision when nothing applies: variables at their defaults. */
  readonly noRule: Decision;
}

/** Everything `decide` needs, compiled from a datafile. */
export interface DecisionConfig {
  readonly revision: string;
  /** Flag keys in the order the SDK's `decideAll` returns them. */
  readonly flagKeys: readonly string[];
  readonly flags: ReadonlyMap<string, CompiledFlag>;
  /** Variation key by global variation id, for `$opt_experiment_bucket_map`. */
  readonly variationKeyById: ReadonlyMap<string, string>;
}
