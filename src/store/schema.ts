/**
 * The database, table by table (Kysely's DB interface). Conventions, for both engines alike:
 * timestamps of rows are ISO-8601 text, event times are integer milliseconds, booleans are
 * integers 0/1 and structured values are JSON text, so one query layer serves SQLite and
 * PostgreSQL (docs/adr/0001-storage.md).
 * The tables are declared by area in ./tables/; this file assembles them.
 */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { MetaTable, IdSequenceTable, UsersTable, ProjectMembersTable, TokensTable, ProjectsTable, EnvironmentsTable, AttributesTable, AudiencesTable, EventsTable, FlagsTable, FlagVariablesTable, FlagVariationsTable, RulesetsTable, RulesTable, ExperimentsTable, GroupsTable, GroupEntitiesTable, HoldoutsTable } from './tables/core.js';
import type { EventLogTable, EventCursorsTable, ExperimentAggregateWindowsTable, ExperimentVisitorsTable, ExperimentDailyCellsTable } from './tables/events.js';
import type { WebSettingsTable, WebExperimentsTable, WebVariantsTable } from './tables/web.js';
import type { SavedMetricsTable, ExperimentSavedMetricsTable, CohortsTable, CohortMembersTable } from './tables/posthog.js';
import type { OAuthClientsTable, OAuthGrantsTable, OAuthCodesTable, OAuthTokensTable, OAuthSessionsTable } from './tables/oauth.js';

export type { MetaTable, IdSequenceTable, UsersTable, ProjectMembersTable, TokensTable, ProjectsTable, EnvironmentsTable, AttributesTable, AudiencesTable, EventsTable, FlagsTable, FlagVariablesTable, FlagVariationsTable, RulesetsTable, RulesTable, ExperimentsTable, GroupsTable, GroupEntitiesTable, HoldoutsTable } from './tables/core.js';
export type { EventLogTable, EventCursorsTable, ExperimentAggregateWindowsTable, ExperimentVisitorsTable, ExperimentDailyCellsTable } from './tables/events.js';
export type { WebSettingsTable, WebExperimentsTable, WebVariantsTable } from './tables/web.js';
export type { SavedMetricsTable, ExperimentSavedMetricsTable, CohortsTable, CohortMembersTable } from './tables/posthog.js';
export type { OAuthClientsTable, OAuthGrantsTable, OAuthCodesTable, OAuthTokensTable, OAuthSessionsTable } from './tables/oauth.js';

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
