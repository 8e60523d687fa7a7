/**
 * Holdouts in PostHog's words. A PostHog holdout is a core holdout of scope `experiments`: the
 * experiments that name it by `holdout_id` hold back its share of users (bucketed by user id and
 * holdout id, so the same users are held back from all of them) before their own split, and a
 * held-back user gets the variant `holdout-{id}`. Its one filter group's `rollout_percentage` is
 * the core's `percentageIncluded` (percent × 100 basis points).
 */
import { invalid } from '../../../core/errors.js';
import type { Holdout } from '../../../core/holdout/types.js';
import type { UserSummary } from '../../../store/read/user-summaries.js';
import type { HoldoutRequest } from '../schemas/holdouts.js';

/** The key and the variant of every PostHog holdout, `{id}` being its id. */
export const POSTHOG_HOLDOUT_KEY = 'holdout-{id}';

/** The share held back, in basis points, from the request's filters (undefined when absent). */
export function percentageOf(filters: HoldoutRequest['filters']): number | undefined {
  if (filters === undefined) return undefined;
  if (filters.length !== 1) throw invalid('filters', 'give exactly one group: PostHog evaluates only the first holdout group');
  const [group] = filters;
  if (group === undefined) throw invalid('filters', 'give exactly one group');
  if ((group.properties ?? []).length > 0) {
    throw invalid('filters[0].properties', 'a holdout holds back a share of all users; property filters are not supported');
  }
  const basisPoints = group.rollout_percentage * 100;
  if (Math.abs(basisPoints - Math.round(basisPoints)) > 1e-6) throw invalid('filters[0].rollout_percentage', 'at most two decimals');
  return Math.round(basisPoints);
}

export function holdoutOut(h: Holdout, users: ReadonlyMap<number, UserSummary>) {
  const creator = h.createdBy === null ? undefined : users.get(h.createdBy);
  return {
    id: h.id,
    name: h.name,
    description: h.description,
    filters: [{ properties: [], rollout_percentage: h.percentageIncluded / 100, variant: h.variationKey }],
    created_by: creator ? { id: creator.id, first_name: creator.name, email: creator.email } : null,
    created_at: h.createdAt,
    updated_at: h.updatedAt,
  };
}
