/** A flag's ruleset in one environment: ordered rules, then the "everyone else" variation. */
import type { AudienceIdTree } from '../audience/conditions.js';
import type { RuleType, RuleVariation } from './validate.js';

export interface Rule {
  readonly id: number;
  readonly key: string;
  readonly name: string;
  readonly type: RuleType;
  readonly audienceConditions: AudienceIdTree | null;
  readonly percentageIncluded: number;
  readonly variations: readonly RuleVariation[];
  readonly allowlist: Readonly<Record<string, string>>;
  readonly groupId: number | null;
  readonly position: number;
}

export interface Ruleset {
  readonly id: number | null;
  readonly flagId: number;
  readonly flagKey: string;
  readonly projectId: number;
  readonly environmentId: number;
  readonly environmentKey: string;
  readonly enabled: boolean;
  readonly defaultVariationKey: string;
  readonly rules: readonly Rule[];
  readonly version: number;
  readonly updatedAt: string | null;
}
