/** Third-party apps (OAuth 2.0 clients) and the grants users give them (docs/oauth.md). */
import type { ProjectRole } from '../permissions.js';
import type { OAuthScope } from './scopes.js';

export interface OAuthClient {
  readonly id: number;
  /** The public identifier apps send as `client_id`. */
  readonly clientId: string;
  readonly name: string;
  /** Confidential clients hold a secret; public ones (SPAs, native apps) must use PKCE. */
  readonly confidential: boolean;
  readonly secretPrefix: string | null;
  readonly redirectUris: readonly string[];
  readonly allowedScopes: readonly OAuthScope[];
  /** The user a confidential client acts as with client_credentials, or null. */
  readonly serviceUserId: number | null;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The fixed role of a client's service account: everywhere (administrator) or in one project. */
export type ServiceRole =
  | { readonly role: 'administrator' }
  | { readonly role: ProjectRole; readonly projectId: number };

export type GrantKind = 'authorization_code' | 'client_credentials';

/** A user's consent to an app: the family of tokens issued from one authorization. */
export interface OAuthGrant {
  readonly id: number;
  readonly userId: number;
  readonly client: { readonly id: number; readonly clientId: string; readonly name: string };
  readonly kind: GrantKind;
  readonly scopes: readonly OAuthScope[];
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}
