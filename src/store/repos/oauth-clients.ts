/** OAuth clients (third-party apps): write repository. */
import type { OAuthClient } from '../../core/oauth/types.js';
import type { OAuthScope } from '../../core/oauth/scopes.js';
import type { OAuthClientRow } from '../schema.js';
import { bumpVersion, parseJson, toBool, type Db } from './common.js';

export function rowToOAuthClient(row: OAuthClientRow): OAuthClient {
  return {
    id: row.id,
    clientId: row.client_id,
    name: row.name,
    confidential: toBool(row.confidential),
    secretPrefix: row.secret_prefix,
    redirectUris: parseJson<string[]>(row.redirect_uris, []),
    allowedScopes: parseJson<OAuthScope[]>(row.allowed_scopes, []),
    serviceUserId: row.service_user_id,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface NewOAuthClient {
  readonly clientId: string;
  readonly name: string;
  readonly confidential: boolean;
  readonly secretHash: string | null;
  readonly secretPrefix: string | null;
  readonly redirectUris: readonly string[];
  readonly allowedScopes: readonly OAuthScope[];
  readonly serviceUserId: number | null;
  readonly createdBy: number | null;
  readonly at: string;
}

export async function insertOAuthClient(db: Db, client: NewOAuthClient): Promise<OAuthClient> {
  const row = await db
    .insertInto('oauth_clients')
    .values({
      client_id: client.clientId,
      name: client.name,
      confidential: client.confidential ? 1 : 0,
      secret_hash: client.secretHash,
      secret_prefix: client.secretPrefix,
      redirect_uris: JSON.stringify(client.redirectUris),
      allowed_scopes: JSON.stringify(client.allowedScopes),
      service_user_id: client.serviceUserId,
      created_by: client.createdBy,
      created_at: client.at,
      updated_at: client.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return rowToOAuthClient(row);
}

export async function findOAuthClient(db: Db, clientId: string): Promise<OAuthClient | null> {
  const row = await db.selectFrom('oauth_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  return row ? rowToOAuthClient(row) : null;
}

/** The stored hash of a confidential client's secret (never part of the domain object). */
export async function findClientSecretHash(db: Db, clientId: string): Promise<string | null> {
  const row = await db.selectFrom('oauth_clients').select('secret_hash').where('client_id', '=', clientId).executeTakeFirst();
  return row?.secret_hash ?? null;
}

export async function updateOAuthClient(
  db: Db,
  id: number,
  changes: { name?: string; redirectUris?: readonly string[]; allowedScopes?: readonly OAuthScope[]; secretHash?: string; secretPrefix?: string },
): Promise<void> {
  const set = {
    ...(changes.name === undefined ? {} : { name: changes.name }),
    ...(changes.redirectUris === undefined ? {} : { redirect_uris: JSON.stringify(changes.redirectUris) }),
    ...(changes.allowedScopes === undefined ? {} : { allowed_scopes: JSON.stringify(changes.allowedScopes) }),
    ...(changes.secretHash === undefined ? {} : { secret_hash: changes.secretHash, secret_prefix: changes.secretPrefix ?? null }),
  };
  if (Object.keys(set).length) await db.updateTable('oauth_clients').set(set).where('id', '=', id).execute();
}

/** Raises the client's version, checking the caller's expected one (409 on a concurrent change). */
export async function bumpOAuthClientVersion(db: Db, id: number, expectedVersion: number | undefined, at: string): Promise<number> {
  return bumpVersion(db, 'oauth_clients', id, expectedVersion, 'oauth client', at);
}

/** Deletes the client with its codes, grants and tokens, and its service account's user. */
export async function deleteOAuthClient(db: Db, id: number, serviceUserId: number | null): Promise<void> {
  // Explicit deletes, child first: the same result whether or not the engine cascades.
  const grants = db.selectFrom('oauth_grants').select('id').where('client_id', '=', id);
  await db.deleteFrom('oauth_tokens').where('grant_id', 'in', grants).execute();
  await db.deleteFrom('oauth_codes').where('client_id', '=', id).execute();
  await db.deleteFrom('oauth_grants').where('client_id', '=', id).execute();
  await db.deleteFrom('oauth_clients').where('id', '=', id).execute();
  if (serviceUserId !== null) await db.deleteFrom('users').where('id', '=', serviceUserId).execute();
}
