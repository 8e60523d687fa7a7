/**
 * OAuth 2.0 for third-party apps (docs/oauth.md): registered clients, the grants users consent
 * to, single-use authorization codes, access and refresh tokens, and the short sign-in sessions
 * of the consent page. Secrets, codes, tokens and session ids are stored only as SHA-256 hashes.
 */
import type { Kysely } from 'kysely';
import type { Engine } from '../db.js';
import { withAutoId } from './column-types.js';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, engine: Engine): Promise<void> {
  const s = db.schema;
  await withAutoId(s.createTable('oauth_clients'), engine)
    .addColumn('client_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('confidential', 'integer', (c) => c.notNull())
    .addColumn('secret_hash', 'text')
    .addColumn('secret_prefix', 'text')
    .addColumn('redirect_uris', 'text', (c) => c.notNull())
    .addColumn('allowed_scopes', 'text', (c) => c.notNull())
    // The user a confidential client acts as with client_credentials (its fixed role lives in
    // users / project_members like anyone's); removed with the client.
    .addColumn('service_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // One grant per authorization (or per client for client_credentials): the family of tokens that
  // revoking a consent, or replaying a rotated refresh token, ends at once.
  await withAutoId(s.createTable('oauth_grants'), engine)
    .addColumn('client_id', 'integer', (c) => c.notNull().references('oauth_clients.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await s.createIndex('oauth_grants_user').on('oauth_grants').columns(['user_id', 'id']).execute();
  await s.createIndex('oauth_grants_client').on('oauth_grants').column('client_id').execute();

  await withAutoId(s.createTable('oauth_codes'), engine)
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('oauth_clients.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('code_challenge', 'text')
    .addColumn('code_challenge_method', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    // The grant the code was exchanged for: a replayed code revokes it (RFC 6749 §4.1.2).
    .addColumn('grant_id', 'integer', (c) => c.references('oauth_grants.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await withAutoId(s.createTable('oauth_tokens'), engine)
    .addColumn('grant_id', 'integer', (c) => c.notNull().references('oauth_grants.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('oauth_tokens_grant').on('oauth_tokens').column('grant_id').execute();

  await withAutoId(s.createTable('oauth_sessions'), engine)
    .addColumn('session_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
