/** Tables of web experiments (Ours Privacy settings, web fields of experiments and variants) (see ../schema.ts for the conventions). */
import type { Generated } from 'kysely';
import type { Bool, Json, Timestamp } from './column-types.js';

/** Binds web experiments to a project and environment (Ours Privacy "experiment settings"). */
export interface WebSettingsTable {
  id: Generated<number>;
  public_id: string;
  project_id: number;
  environment_id: number;
  name: string;
  anti_flicker_timeout_ms: number;
  cookie_name: string;
  cookie_days: number;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The web-only fields of an experiment run by the browser snippet. */
export interface WebExperimentsTable {
  experiment_id: number;
  settings_id: number;
  include_query_string: Bool;
  /** JSON: url patterns, query params, visitor status and properties, audience. */
  targeting: Json;
  /** JSON: the metrics by event name, as the client wrote them. */
  metrics: Json;
}

/** The web-only fields of a variant (a flag variation of a web experiment). */
export interface WebVariantsTable {
  variation_id: number;
  experiment_id: number;
  public_id: string;
  is_control: Bool;
  /** Basis points (0..10000). */
  weight: number;
  variant_type: string;
  redirect_url: string | null;
  /** JSON array of DOM modifications. */
  dom_modifications: Json;
  position: number;
}
