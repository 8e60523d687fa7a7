/**
 * Mutually exclusive groups (Optimizely "exclusion groups"): experiments that share one slice
 * of traffic so that a user is in at most one of them. The only policy is `random`: a user is
 * first bucketed into one experiment's share of the group (key bucketingId + groupId), then
 * into that experiment as usual. Shares are basis points; what they leave of 10000 goes to no
 * experiment of the group.
 */
export const groupPolicies = ['random'] as const;
export type GroupPolicy = (typeof groupPolicies)[number];

/** One experiment of a group and its share of the group's traffic (0..10000). */
export interface GroupEntity {
  readonly experimentId: number;
  readonly weight: number;
}

export interface Group {
  readonly id: number;
  readonly projectId: number;
  readonly name: string;
  readonly description: string;
  readonly policy: GroupPolicy;
  /** In the group's order: shares are laid out over the buckets in this order. */
  readonly entities: readonly GroupEntity[];
  readonly archived: boolean;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
