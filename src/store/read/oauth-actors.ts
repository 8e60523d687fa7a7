/**
 * The read side of OAuth authentication: who an access token acts for. The actor carries the
 * user's current roles and, as scopes, what the grant allows and the app may still ask for —
 * so an access token does at most what both the user's role and the consent allow.
 */
import type { Actor, ProjectRole } from '../../core/permissions.js';
import type { OAuthScope } from '../../core/oauth/scopes.js';
import type { Db } from '../repos/common.js';
import { parseJson } from '../repos/common.js';

/** The actor behind a live OAuth access token (token, grant and client live), or null. */
export async function findActorByAccessTokenHash(db: Db, hash: string, now: string): Promise<Actor | null> {
  const row = await db
    .selectFrom('oauth_tokens')
    .innerJoin('oauth_grants', 'oauth_grants.id', 'oauth_tokens.grant_id')
    .innerJoin('oauth_clients', 'oauth_clients.id', 'oauth_grants.client_id')
    .innerJoin('users', 'users.id', 'oauth_grants.user_id')
    .select(['oauth_tokens.id as token_id', 'oauth_tokens.scopes', 'oauth_tokens.expires_at', 'oauth_tokens.revoked_at'])
    .select(['oauth_grants.revoked_at as grant_revoked_at', 'oauth_clients.allowed_scopes', 'users.id as user_id', 'users.email', 'users.is_admin'])
    .where('oauth_tokens.token_hash', '=', hash)
    .where('oauth_tokens.kind', '=', 'access')
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.grant_revoked_at !== null || row.expires_at <= now) return null;
  // An app whose allowed scopes were narrowed after the consent loses the difference at once.
  const allowed = new Set(parseJson<OAuthScope[]>(row.allowed_scopes, []));
  const scopes = parseJson<OAuthScope[]>(row.scopes, []).filter((s) => allowed.has(s));
  const members = await db.selectFrom('project_members').select(['project_id', 'role']).where('user_id', '=', row.user_id).execute();
  return {
    userId: row.user_id,
    email: row.email,
    isAdmin: row.is_admin === 1,
    projectRoles: new Map(members.map((m) => [m.project_id, m.role as ProjectRole])),
    scopes: new Set(scopes),
    tokenId: row.token_id,
    viaOAuth: true,
  };
}
