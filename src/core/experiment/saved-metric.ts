/** A reusable, named metric definition that experiments link as a primary or secondary metric. */
export const savedMetricRoles = ['primary', 'secondary'] as const;
export type SavedMetricRole = (typeof savedMetricRoles)[number];

export interface SavedMetric {
  readonly id: number;
  readonly projectId: number;
  readonly name: string;
  readonly description: string;
  /** The metric query in the words of the dialect that saved it (PostHog's metric query). */
  readonly query: Readonly<Record<string, unknown>>;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One experiment's use of a saved metric. */
export interface SavedMetricLink {
  readonly id: number;
  readonly experimentId: number;
  readonly savedMetricId: number;
  readonly role: SavedMetricRole;
  readonly createdAt: string;
}
