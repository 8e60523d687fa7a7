/** OAuth clients and grants in the Optimizely dialect's words (snake_case, `created`/`last_modified`). */
import type { ClientDetails } from '../../../commands/oauth/save-client.js';
import type { OAuthGrant } from '../../../core/oauth/types.js';

export const clientOut = ({ client, serviceAccount, secret }: ClientDetails) => ({
  client_id: client.clientId,
  name: client.name,
  confidential: client.confidential,
  ...(secret === undefined ? {} : { client_secret: secret }),
  secret_prefix: client.secretPrefix,
  redirect_uris: [...client.redirectUris],
  allowed_scopes: [...client.allowedScopes],
  service_account: serviceAccount === null ? null : { role: serviceAccount.role, ...('projectId' in serviceAccount ? { project_id: serviceAccount.projectId } : {}) },
  version: client.version,
  created: client.createdAt,
  last_modified: client.updatedAt,
});

export const grantOut = (g: OAuthGrant) => ({
  id: g.id,
  user_id: g.userId,
  client_id: g.client.clientId,
  client_name: g.client.name,
  kind: g.kind,
  scopes: [...g.scopes],
  created: g.createdAt,
  last_used: g.lastUsedAt,
});

export const serviceAccountIn = (s: { role: string; project_id?: number } | null | undefined) =>
  s === undefined ? undefined : s === null ? null : { role: s.role, ...(s.project_id === undefined ? {} : { projectId: s.project_id }) };
