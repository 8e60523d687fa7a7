/** OAuth access and refresh tokens, stored by SHA-256 hash, each under its grant. */
import type { OAuthScope } from '../../core/oauth/scopes.js';
import { parseJson, type Db } from './common.js';

export type OAuthTokenKind = 'access' | 'refresh';

export async function insertOAuthToken(db: Db, token: { grantId: number; kind: OAuthTokenKind; hash: string; scopes: readonly string[]; expiresAt: string; at: string }): Promise<void> {
  await db
    .insertInto('oauth_tokens')
    .values({ grant_id: token.grantId, kind: token.kind, token_hash: token.hash, scopes: JSON.stringify(token.scopes), expires_at: token.expiresAt, revoked_at: null, created_at: token.at })
    .execute();
}

export interface StoredOAuthToken {
  readonly id: number;
  readonly kind: OAuthTokenKind;
  readonly grantId: number;
  readonly scopes: readonly OAuthScope[];
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  readonly grantRevokedAt: string | null;
  readonly userId: number;
  /** The public client_id of the app the token was issued to. */
  readonly clientId: string;
}

export async function findOAuthToken(db: Db, hash: string): Promise<StoredOAuthToken | null> {
  const row = await db
    .selectFrom('oauth_tokens')
    .innerJoin('oauth_grants', 'oauth_grants.id', 'oauth_tokens.grant_id')
    .innerJoin('oauth_clients', 'oauth_clients.id', 'oauth_grants.client_id')
    .select(['oauth_tokens.id', 'oauth_tokens.kind', 'oauth_tokens.grant_id', 'oauth_tokens.scopes', 'oauth_tokens.expires_at', 'oauth_tokens.revoked_at'])
    .select(['oauth_grants.revoked_at as grant_revoked_at', 'oauth_grants.user_id', 'oauth_clients.client_id'])
    .where('oauth_tokens.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind as OAuthTokenKind,
    grantId: row.grant_id,
    scopes: parseJson<OAuthScope[]>(row.scopes, []),
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    grantRevokedAt: row.grant_revoked_at,
    userId: row.user_id,
    clientId: row.client_id,
  };
}

/** Revokes one token; false when it was revoked already (so two rotations cannot both win). */
export async function revokeOAuthToken(db: Db, id: number, at: string): Promise<boolean> {
  const result = await db.updateTable('oauth_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
