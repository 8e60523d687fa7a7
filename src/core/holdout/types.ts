/**
 * Holdouts: a share of traffic held back from experiments, to measure their combined effect.
 * A held-back user gets the holdout's own variation, which delivers every flag disabled
 * (`featureEnabled: false`, variables at their defaults).
 *
 * A holdout belongs to one environment and has a scope:
 * - `environment`: every flag of the environment, before any rule (a datafile `holdouts[]`
 *   entry, Optimizely's global holdout);
 * - `experiments`: only the experiments whose `holdoutId` names it, checked inside those rules
 *   (a datafile `localHoldouts[]` entry with `includedRules`). This is the holdout PostHog's
 *   experiments refer to by `holdout_id`.
 * Users are bucketed into a holdout with key bucketingId + holdoutId, so the same users are held
 * back from every flag or experiment the holdout covers.
 */
import type { AudienceIdTree } from '../audience/conditions.js';

export const holdoutStatuses = ['running', 'paused'] as const;
export type HoldoutStatus = (typeof holdoutStatuses)[number];

export const holdoutScopes = ['environment', 'experiments'] as const;
export type HoldoutScope = (typeof holdoutScopes)[number];

/** The key of a holdout's own variation unless it names another (Optimizely's holdouts use `off`). */
export const HOLDOUT_VARIATION_KEY = 'off';

/**
 * A key given with `{id}` in it (PostHog's `holdout-{id}`) names the holdout by its id, which is
 * only known once it is created.
 */
export function keyWithId(template: string, id: number): string {
  return template.replaceAll('{id}', String(id));
}

export interface Holdout {
  readonly id: number;
  readonly projectId: number;
  readonly environmentId: number;
  readonly environmentKey: string;
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly status: HoldoutStatus;
  readonly scope: HoldoutScope;
  /** Share of traffic held back, basis points (0..10000). */
  readonly percentageIncluded: number;
  readonly audienceConditions: AudienceIdTree | null;
  /** The held-back variation's id (datafile variation id). */
  readonly variationId: number;
  /** The held-back variation's key: what the SDKs and OFREP report for a held-back user. */
  readonly variationKey: string;
  /** The user who created it, when known. */
  readonly createdBy: number | null;
  /** Scope `experiments`: the experiments whose `holdoutId` is this holdout; else empty. */
  readonly experimentIds: readonly number[];
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
