/**
 * Signing in to the consent page: the user's email and one of their personal tokens (there are
 * no passwords). A session lasts SESSION_SECONDS; its secret lives only in an HttpOnly cookie.
 */
import { findActorByTokenHash } from '../../store/read/actors.js';
import { findSessionUser, insertSession } from '../../store/repos/oauth-sessions.js';
import type { SystemContext } from '../context.js';
import { expiresAfter, SESSION_SECONDS } from './context.js';
import { newSecret, sha256 } from './secrets.js';

/** A new session's secret, or null when the email and token do not belong together. */
export async function signIn(ctx: SystemContext, email: string, personalToken: string): Promise<string | null> {
  const actor = await findActorByTokenHash(ctx.db, sha256(personalToken.trim()), ctx.clock().toISOString());
  if (!actor || actor.email !== email.trim().toLowerCase()) return null;
  const secret = newSecret('session');
  await insertSession(ctx.db, { hash: sha256(secret), userId: actor.userId, expiresAt: expiresAfter(ctx, SESSION_SECONDS), at: ctx.clock().toISOString() });
  return secret;
}

export async function sessionUser(ctx: SystemContext, secret: string | undefined): Promise<{ userId: number; email: string } | null> {
  if (!secret) return null;
  return findSessionUser(ctx.db, sha256(secret), ctx.clock().toISOString());
}
