/** Tables of the OAuth 2.0 server (0004-oauth) (see ../schema.ts for the conventions). */
import type { Generated } from 'kysely';
import type { Bool, Json, Timestamp } from './column-types.js';

/** A third-party app (OAuth 2.0 client); the secret of a confidential one is kept as a hash. */
export interface OAuthClientsTable {
  id: Generated<number>;
  client_id: string;
  name: string;
  confidential: Bool;
  secret_hash: string | null;
  secret_prefix: string | null;
  /** JSON array of exact redirect URIs. */
  redirect_uris: Json;
  /** JSON array of the scopes the app may ask for. */
  allowed_scopes: Json;
  service_user_id: number | null;
  created_by: number | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A user's consent to an app (or a client's own service grant): one family of tokens. */
export interface OAuthGrantsTable {
  id: Generated<number>;
  client_id: number;
  user_id: number;
  /** authorization_code | client_credentials */
  kind: string;
  scopes: Json;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface OAuthCodesTable {
  id: Generated<number>;
  code_hash: string;
  client_id: number;
  user_id: number;
  redirect_uri: string;
  scopes: Json;
  code_challenge: string | null;
  code_challenge_method: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  grant_id: number | null;
  created_at: Timestamp;
}

export interface OAuthTokensTable {
  id: Generated<number>;
  grant_id: number;
  /** access | refresh */
  kind: string;
  token_hash: string;
  scopes: Json;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  created_at: Timestamp;
}

/** A sign-in on the consent page (cookie), so a user approves apps without sending a token each time. */
export interface OAuthSessionsTable {
  id: Generated<number>;
  session_hash: string;
  user_id: number;
  expires_at: Timestamp;
  created_at: Timestamp;
}
