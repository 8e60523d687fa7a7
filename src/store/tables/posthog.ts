/** Tables of saved metrics and cohorts (PostHog dialect) (see ../schema.ts for the conventions). */
import type { Generated } from 'kysely';
import type { Json, Timestamp } from './column-types.js';

/** A reusable metric definition (PostHog saved metrics); `query` is kept in the dialect's words. */
export interface SavedMetricsTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  description: string;
  /** JSON: the metric query as the dialect received it. */
  query: Json;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExperimentSavedMetricsTable {
  id: Generated<number>;
  experiment_id: number;
  saved_metric_id: number;
  /** primary | secondary */
  role: string;
  position: number;
  created_at: Timestamp;
}

/** A stored set of visitors that audience conditions can name (`{"type":"cohort","value":id}`). */
export interface CohortsTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  description: string;
  kind: string;
  experiment_id: number | null;
  definition: Json;
  member_count: number;
  computed_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CohortMembersTable {
  cohort_id: number;
  visitor_id: string;
  added_at: Timestamp;
}
