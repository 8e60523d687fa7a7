/**
 * TypeScript types of an Optimizely datafile, format "4" (docs: reference optimizely-compat.md §2).
 *
 * These describe what Fieldtest's datafile writer emits and what the official SDKs read. Every id,
 * the revision and every variable value is a string; `endOfRange` is an integer. The decision
 * engine never takes these types on its hot path: `compileDatafile` turns a datafile into a
 * `DecisionConfig` (STYLE.md practice 2).
 */

/** A leaf of an audience condition tree (§2.7). `cohort` is a Fieldtest extension. */
export interface DatafileConditionLeaf {
  readonly type: string;
  readonly name?: string;
  /** Absent means `exact`. */
  readonly match?: string;
  readonly value?: string | number | boolean | null;
}

/**
 * A condition tree: `["and" | "or" | "not", ...children]`, a bare list (implicit "or"), or a leaf.
 * Rule-level trees have audience-id strings as leaves; audience trees have condition objects.
 */
export type DatafileConditionTree<Leaf> = Leaf | readonly (string | DatafileConditionTree<Leaf>)[];

/** `audiences[]`: legacy audiences whose `conditions` is a JSON-encoded string. */
export interface DatafileAudience {
  readonly id: string;
  readonly name: string;
  /** JSON text of a `DatafileConditionTree<DatafileConditionLeaf>`. */
  readonly conditions: string;
}

/** `typedAudiences[]`: the same ids as `audiences`, conditions as JSON; typed overrides legacy. */
export interface DatafileTypedAudience {
  readonly id: string;
  readonly name: string;
  readonly conditions: DatafileConditionTree<DatafileConditionLeaf>;
}

/** `attributes[]`: only attributes listed here are sent in events. */
export interface DatafileAttribute {
  readonly id: string;
  readonly key: string;
}

/** `events[]`: conversion events. */
export interface DatafileEvent {
  readonly id: string;
  readonly key: string;
  readonly experimentIds: readonly string[];
}

/** One range of a traffic allocation: buckets below `endOfRange` (and above the previous) go to `entityId`. */
export interface DatafileTrafficRange {
  /** A variation id (rules), an experiment id (groups), or `""` for "nobody". */
  readonly entityId: string;
  readonly endOfRange: number;
}

/** A variable value of a variation: the string form, cast by the flag variable's type. */
export interface DatafileVariableUsage {
  readonly id: string;
  readonly value: string;
}

/** A variation of a rule or holdout. Variation ids are global across the datafile. */
export interface DatafileVariation {
  readonly id: string;
  readonly key: string;
  /** Absent reads as false. */
  readonly featureEnabled?: boolean;
  /** Absent means every variable takes its default. */
  readonly variables?: readonly DatafileVariableUsage[];
}

/** A rule: an A/B experiment (`experiments[]`, `groups[].experiments[]`) or a delivery rule (`rollouts[].experiments[]`). */
export interface DatafileRule {
  readonly id: string;
  readonly key: string;
  /** Only `"Running"` makes an experiment rule eligible; delivery rules ignore it. */
  readonly status: string;
  readonly layerId: string;
  readonly audienceIds: readonly string[];
  /** Used instead of `audienceIds` when present and non-empty. */
  readonly audienceConditions?: DatafileConditionTree<string>;
  readonly variations: readonly DatafileVariation[];
  readonly trafficAllocation: readonly DatafileTrafficRange[];
  /** Allowlist `{userId: variationKey}`, checked before audiences. */
  readonly forcedVariations: Readonly<Record<string, string>>;
  /** `"ab"`, `"mab"`, `"cmab"`, `"td"` or `"fr"` (feature rollout). */
  readonly type?: string;
  /** Contextual multi-armed bandit: decided remotely, never by a synchronous decide. */
  readonly cmab?: { readonly trafficAllocation: number; readonly attributeIds: readonly string[] };
}

/** `groups[]`: mutually exclusive experiments when `policy` is `"random"`. */
export interface DatafileGroup {
  readonly id: string;
  readonly policy: string;
  /** Ranges whose `entityId` is an experiment id of this group. */
  readonly trafficAllocation: readonly DatafileTrafficRange[];
  readonly experiments: readonly DatafileRule[];
}

/** `rollouts[]`: delivery rules of one flag; the last one is "Everyone Else". */
export interface DatafileRollout {
  readonly id: string;
  readonly experiments: readonly DatafileRule[];
}

/** A variable declared by a flag. */
export interface DatafileVariable {
  readonly id: string;
  readonly key: string;
  /** `string`, `boolean`, `integer`, `double` or `json`. */
  readonly type: string;
  /** `"json"` with `type: "string"` is the older spelling of `type: "json"`. */
  readonly subType?: string;
  readonly defaultValue: string;
}

/** `featureFlags[]`. */
export interface DatafileFeatureFlag {
  readonly id: string;
  readonly key: string;
  readonly rolloutId: string;
  /** Experiment rules, tried in this order (top-level or group experiments). */
  readonly experimentIds: readonly string[];
  readonly variables: readonly DatafileVariable[];
}

/** A holdout (§2.8). Global holdouts apply to every flag before its rules. */
export interface DatafileHoldout {
  readonly id: string;
  readonly key: string;
  readonly status: string;
  readonly variations: readonly DatafileVariation[];
  readonly trafficAllocation: readonly DatafileTrafficRange[];
  readonly audienceIds: readonly string[];
  readonly audienceConditions?: DatafileConditionTree<string>;
  /** When bucketed, skip experiment rules but still evaluate delivery rules. */
  readonly excludeTargetedDeliveries?: boolean;
}

/** A local holdout: checked only inside the rules it lists. */
export interface DatafileLocalHoldout extends DatafileHoldout {
  readonly includedRules: readonly string[];
}

/** `integrations[]`; `key: "odp"` turns on ODP segments. */
export interface DatafileIntegration {
  readonly key: string;
  readonly host?: string;
  readonly publicKey?: string;
  readonly pixelUrl?: string;
}

/** A whole datafile, format "4". */
export interface DatafileV4 {
  readonly version: '4';
  readonly accountId: string;
  readonly projectId: string;
  readonly revision: string;
  readonly sdkKey?: string;
  readonly environmentKey?: string;
  readonly anonymizeIP?: boolean;
  readonly botFiltering?: boolean;
  readonly sendFlagDecisions?: boolean;
  readonly region?: 'US' | 'EU';
  readonly attributes: readonly DatafileAttribute[];
  readonly audiences: readonly DatafileAudience[];
  readonly typedAudiences?: readonly DatafileTypedAudience[];
  readonly events: readonly DatafileEvent[];
  readonly experiments: readonly DatafileRule[];
  readonly groups: readonly DatafileGroup[];
  readonly featureFlags: readonly DatafileFeatureFlag[];
  readonly rollouts: readonly DatafileRollout[];
  readonly integrations?: readonly DatafileIntegration[];
  readonly holdouts?: readonly DatafileHoldout[];
  readonly localHoldouts?: readonly DatafileLocalHoldout[];
}
