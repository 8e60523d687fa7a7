/** Users and personal tokens. */
import Type, { type Static } from 'typebox';
import { Id, Timestamp, Version } from './common.js';

const ScopeSchema = Type.Enum(['experiment:read', 'experiment:write', 'flag:read', 'flag:write', 'project:read', 'project:write', '*']);
const RoleSchema = Type.Union([Type.Literal('project_owner'), Type.Literal('editor'), Type.Literal('viewer')]);

export const Token = Type.Object({
  id: Id,
  user_id: Id,
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the secret, to recognize it.' }),
  scopes: Type.Array(ScopeSchema),
  token: Type.Optional(Type.String({ description: 'The secret: shown once, in the response that creates it.' })),
  created: Timestamp,
  last_used: Type.Union([Timestamp, Type.Null()]),
  expires: Type.Union([Timestamp, Type.Null()]),
  revoked: Type.Union([Timestamp, Type.Null()]),
});

export const TokenInput = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  scopes: Type.Optional(Type.Array(ScopeSchema, { maxItems: 10 })),
  expires: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  user_id: Type.Optional(Id),
});
export type TokenInput = Static<typeof TokenInput>;

export const User = Type.Object({
  id: Id,
  email: Type.String(),
  name: Type.String(),
  role: Type.Union([Type.Literal('administrator'), Type.Literal('member')]),
  project_roles: Type.Array(Type.Object({ project_id: Id, role: RoleSchema })),
  version: Version,
  created: Timestamp,
  last_modified: Timestamp,
});

export const UserInput = Type.Object({
  email: Type.Optional(Type.String({ minLength: 3, maxLength: 320 })),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  administrator: Type.Optional(Type.Boolean()),
  project_roles: Type.Optional(Type.Array(Type.Object({ project_id: Id, role: Type.Union([RoleSchema, Type.Null()]) }), { maxItems: 1000 })),
  version: Type.Optional(Version),
});
export type UserInput = Static<typeof UserInput>;
