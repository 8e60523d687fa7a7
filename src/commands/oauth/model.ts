/**
 * The model @node-oauth/oauth2-server runs the protocol on (RFC 6749 + RFC 7636), backed by the
 * OAuth repositories. The library owns the protocol checks; this file owns storage and our rules:
 * hashes only, public clients must use PKCE, a replayed code or rotated refresh token revokes
 * its grant, and expiry follows the context's clock (the library reads the wall clock, so the
 * expiry dates handed to it are translated into wall-clock time).
 */
import OAuth2Server from '@node-oauth/oauth2-server';
import type { OAuthClient } from '../../core/oauth/types.js';
import { findClientSecretHash, findOAuthClient } from '../../store/repos/oauth-clients.js';
import { findCode, findServiceGrant, insertCode, insertGrant, linkCodeToGrant, revokeGrant, touchGrant, useCode } from '../../store/repos/oauth-grants.js';
import { findOAuthToken, insertOAuthToken, revokeOAuthToken } from '../../store/repos/oauth-tokens.js';
import { findActorByAccessTokenHash } from '../../store/read/oauth-actors.js';
import { inTransaction } from '../context.js';
import { CODE_SECONDS, expiresAfter, type OAuthContext } from './context.js';
import { newSecret, sameHash, sha256 } from './secrets.js';
import { grantableScopes } from './scope-rules.js';

type Model = OAuth2Server.AuthorizationCodeModel & OAuth2Server.RefreshTokenModel & OAuth2Server.ClientCredentialsModel;

/** The client as the library sees it, with ours alongside. */
export interface LibraryClient extends OAuth2Server.Client {
  readonly id: string;
  readonly record: OAuthClient;
}

/** The library's "user": who the tokens act for, and which grant or code they come from. */
interface Subject {
  readonly id: number;
  readonly grantId?: number;
  readonly refreshTokenId?: number;
}

/** S256 challenges are 43 base64url characters (RFC 7636 §4.2). */
const CODE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

function libraryClient(record: OAuthClient): LibraryClient {
  const grants = ['authorization_code', 'refresh_token'];
  if (record.confidential && record.serviceUserId !== null) grants.push('client_credentials');
  return { id: record.clientId, redirectUris: [...record.redirectUris], grants, record };
}

export interface ModelOptions {
  /** Token endpoint: a confidential client must prove its secret; a public one must not send one. */
  readonly authenticateClients: boolean;
}

export function oauthModel(ctx: OAuthContext, options: ModelOptions): Model {
  const now = () => ctx.clock();
  /** A stored expiry, as the wall-clock Date the library compares with `new Date()`. */
  const wallClock = (iso: string) => new Date(Date.now() + (Date.parse(iso) - now().getTime()));

  return {
    async getClient(clientId, clientSecret) {
      const record = await findOAuthClient(ctx.db, clientId);
      if (!record) return null;
      if (options.authenticateClients) {
        const secret = clientSecret as string | null | undefined;
        if (record.confidential) {
          const hash = await findClientSecretHash(ctx.db, clientId);
          if (!secret || hash === null || !sameHash(sha256(secret), hash)) return null;
        } else if (secret) {
          return null;
        }
      }
      return libraryClient(record);
    },

    async validateScope(_user, client, scope) {
      return grantableScopes((client as LibraryClient).record, scope);
    },

    async validateRedirectUri(redirectUri, client) {
      return (client as LibraryClient).record.redirectUris.includes(redirectUri);
    },

    async generateAuthorizationCode() {
      return newSecret('code');
    },
    async generateAccessToken() {
      return newSecret('access');
    },
    async generateRefreshToken() {
      return newSecret('refresh');
    },

    async saveAuthorizationCode(code, client, user) {
      const record = (client as LibraryClient).record;
      const challenge: string | null = typeof code.codeChallenge === 'string' ? code.codeChallenge : null;
      if (!record.confidential && challenge === null) {
        throw new OAuth2Server.InvalidRequestError('Invalid request: public clients must send a PKCE `code_challenge` (S256)');
      }
      if (challenge !== null && !CODE_CHALLENGE.test(challenge)) {
        throw new OAuth2Server.InvalidRequestError('Invalid request: `code_challenge` must be the base64url SHA-256 of the verifier (43 characters)');
      }
      const expiresAt = expiresAfter(ctx, CODE_SECONDS);
      await insertCode(ctx.db, {
        codeHash: sha256(code.authorizationCode), clientId: record.id, userId: (user as Subject).id, redirectUri: code.redirectUri,
        scopes: code.scope ?? [], codeChallenge: challenge, codeChallengeMethod: challenge === null ? null : (code.codeChallengeMethod as string),
        expiresAt, at: now().toISOString(),
      });
      return { ...code, expiresAt: wallClock(expiresAt), client, user };
    },

    async getAuthorizationCode(authorizationCode) {
      const code = await findCode(ctx.db, sha256(authorizationCode));
      if (!code) return null;
      if (code.used_at !== null) {
        // A replayed code: revoke what it was exchanged for (RFC 6749 §4.1.2, §10.5).
        if (code.grant_id !== null) await revokeGrant(ctx.db, code.grant_id, now().toISOString());
        return null;
      }
      return {
        authorizationCode,
        expiresAt: wallClock(code.expires_at),
        redirectUri: code.redirect_uri,
        scope: JSON.parse(code.scopes) as string[],
        client: { id: code.public_client_id, grants: [] },
        user: { id: code.user_id } satisfies Subject,
        ...(code.code_challenge === null ? {} : { codeChallenge: code.code_challenge, codeChallengeMethod: code.code_challenge_method ?? 'S256' }),
      };
    },

    async revokeAuthorizationCode(code) {
      return useCode(ctx.db, sha256(code.authorizationCode), now().toISOString());
    },

    async getRefreshToken(refreshToken) {
      const token = await findOAuthToken(ctx.db, sha256(refreshToken));
      if (!token || token.kind !== 'refresh' || token.grantRevokedAt !== null) return null;
      if (token.revokedAt !== null) {
        // A rotated refresh token came back: someone holds a copy. End the whole grant.
        await revokeGrant(ctx.db, token.grantId, now().toISOString());
        return null;
      }
      return {
        refreshToken,
        refreshTokenExpiresAt: wallClock(token.expiresAt),
        scope: [...token.scopes],
        client: { id: token.clientId, grants: [] },
        user: { id: token.userId, grantId: token.grantId, refreshTokenId: token.id } satisfies Subject,
      };
    },

    async revokeToken(token) {
      const subject = token.user as Subject;
      return subject.refreshTokenId !== undefined && revokeOAuthToken(ctx.db, subject.refreshTokenId, now().toISOString());
    },

    async getUserFromClient(client) {
      const record = (client as LibraryClient).record;
      return record.serviceUserId === null ? null : ({ id: record.serviceUserId } satisfies Subject);
    },

    async saveToken(token, client, user) {
      const record = (client as LibraryClient).record;
      const subject = user as Subject;
      const scopes = token.scope ?? [];
      await inTransaction(ctx, async (tx) => {
        let grantId = subject.grantId;
        if (token.authorizationCode !== undefined) {
          grantId = await insertGrant(tx.db, { clientId: record.id, userId: subject.id, kind: 'authorization_code', scopes, at: tx.at });
          await linkCodeToGrant(tx.db, sha256(token.authorizationCode as string), grantId);
        } else if (grantId === undefined) {
          grantId = (await findServiceGrant(tx.db, record.id, subject.id)) ?? (await insertGrant(tx.db, { clientId: record.id, userId: subject.id, kind: 'client_credentials', scopes, at: tx.at }));
        }
        await touchGrant(tx.db, grantId, tx.at);
        await insertOAuthToken(tx.db, { grantId, kind: 'access', hash: sha256(token.accessToken), scopes, expiresAt: expiresAfter(ctx, ctx.lifetimes.accessTokenSeconds), at: tx.at });
        if (token.refreshToken !== undefined) {
          await insertOAuthToken(tx.db, { grantId, kind: 'refresh', hash: sha256(token.refreshToken), scopes, expiresAt: expiresAfter(ctx, ctx.lifetimes.refreshTokenSeconds), at: tx.at });
        }
      });
      return { ...token, client, user };
    },

    async getAccessToken(accessToken) {
      const actor = await findActorByAccessTokenHash(ctx.db, sha256(accessToken), now().toISOString());
      if (!actor) return null;
      return { accessToken, scope: [...(actor.scopes ?? [])], client: { id: '', grants: [] }, user: { id: actor.userId } };
    },
  };
}
