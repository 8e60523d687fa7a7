/** Audiences, attributes, features and events. */
import Type, { type Static } from 'typebox';
import { Id, Timestamp, Version } from './common.js';
import { Variable } from './flags.js';

export const Audience = Type.Object({
  id: Id,
  project_id: Id,
  name: Type.String(),
  description: Type.String(),
  conditions: Type.String({ description: 'Optimizely condition JSON, encoded as a string.' }),
  archived: Type.Boolean(),
  version: Version,
  created: Timestamp,
  last_modified: Timestamp,
});

export const AudienceInput = Type.Object({
  project_id: Type.Optional(Id),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  conditions: Type.Optional(Type.String({ maxLength: 100_000 })),
  archived: Type.Optional(Type.Boolean()),
  version: Type.Optional(Version),
});
export type AudienceInput = Static<typeof AudienceInput>;

export const Attribute = Type.Object({
  id: Id,
  project_id: Id,
  key: Type.String(),
  name: Type.String(),
  description: Type.String(),
  condition_type: Type.String(),
  archived: Type.Boolean(),
  version: Version,
  created: Timestamp,
  last_modified: Timestamp,
});

export const AttributeInput = Type.Object({
  project_id: Type.Optional(Id),
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  archived: Type.Optional(Type.Boolean()),
  version: Type.Optional(Version),
});
export type AttributeInput = Static<typeof AttributeInput>;

export const Feature = Type.Object({
  id: Id,
  key: Type.String(),
  name: Type.String(),
  project_id: Id,
  variables: Type.Array(Variable),
  created: Timestamp,
  last_modified: Timestamp,
});

export const Event = Type.Object({
  id: Id,
  project_id: Id,
  key: Type.String(),
  name: Type.String(),
  description: Type.String(),
  event_type: Type.String(),
  category: Type.String(),
  archived: Type.Boolean(),
  version: Version,
  created: Timestamp,
  last_modified: Timestamp,
});

export const EventInput = Type.Object({
  project_id: Type.Optional(Id),
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  event_type: Type.Optional(Type.Union([Type.Literal('custom'), Type.Literal('click'), Type.Literal('pageview')])),
  category: Type.Optional(Type.String({ maxLength: 64 })),
  archived: Type.Optional(Type.Boolean()),
  version: Type.Optional(Version),
});
export type EventInput = Static<typeof EventInput>;
