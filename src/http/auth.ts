/**
 * Bearer authentication: a personal token (or, later, an OAuth access token) identifies the
 * actor. Tokens are looked up by their SHA-256 hash; the secret itself is never stored.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { Actor } from '../core/permissions.js';
import { findActorByTokenHash, findTokenHolder } from '../store/read/actors.js';
import type { DB } from '../store/schema.js';
import type { ActorCache } from './actor-cache.js';

/** Extra ways to turn a bearer credential into an actor (OAuth access tokens register here). */
export type ActorResolver = (db: Kysely<DB>, bearer: string, now: Date) => Promise<Actor | null>;

export function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export const personalTokenResolver: ActorResolver = async (db, bearer, now) => findActorByTokenHash(db, sha256(bearer), now.toISOString());

/** Personal tokens through the in-memory cache of authenticated tokens (actor-cache.ts says when it is valid). */
export function cachedPersonalTokenResolver(cache: ActorCache): ActorResolver {
  return async (db, bearer, now) => {
    const hash = sha256(bearer);
    const cached = cache.get(hash, now.getTime());
    if (cached) return cached;
    const generation = cache.begin();
    const holder = await findTokenHolder(db, hash, now.toISOString());
    if (holder === null) return null;
    cache.set(hash, holder.actor, holder.expiresAt, generation);
    return holder.actor;
  };
}

/** The request's actor, or an `unauthorized` error that says what was wrong. */
export async function authenticate(db: Kysely<DB>, request: FastifyRequest, resolvers: readonly ActorResolver[], now: Date): Promise<Actor> {
  const bearer = bearerOf(request);
  if (bearer === null) {
    throw new DomainError('unauthorized', request.headers.authorization === undefined
      ? 'authorization: send a token as "Authorization: Bearer <token>"'
      : 'authorization: expected "Bearer <token>"', { field: 'authorization' });
  }
  for (const resolve of resolvers) {
    const actor = await resolve(db, bearer, now);
    if (actor) return actor;
  }
  throw new DomainError('unauthorized', 'authorization: the token is not valid (unknown, revoked or expired)', { field: 'authorization' });
}
