/** Tables of users, projects, targeting, flags, rulesets, experiments, groups and holdouts (see ../schema.ts for the conventions). */
import type { Generated } from 'kysely';
import type { Bool, Json, Timestamp } from './column-types.js';

export interface MetaTable {
  key: string;
  value: string;
}

/** One sequence for the ids that appear in datafiles, so they never collide across kinds. */
export interface IdSequenceTable {
  id: Generated<number>;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  is_admin: Bool;
  password_hash: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProjectMembersTable {
  project_id: number;
  user_id: number;
  role: string;
  created_at: Timestamp;
}

export interface TokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  token_prefix: string;
  /** JSON array of scopes; null means unrestricted. */
  scopes: Json | null;
  kind: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface ProjectsTable {
  id: Generated<number>;
  account_id: number;
  name: string;
  description: string;
  platform: string;
  status: string;
  /** JSON: statistics settings (method, tau², prior, confidence threshold). */
  settings: Json;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EnvironmentsTable {
  id: Generated<number>;
  project_id: number;
  key: string;
  name: string;
  is_primary: Bool;
  priority: number;
  sdk_key: string;
  datafile_secure: Bool;
  datafile_token_hash: string | null;
  archived: Bool;
  /** Datafile revision: increases on every change that alters the environment's datafile. */
  revision: number;
  published_at: Timestamp;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AttributesTable {
  id: number;
  project_id: number;
  key: string;
  name: string;
  description: string;
  condition_type: string;
  archived: Bool;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AudiencesTable {
  id: number;
  project_id: number;
  name: string;
  description: string;
  conditions: Json;
  archived: Bool;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EventsTable {
  id: number;
  project_id: number;
  key: string;
  name: string;
  description: string;
  event_type: string;
  category: string;
  archived: Bool;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FlagsTable {
  id: number;
  project_id: number;
  key: string;
  name: string;
  description: string;
  archived: Bool;
  deleted_at: Timestamp | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FlagVariablesTable {
  id: number;
  flag_id: number;
  key: string;
  type: string;
  default_value: string;
  position: number;
}

export interface FlagVariationsTable {
  id: number;
  flag_id: number;
  key: string;
  name: string;
  description: string;
  /** JSON object: variable key → value string. */
  variables: Json;
  position: number;
}

export interface RulesetsTable {
  id: Generated<number>;
  flag_id: number;
  environment_id: number;
  enabled: Bool;
  default_variation_key: string;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface RulesTable {
  id: number;
  ruleset_id: number;
  flag_id: number;
  environment_id: number;
  key: string;
  name: string;
  type: string;
  /** JSON tree over audience ids, or null for everyone. */
  audience_conditions: Json | null;
  percentage_included: number;
  /** JSON array of {variation_key, weight}. */
  variations: Json;
  /** JSON object: user id → variation key. */
  allowlist: Json;
  group_id: number | null;
  position: number;
  /** Set when the rule left its ruleset; kept so its experiment's results stay readable. */
  removed_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExperimentsTable {
  /** The id of the rule that delivers the experiment (its id in the datafile). */
  id: number;
  project_id: number;
  flag_id: number;
  environment_id: number;
  /** Sortable public string id (`exp_…`) for dialects with string ids. */
  public_id: string;
  key: string;
  name: string;
  description: string;
  type: string;
  status: string;
  /** JSON array of metrics; the first is the primary. */
  metrics: Json;
  /** JSON: per-experiment statistics overrides (method, confidence threshold). */
  stats_config: Json;
  holdout_id: number | null;
  winner_variation_id: number | null;
  /** JSON: dialect-owned presentation data that has no rule in the core. */
  extras: Json;
  started_at: Timestamp | null;
  stopped_at: Timestamp | null;
  archived_at: Timestamp | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A mutually exclusive group: its experiments share the traffic, each user sees at most one. */
export interface GroupsTable {
  id: number;
  project_id: number;
  name: string;
  description: string;
  policy: string;
  archived: Bool;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** An experiment's share of its group's traffic (basis points), in the group's order. */
export interface GroupEntitiesTable {
  group_id: number;
  experiment_id: number;
  weight: number;
  position: number;
}

/**
 * Traffic held back from experiments. `scope` "environment": every flag of the environment;
 * "experiments": only the experiments whose `experiments.holdout_id` names this holdout.
 */
export interface HoldoutsTable {
  id: number;
  project_id: number;
  environment_id: number;
  key: string;
  name: string;
  description: string;
  status: string;
  scope: string;
  percentage_included: number;
  /** JSON tree over audience ids, or null for everyone. */
  audience_conditions: Json | null;
  /** The holdout's own variation (featureEnabled false), an id from the shared sequence. */
  variation_id: number;
  /** The variation's key; null means `off` (core/holdout/types.ts HOLDOUT_VARIATION_KEY). */
  variation_key: string | null;
  /** The user who created it (null for holdouts from before migration 0007). */
  created_by: number | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}
