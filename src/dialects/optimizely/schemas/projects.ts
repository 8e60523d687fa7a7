/** Projects and environments, as in the contract. */
import Type, { type Static } from 'typebox';
import { Id, Timestamp, Version } from './common.js';

export const ProjectSettingsSchema = Type.Object({
  stats_method: Type.Union([Type.Literal('sequential'), Type.Literal('frequentist'), Type.Literal('bayesian')]),
  confidence_threshold: Type.Number(),
  tau2: Type.Union([Type.Number(), Type.Null()]),
  prior_alpha: Type.Number(),
  prior_beta: Type.Number(),
});

export const Project = Type.Object({
  id: Id,
  name: Type.String(),
  description: Type.String(),
  account_id: Id,
  platform: Type.Literal('custom'),
  status: Type.Union([Type.Literal('active'), Type.Literal('archived')]),
  sdks: Type.Array(Type.String()),
  settings: ProjectSettingsSchema,
  version: Version,
  created: Timestamp,
  last_modified: Timestamp,
});

export const ProjectInput = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('archived')])),
  settings: Type.Optional(Type.Partial(ProjectSettingsSchema)),
  version: Type.Optional(Version),
});
export type ProjectInput = Static<typeof ProjectInput>;

export const Environment = Type.Object({
  id: Id,
  key: Type.String(),
  name: Type.String(),
  project_id: Id,
  is_primary: Type.Boolean(),
  priority: Type.Integer(),
  archived: Type.Boolean(),
  sdk_key: Type.String(),
  datafile_url: Type.String({ format: 'uri' }),
  datafile_secure: Type.Boolean(),
  datafile_access_token: Type.Optional(Type.String({ description: 'Shown once, when secure mode is switched on.' })),
  revision: Type.Integer(),
  version: Version,
  created: Timestamp,
  last_modified: Timestamp,
});

export const EnvironmentInput = Type.Object({
  project_id: Type.Optional(Id),
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  is_primary: Type.Optional(Type.Boolean()),
  priority: Type.Optional(Type.Integer({ minimum: 0 })),
  archived: Type.Optional(Type.Boolean()),
  datafile_secure: Type.Optional(Type.Boolean()),
  version: Type.Optional(Version),
});
export type EnvironmentInput = Static<typeof EnvironmentInput>;
