/** PostHog experiments: the request fields the seed lists and the experiment PostHog returns. */
import Type, { type Static } from 'typebox';
import { Id } from './common.js';

const Json = Type.Record(Type.String(), Type.Unknown());
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Variant = Type.Object({
  key: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.Optional(Nullable(Type.String({ maxLength: 400 }))),
  rollout_percentage: Type.Number({ minimum: 0, maximum: 100 }),
});

export const Parameters = Type.Object(
  { feature_flag_variants: Type.Optional(Type.Array(Variant)) },
  { additionalProperties: true, description: 'feature_flag_variants and PostHog\'s planning values (kept as sent).' },
);

export const SavedMetricLink = Type.Object({
  id: Type.Integer(),
  metadata: Type.Optional(Type.Object({ type: Type.Union([Type.Literal('primary'), Type.Literal('secondary')]) }, { additionalProperties: true })),
});

export const StatsConfig = Type.Object({ method: Type.Optional(Type.Union([Type.Literal('bayesian'), Type.Literal('frequentist')])) }, { additionalProperties: true });

export const ExperimentRequest = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
  description: Type.Optional(Nullable(Type.String({ maxLength: 3000 }))),
  start_date: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  end_date: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  feature_flag_key: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
  holdout_id: Type.Optional(Nullable(Type.Integer())),
  parameters: Type.Optional(Nullable(Parameters)),
  secondary_metrics: Type.Optional(Nullable(Type.Array(Json, { maxItems: 50 }))),
  saved_metrics_ids: Type.Optional(Nullable(Type.Array(SavedMetricLink, { maxItems: 50 }))),
  filters: Type.Optional(Nullable(Json)),
  archived: Type.Optional(Type.Boolean()),
  type: Type.Optional(Nullable(Type.Union([Type.Literal('web'), Type.Literal('product')]))),
  metrics: Type.Optional(Nullable(Type.Array(Json, { maxItems: 50 }))),
  metrics_secondary: Type.Optional(Nullable(Type.Array(Json, { maxItems: 50 }))),
  stats_config: Type.Optional(Nullable(StatsConfig)),
});
export type ExperimentRequest = Static<typeof ExperimentRequest>;

export const Experiment = Type.Object({
  id: Id,
  name: Type.String(),
  description: Type.String(),
  start_date: Type.Optional(Type.String({ format: 'date-time', description: 'When it was launched; absent while it is a draft.' })),
  end_date: Type.Optional(Type.String({ format: 'date-time', description: 'When it ended; absent until then.' })),
  feature_flag_key: Type.String(),
  feature_flag: Type.Object({ id: Id, key: Type.String(), active: Type.Boolean() }),
  holdout_id: Type.Optional(Type.Integer({ description: 'Absent when the experiment has no holdout.' })),
  holdout: Nullable(Json),
  exposure_cohort: Nullable(Type.Integer()),
  parameters: Json,
  secondary_metrics: Type.Array(Json),
  saved_metrics: Type.Array(Json),
  filters: Json,
  archived: Type.Boolean(),
  type: Type.String(),
  metrics: Type.Array(Json),
  metrics_secondary: Type.Array(Json),
  stats_config: Json,
  status: Type.Union([Type.Literal('draft'), Type.Literal('running'), Type.Literal('paused'), Type.Literal('complete'), Type.Literal('archived')], {
    description: 'Fieldtest extension: the core lifecycle state (PostHog derives it from start_date, end_date and archived; paused has no PostHog field).',
  }),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});
