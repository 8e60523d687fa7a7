/**
 * OAuth 2.0 access tokens as bearer credentials: accepted wherever a personal token is, acting
 * for the user who consented with the scopes granted (docs/oauth.md).
 */
import { createHash } from 'node:crypto';
import { oauthPrefixes } from '../core/oauth/prefixes.js';
import { findActorByAccessTokenHash } from '../store/read/oauth-actors.js';
import type { ActorResolver } from './auth.js';

export const oauthAccessTokenResolver: ActorResolver = async (db, bearer, now) => {
  if (!bearer.startsWith(oauthPrefixes.access)) return null;
  return findActorByAccessTokenHash(db, createHash('sha256').update(bearer).digest('hex'), now.toISOString());
};
