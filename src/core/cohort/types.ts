/**
 * A cohort: a stored set of visitors. An audience condition can name one
 * (`{"type":"cohort","value":<id>}`), matched against the cohorts a visitor belongs to.
 */
export const cohortKinds = ['experiment_exposure'] as const;
export type CohortKind = (typeof cohortKinds)[number];

export interface Cohort {
  readonly id: number;
  readonly projectId: number;
  readonly name: string;
  readonly description: string;
  /** `experiment_exposure`: the visitors exposed to `experimentId` while it ran. */
  readonly kind: CohortKind;
  readonly experimentId: number | null;
  /** The definition in the words of the dialect that created it (PostHog cohort filters). */
  readonly definition: Readonly<Record<string, unknown>>;
  readonly memberCount: number;
  readonly computedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CohortMember {
  readonly visitorId: string;
  readonly addedAt: string;
}
