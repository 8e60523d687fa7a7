/** Sign-in sessions of the consent page, stored by the SHA-256 hash of the cookie's secret. */
import type { Db } from './common.js';

export async function insertSession(db: Db, session: { hash: string; userId: number; expiresAt: string; at: string }): Promise<void> {
  await db.insertInto('oauth_sessions').values({ session_hash: session.hash, user_id: session.userId, expires_at: session.expiresAt, created_at: session.at }).execute();
}

/** The signed-in user's id and email, for a live session. */
export async function findSessionUser(db: Db, hash: string, now: string): Promise<{ userId: number; email: string } | null> {
  const row = await db
    .selectFrom('oauth_sessions')
    .innerJoin('users', 'users.id', 'oauth_sessions.user_id')
    .select(['users.id', 'users.email', 'oauth_sessions.expires_at'])
    .where('oauth_sessions.session_hash', '=', hash)
    .executeTakeFirst();
  if (!row || row.expires_at <= now) return null;
  return { userId: row.id, email: row.email };
}
