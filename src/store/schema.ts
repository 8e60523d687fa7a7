/**
 * The database, table by table (Kysely's DB interface). Conventions, for both engines alike:
 * timestamps of rows are ISO-8601 text, event times are integer milliseconds, booleans are
 * integers 0/1 and structured values are JSON text, so one query layer serves SQLite and
 * PostgreSQL (docs/adr/0001-storage.md).
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

type Bool = number;
type Json = string;
type Timestamp = string;

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

/** A third-party app (OAuth 2.0 client); the secret of a confidential one is kept as a hash. */
export interface OAuthClientsTable {
  id: Generated<number>;
  client_id: string;
  name: string;
  confidential: Bool;
  secret_hash: string | null;
  secret_prefix: string | null;
  /** JSON array of exact redirect URIs. */
  redirect_uris: Json;
  /** JSON array of the scopes the app may ask for. */
  allowed_scopes: Json;
  service_user_id: number | null;
  created_by: number | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A user's consent to an app (or a client's own service grant): one family of tokens. */
export interface OAuthGrantsTable {
  id: Generated<number>;
  client_id: number;
  user_id: number;
  /** authorization_code | client_credentials */
  kind: string;
  scopes: Json;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface OAuthCodesTable {
  id: Generated<number>;
  code_hash: string;
  client_id: number;
  user_id: number;
  redirect_uri: string;
  scopes: Json;
  code_challenge: string | null;
  code_challenge_method: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  grant_id: number | null;
  created_at: Timestamp;
}

export interface OAuthTokensTable {
  id: Generated<number>;
  grant_id: number;
  /** access | refresh */
  kind: string;
  token_hash: string;
  scopes: Json;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  created_at: Timestamp;
}

/** A sign-in on the consent page (cookie), so a user approves apps without sending a token each time. */
export interface OAuthSessionsTable {
  id: Generated<number>;
  session_hash: string;
  user_id: number;
  expires_at: Timestamp;
  created_at: Timestamp;
}

export interface DB {
  meta: MetaTable;
  id_sequence: IdSequenceTable;
  users: UsersTable;
  project_members: ProjectMembersTable;
  tokens: TokensTable;
  projects: ProjectsTable;
  environments: EnvironmentsTable;
  attributes: AttributesTable;
  audiences: AudiencesTable;
  events: EventsTable;
  flags: FlagsTable;
  flag_variables: FlagVariablesTable;
  flag_variations: FlagVariationsTable;
  rulesets: RulesetsTable;
  rules: RulesTable;
  experiments: ExperimentsTable;
  event_log: EventLogTable;
  event_cursors: EventCursorsTable;
  experiment_aggregate_windows: ExperimentAggregateWindowsTable;
  experiment_visitors: ExperimentVisitorsTable;
  experiment_daily_cells: ExperimentDailyCellsTable;
  saved_metrics: SavedMetricsTable;
  experiment_saved_metrics: ExperimentSavedMetricsTable;
  cohorts: CohortsTable;
  cohort_members: CohortMembersTable;
  groups: GroupsTable;
  group_entities: GroupEntitiesTable;
  holdouts: HoldoutsTable;
  web_settings: WebSettingsTable;
  web_experiments: WebExperimentsTable;
  web_variants: WebVariantsTable;
  oauth_clients: OAuthClientsTable;
  oauth_grants: OAuthGrantsTable;
  oauth_codes: OAuthCodesTable;
  oauth_tokens: OAuthTokensTable;
  oauth_sessions: OAuthSessionsTable;
}

export type UserRow = Selectable<UsersTable>;
export type TokenRow = Selectable<TokensTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type EnvironmentRow = Selectable<EnvironmentsTable>;
export type AttributeRow = Selectable<AttributesTable>;
export type AudienceRow = Selectable<AudiencesTable>;
export type EventRow = Selectable<EventsTable>;
export type FlagRow = Selectable<FlagsTable>;
export type FlagVariableRow = Selectable<FlagVariablesTable>;
export type FlagVariationRow = Selectable<FlagVariationsTable>;
export type RulesetRow = Selectable<RulesetsTable>;
export type RuleRow = Selectable<RulesTable>;
export type ExperimentRow = Selectable<ExperimentsTable>;
export type NewRule = Insertable<RulesTable>;
export type RuleUpdate = Updateable<RulesTable>;
export type GroupRow = Selectable<GroupsTable>;
export type HoldoutRow = Selectable<HoldoutsTable>;
export type WebSettingsRow = Selectable<WebSettingsTable>;
export type WebExperimentRow = Selectable<WebExperimentsTable>;
export type WebVariantRow = Selectable<WebVariantsTable>;
export type OAuthClientRow = Selectable<OAuthClientsTable>;
export type OAuthGrantRow = Selectable<OAuthGrantsTable>;
export type OAuthCodeRow = Selectable<OAuthCodesTable>;
export type OAuthTokenRow = Selectable<OAuthTokensTable>;
