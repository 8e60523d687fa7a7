/** The read side of authentication: who holds a token, with their roles. */
import type { ProjectRole, Scope } from '../../core/permissions.js';
import type { Actor } from '../../core/permissions.js';
import type { Db } from '../repos/common.js';
import { parseJson } from '../repos/common.js';

/** A live token's holder, and until when the token is valid (null: no expiry). */
export interface TokenHolder {
  readonly actor: Actor;
  readonly expiresAt: string | null;
}

/** The holder of a live token (not revoked, not expired at `now`), or null: one query, with their roles. */
export async function findTokenHolder(db: Db, hash: string, now: string): Promise<TokenHolder | null> {
  const rows = await db
    .selectFrom('tokens')
    .innerJoin('users', 'users.id', 'tokens.user_id')
    .leftJoin('project_members', 'project_members.user_id', 'users.id')
    .select(['tokens.id as token_id', 'tokens.scopes', 'tokens.expires_at', 'tokens.revoked_at', 'users.id as user_id', 'users.email', 'users.is_admin', 'project_members.project_id', 'project_members.role'])
    .where('tokens.token_hash', '=', hash)
    .execute();
  const row = rows[0];
  if (!row || row.revoked_at !== null) return null;
  if (row.expires_at !== null && row.expires_at <= now) return null;
  const scopes = parseJson<Scope[] | null>(row.scopes, null);
  const projectRoles = new Map<number, ProjectRole>();
  for (const r of rows) if (r.project_id !== null && r.role !== null) projectRoles.set(r.project_id, r.role as ProjectRole);
  return {
    actor: {
      userId: row.user_id,
      email: row.email,
      isAdmin: row.is_admin === 1,
      projectRoles,
      scopes: scopes === null ? null : new Set(scopes),
      tokenId: row.token_id,
    },
    expiresAt: row.expires_at,
  };
}

/** The actor behind a live token (not revoked, not expired), or null. */
export async function findActorByTokenHash(db: Db, hash: string, now: string): Promise<Actor | null> {
  return (await findTokenHolder(db, hash, now))?.actor ?? null;
}
