/** Exclusion groups and holdouts, in the shape of Optimizely's v2 groups. */
import Type, { type Static } from 'typebox';
import { Id, Timestamp, Version } from './common.js';

const Weight = Type.Integer({ minimum: 0, maximum: 10000, description: 'Share of the group\'s traffic in basis points (10000 = 100%).' });

export const GroupEntity = Type.Object({ id: Id, kind: Type.Literal('experiment'), weight: Weight });

export const Group = Type.Object({
  id: Id,
  project_id: Id,
  name: Type.String(),
  description: Type.String(),
  policy: Type.Literal('random'),
  entities: Type.Array(GroupEntity, { description: 'Experiments of the group, each with its share; shares sum to at most 10000.' }),
  traffic_allocation: Type.Integer({ minimum: 0, maximum: 10000, description: 'Sum of the shares: the part of traffic that enters one of the experiments.' }),
  archived: Type.Boolean(),
  version: Version,
  created: Timestamp,
  last_modified: Timestamp,
});

export const GroupInput = Type.Object({
  project_id: Type.Optional(Id),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  policy: Type.Optional(Type.Literal('random')),
  entities: Type.Optional(Type.Array(Type.Object({ id: Id, kind: Type.Optional(Type.Literal('experiment')), weight: Weight }), { maxItems: 100 })),
  archived: Type.Optional(Type.Boolean()),
  version: Type.Optional(Version),
});
export type GroupInput = Static<typeof GroupInput>;

const HoldoutStatus = Type.Union([Type.Literal('running'), Type.Literal('paused')]);
const HoldoutScope = Type.Union([Type.Literal('environment'), Type.Literal('experiments')], {
  description: '"environment": held back from every flag of the environment; "experiments": only from the experiments listed in experiment_ids.',
});

export const Holdout = Type.Object({
  id: Id,
  project_id: Id,
  environment_key: Type.String(),
  key: Type.String(),
  name: Type.String(),
  description: Type.String(),
  status: HoldoutStatus,
  scope: HoldoutScope,
  percentage_included: Type.Integer({ minimum: 0, maximum: 10000, description: 'Share of traffic held back, basis points.' }),
  audience_conditions: Type.String({ description: 'JSON tree over audience ids; "" means everyone.' }),
  experiment_ids: Type.Array(Id),
  variation: Type.Object({ id: Id, key: Type.String() }, { description: 'What held-back users get: the flag disabled, variables at their defaults.' }),
  version: Version,
  created: Timestamp,
  last_modified: Timestamp,
});

export const HoldoutInput = Type.Object({
  project_id: Type.Optional(Id),
  environment_key: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  status: Type.Optional(HoldoutStatus),
  scope: Type.Optional(HoldoutScope),
  percentage_included: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  audience_conditions: Type.Optional(Type.String({ maxLength: 100_000 })),
  experiment_ids: Type.Optional(Type.Array(Id, { maxItems: 500 })),
  version: Type.Optional(Version),
});
export type HoldoutInput = Static<typeof HoldoutInput>;
