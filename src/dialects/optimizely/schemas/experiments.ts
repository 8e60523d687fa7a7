/** Experiments (each an experiment rule of a flag in one environment). */
import Type, { type Static } from 'typebox';
import { Id, Timestamp, Version } from './common.js';

export const statusInputs = ['active', 'paused', 'not_started', 'archived', 'concluded', 'Running', 'Paused', 'Archived', 'Not started'] as const;

const Aggregator = Type.Enum(['unique', 'count', 'sum']);
const Direction = Type.Union([Type.Literal('increasing'), Type.Literal('decreasing')]);

export const MetricSchema = Type.Object({
  event_id: Id,
  aggregator: Aggregator,
  field: Type.Optional(Type.Union([Type.Literal('value'), Type.Literal('revenue')])),
  scope: Type.Literal('visitor'),
  winning_direction: Direction,
});

export const MetricInput = Type.Object({
  event_id: Id,
  aggregator: Type.Optional(Aggregator),
  field: Type.Optional(Type.Union([Type.Literal('value'), Type.Literal('revenue')])),
  scope: Type.Optional(Type.Literal('visitor')),
  winning_direction: Type.Optional(Direction),
});

export const Experiment = Type.Object({
  id: Id,
  project_id: Id,
  key: Type.String(),
  name: Type.String(),
  description: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('paused'), Type.Literal('not_started'), Type.Literal('archived')]),
  concluded: Type.Boolean({ description: 'True once the experiment was stopped for good (it then reads as paused).' }),
  type: Type.Union([Type.Literal('a/b_test'), Type.Literal('multivariate'), Type.Literal('personalization')]),
  flag_key: Type.String(),
  environment_key: Type.String(),
  percentage_included: Type.Integer({ minimum: 0, maximum: 10000 }),
  variations: Type.Array(Type.Object({ variation_id: Id, key: Type.String(), name: Type.String(), weight: Type.Integer() })),
  metrics: Type.Array(MetricSchema),
  winner_variation_id: Type.Union([Id, Type.Null()]),
  holdout_id: Type.Union([Id, Type.Null()]),
  started: Type.Union([Timestamp, Type.Null()]),
  stopped: Type.Union([Timestamp, Type.Null()]),
  version: Version,
  created: Timestamp,
  last_modified: Timestamp,
});

export const ExperimentInput = Type.Object({
  project_id: Type.Optional(Id),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  status: Type.Optional(Type.Enum([...statusInputs])),
  flag_key: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  environment_key: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  type: Type.Optional(Type.Union([Type.Literal('a/b_test'), Type.Literal('multivariate'), Type.Literal('personalization')])),
  percentage_included: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  audience_conditions: Type.Optional(Type.String({ maxLength: 100_000 })),
  variations: Type.Optional(Type.Array(Type.Object({ key: Type.String({ minLength: 1, maxLength: 64 }), name: Type.Optional(Type.String()), weight: Type.Integer({ minimum: 0, maximum: 10000 }) }), { maxItems: 50 })),
  metrics: Type.Optional(Type.Array(MetricInput, { maxItems: 50 })),
  winner_variation_id: Type.Optional(Type.Union([Id, Type.Null()])),
  holdout_id: Type.Optional(Type.Union([Id, Type.Null()], { description: 'A holdout with scope "experiments" in the same environment; fixed once the experiment has started.' })),
  version: Type.Optional(Version),
});
export type ExperimentInput = Static<typeof ExperimentInput>;
