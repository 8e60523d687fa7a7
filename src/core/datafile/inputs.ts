/**
 * What one environment's datafile is built from: a plain structure that the store's read model
 * (`store/read/datafile-inputs.ts`) loads and the pure builder (`decide/build-datafile.ts`)
 * turns into an Optimizely v4 datafile. Ids are the database ids (numbers); the builder writes
 * them as strings.
 */
import type { AudienceIdTree } from '../audience/conditions.js';
import type { ExperimentStatus } from '../experiment/lifecycle.js';
import type { FlagVariable } from '../flag/variables.js';
import type { GroupEntity } from '../group/types.js';
import type { HoldoutScope, HoldoutStatus } from '../holdout/types.js';
import type { RuleType, RuleVariation } from '../ruleset/validate.js';

export interface DatafileRuleInput {
  readonly id: number;
  readonly key: string;
  readonly type: RuleType;
  readonly audienceConditions: AudienceIdTree | null;
  readonly percentageIncluded: number;
  readonly variations: readonly RuleVariation[];
  readonly allowlist: Readonly<Record<string, string>>;
  /** The status of the experiment an experiment rule delivers (null for deliveries). */
  readonly experimentStatus: ExperimentStatus | null;
}

export interface DatafileFlagInput {
  readonly id: number;
  readonly key: string;
  readonly variables: readonly FlagVariable[];
  readonly variations: readonly { readonly id: number; readonly key: string; readonly variables: Readonly<Record<string, string>> }[];
  /** The ruleset in this environment (a flag without one is disabled, everyone gets "off"). */
  readonly enabled: boolean;
  readonly defaultVariationKey: string;
  /** Live rules in ruleset order. */
  readonly rules: readonly DatafileRuleInput[];
}

export interface DatafileHoldoutInput {
  readonly id: number;
  readonly key: string;
  readonly status: HoldoutStatus;
  readonly scope: HoldoutScope;
  readonly percentageIncluded: number;
  readonly audienceConditions: AudienceIdTree | null;
  readonly variationId: number;
  /** The held-back variation's key; `off` when absent. */
  readonly variationKey?: string;
  /** Scope `experiments`: the experiments (rule ids) it covers. */
  readonly experimentIds: readonly number[];
}

export interface DatafileInputs {
  readonly accountId: number;
  readonly projectId: number;
  readonly environmentKey: string;
  readonly sdkKey: string;
  readonly revision: number;
  readonly attributes: readonly { readonly id: number; readonly key: string }[];
  readonly audiences: readonly { readonly id: number; readonly name: string; readonly conditions: string }[];
  /** Conversion events and the experiments (rule ids) that use them as metrics. */
  readonly events: readonly { readonly id: number; readonly key: string; readonly experimentIds: readonly number[] }[];
  readonly flags: readonly DatafileFlagInput[];
  readonly groups: readonly { readonly id: number; readonly entities: readonly GroupEntity[] }[];
  readonly holdouts: readonly DatafileHoldoutInput[];
}
