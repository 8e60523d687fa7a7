/** The read side of authentication: who holds a token, with their roles. */
import type { ProjectRole, Scope } from '../../core/permissions.js';
import type { Actor } from '../../core/permissions.js';
import type { Db } from '../repos/common.js';
import { parseJson } from '../repos/common.js';

/** The actor behind a live token (not revoked, not expired), or null. */
export async function findActorByTokenHash(db: Db, hash: string, now: string): Promise<Actor | null> {
  const row = await db
    .selectFrom('tokens')
    .innerJoin('users', 'users.id', 'tokens.user_id')
    .select(['tokens.id as token_id', 'tokens.scopes', 'tokens.expires_at', 'tokens.revoked_at', 'users.id as user_id', 'users.email', 'users.is_admin'])
    .where('tokens.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row || row.revoked_at !== null) return null;
  if (row.expires_at !== null && row.expires_at <= now) return null;
  const members = await db.selectFrom('project_members').select(['project_id', 'role']).where('user_id', '=', row.user_id).execute();
  const scopes = parseJson<Scope[] | null>(row.scopes, null);
  return {
    userId: row.user_id,
    email: row.email,
    isAdmin: row.is_admin === 1,
    projectRoles: new Map(members.map((m) => [m.project_id, m.role as ProjectRole])),
    scopes: scopes === null ? null : new Set(scopes),
    tokenId: row.token_id,
  };
}
