/** OAuth clients (apps) and grants (consents) under /v2/oauth. */
import Type, { type Static } from 'typebox';
import { Id, Timestamp, Version } from './common.js';

const OAuthScope = Type.Enum(['experiment:read', 'experiment:write', 'flag:read', 'flag:write', 'project:read', 'project:write']);
const ServiceRoleName = Type.Enum(['administrator', 'project_owner', 'editor', 'viewer']);

const ServiceAccount = Type.Object({
  role: ServiceRoleName,
  project_id: Type.Optional(Id),
}, { description: 'The fixed role the client acts with under client_credentials (administrator, or a role in one project).' });

export const OAuthClient = Type.Object({
  client_id: Type.String({ description: 'The public identifier the app sends as client_id.' }),
  name: Type.String(),
  confidential: Type.Boolean({ description: 'Confidential clients hold a secret; public ones (browser, native) use PKCE alone.' }),
  client_secret: Type.Optional(Type.String({ description: 'The secret: shown once, in the response that creates (or rotates) it.' })),
  secret_prefix: Type.Union([Type.String(), Type.Null()]),
  redirect_uris: Type.Array(Type.String()),
  allowed_scopes: Type.Array(OAuthScope),
  service_account: Type.Union([ServiceAccount, Type.Null()]),
  version: Version,
  created: Timestamp,
  last_modified: Timestamp,
});

const RedirectUris = Type.Array(Type.String({ minLength: 1, maxLength: 2000 }), { maxItems: 20 });

export const OAuthClientInput = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 200 })),
  redirect_uris: Type.Optional(RedirectUris),
  allowed_scopes: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 })),
  confidential: Type.Optional(Type.Boolean()),
  service_account: Type.Optional(Type.Union([ServiceAccount, Type.Null()])),
});
export type OAuthClientInput = Static<typeof OAuthClientInput>;

export const OAuthClientUpdate = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 200 })),
  redirect_uris: Type.Optional(RedirectUris),
  allowed_scopes: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 })),
  confidential: Type.Optional(Type.Boolean({ description: 'Fixed at registration; sending it is refused.' })),
  service_account: Type.Optional(Type.Union([ServiceAccount, Type.Null()], { description: 'Fixed at registration; sending it is refused.' })),
  rotate_secret: Type.Optional(Type.Boolean({ description: 'Issue a new client secret (shown once); the old one stops working.' })),
  version: Type.Optional(Version),
});
export type OAuthClientUpdate = Static<typeof OAuthClientUpdate>;

export const OAuthGrant = Type.Object({
  id: Id,
  user_id: Id,
  client_id: Type.String(),
  client_name: Type.String(),
  kind: Type.Enum(['authorization_code', 'client_credentials']),
  scopes: Type.Array(OAuthScope),
  created: Timestamp,
  last_used: Type.Union([Timestamp, Type.Null()]),
});
