/** Grants (a user's consent to an app, one token family) and the single-use authorization codes. */
import type { GrantKind, OAuthGrant } from '../../core/oauth/types.js';
import type { OAuthScope } from '../../core/oauth/scopes.js';
import type { OAuthCodeRow } from '../schema.js';
import { parseJson, type Db } from './common.js';

export async function insertGrant(db: Db, grant: { clientId: number; userId: number; kind: GrantKind; scopes: readonly string[]; at: string }): Promise<number> {
  const row = await db
    .insertInto('oauth_grants')
    .values({ client_id: grant.clientId, user_id: grant.userId, kind: grant.kind, scopes: JSON.stringify(grant.scopes), created_at: grant.at, last_used_at: grant.at, revoked_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** The live client_credentials grant of a client, if it has one. */
export async function findServiceGrant(db: Db, clientId: number, userId: number): Promise<number | null> {
  const row = await db
    .selectFrom('oauth_grants')
    .select('id')
    .where('client_id', '=', clientId)
    .where('user_id', '=', userId)
    .where('kind', '=', 'client_credentials')
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}

export async function findGrant(db: Db, id: number): Promise<OAuthGrant | null> {
  const row = await db
    .selectFrom('oauth_grants')
    .innerJoin('oauth_clients', 'oauth_clients.id', 'oauth_grants.client_id')
    .select(['oauth_grants.id', 'oauth_grants.user_id', 'oauth_grants.kind', 'oauth_grants.scopes', 'oauth_grants.created_at', 'oauth_grants.last_used_at', 'oauth_grants.revoked_at'])
    .select(['oauth_clients.id as client_pk', 'oauth_clients.client_id', 'oauth_clients.name as client_name'])
    .where('oauth_grants.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    userId: row.user_id,
    client: { id: row.client_pk, clientId: row.client_id, name: row.client_name },
    kind: row.kind as GrantKind,
    scopes: parseJson<OAuthScope[]>(row.scopes, []),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

export async function touchGrant(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('oauth_grants').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** Ends a grant and every token issued under it. Returns whether the grant was live. */
export async function revokeGrant(db: Db, id: number, at: string): Promise<boolean> {
  const result = await db.updateTable('oauth_grants').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  await db.updateTable('oauth_tokens').set({ revoked_at: at }).where('grant_id', '=', id).where('revoked_at', 'is', null).execute();
  return Number(result.numUpdatedRows) > 0;
}

export interface NewCode {
  readonly codeHash: string;
  readonly clientId: number;
  readonly userId: number;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly codeChallenge: string | null;
  readonly codeChallengeMethod: string | null;
  readonly expiresAt: string;
  readonly at: string;
}

export async function insertCode(db: Db, code: NewCode): Promise<void> {
  await db
    .insertInto('oauth_codes')
    .values({
      code_hash: code.codeHash,
      client_id: code.clientId,
      user_id: code.userId,
      redirect_uri: code.redirectUri,
      scopes: JSON.stringify(code.scopes),
      code_challenge: code.codeChallenge,
      code_challenge_method: code.codeChallengeMethod,
      expires_at: code.expiresAt,
      used_at: null,
      grant_id: null,
      created_at: code.at,
    })
    .execute();
}

export async function findCode(db: Db, codeHash: string): Promise<(OAuthCodeRow & { public_client_id: string }) | null> {
  const row = await db
    .selectFrom('oauth_codes')
    .innerJoin('oauth_clients', 'oauth_clients.id', 'oauth_codes.client_id')
    .selectAll('oauth_codes')
    .select('oauth_clients.client_id as public_client_id')
    .where('oauth_codes.code_hash', '=', codeHash)
    .executeTakeFirst();
  return row ?? null;
}

/** Marks a code used; false when it already was (a concurrent or replayed exchange). */
export async function useCode(db: Db, codeHash: string, at: string): Promise<boolean> {
  const result = await db.updateTable('oauth_codes').set({ used_at: at }).where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function linkCodeToGrant(db: Db, codeHash: string, grantId: number): Promise<void> {
  await db.updateTable('oauth_codes').set({ grant_id: grantId }).where('code_hash', '=', codeHash).execute();
}
