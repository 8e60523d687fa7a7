/** Tables of the event log and the results aggregates (0003-aggregates) (see ../schema.ts for the conventions). */
import type { Generated } from 'kysely';
import type { Json } from './column-types.js';

/** Append-only log of every exposure and conversion received. */
export interface EventLogTable {
  id: Generated<number>;
  project_id: number;
  uuid: string;
  kind: string;
  visitor_id: string;
  experiment_id: number | null;
  variation_id: number | null;
  event_id: number | null;
  event_key: string | null;
  /** When it happened, milliseconds since the epoch (client clock). */
  ts: number;
  value: number | null;
  revenue: number | null;
  source: string;
  attributes: Json | null;
  received_at: number;
}

/** Consumers of the event log and how far they have read it (0003-aggregates). */
export interface EventCursorsTable {
  name: string;
  last_event_id: number;
}

/** The attribution window (JSON) an experiment's aggregates were computed with. */
export interface ExperimentAggregateWindowsTable {
  experiment_id: number;
  window: Json;
}

/** A visitor's contribution to an experiment as last applied to its daily cells. */
export interface ExperimentVisitorsTable {
  experiment_id: number;
  visitor_id: string;
  /** JSON: attribution.ts VisitorContribution. */
  contribution: Json;
}

/**
 * Incremental aggregates: what changed per experiment × day × variation × metric. Sums are exact
 * integers of 10⁻⁶ units as decimal text. metric_key '' holds visitors; variation 0 conflicts.
 */
export interface ExperimentDailyCellsTable {
  experiment_id: number;
  day: number;
  variation_id: number;
  metric_key: string;
  visitors: number;
  converters: number;
  sum_micros: string;
  sum_squares_micros: string;
}
