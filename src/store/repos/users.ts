/** Users, project memberships and personal tokens. */
import type { ProjectRole, Scope } from '../../core/permissions.js';
import type { Token, User } from '../../core/user/types.js';
import type { TokenRow, UserRow } from '../schema.js';
import { parseJson, toBool, type Db } from './common.js';

export async function loadRoles(db: Db, userIds: readonly number[]): Promise<Map<number, { projectId: number; role: ProjectRole }[]>> {
  const out = new Map<number, { projectId: number; role: ProjectRole }[]>();
  if (userIds.length === 0) return out;
  const rows = await db.selectFrom('project_members').selectAll().where('user_id', 'in', userIds).orderBy('project_id').execute();
  for (const row of rows) {
    const list = out.get(row.user_id) ?? [];
    list.push({ projectId: row.project_id, role: row.role as ProjectRole });
    out.set(row.user_id, list);
  }
  return out;
}

export function rowToUser(row: UserRow, roles: readonly { projectId: number; role: ProjectRole }[]): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isAdmin: toBool(row.is_admin),
    roles,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findUser(db: Db, id: number): Promise<User | null> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return rowToUser(row, (await loadRoles(db, [id])).get(id) ?? []);
}

export async function findUserByEmail(db: Db, email: string): Promise<User | null> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  if (!row) return null;
  return rowToUser(row, (await loadRoles(db, [row.id])).get(row.id) ?? []);
}

export async function insertUser(db: Db, user: { email: string; name: string; isAdmin: boolean; at: string }): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({ email: user.email.toLowerCase(), name: user.name, is_admin: user.isAdmin ? 1 : 0, password_hash: null, created_at: user.at, updated_at: user.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function setAdmin(db: Db, userId: number, isAdmin: boolean): Promise<void> {
  await db.updateTable('users').set({ is_admin: isAdmin ? 1 : 0 }).where('id', '=', userId).execute();
}

export async function setUserName(db: Db, userId: number, name: string): Promise<void> {
  await db.updateTable('users').set({ name }).where('id', '=', userId).execute();
}

/** Replaces the user's roles in the given projects (a null role removes the membership). */
export async function setRole(db: Db, userId: number, projectId: number, role: ProjectRole | null, at: string): Promise<void> {
  await db.deleteFrom('project_members').where('user_id', '=', userId).where('project_id', '=', projectId).execute();
  if (role !== null) {
    await db.insertInto('project_members').values({ user_id: userId, project_id: projectId, role, created_at: at }).execute();
  }
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function rowToToken(row: TokenRow): Token {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    prefix: row.token_prefix,
    scopes: parseJson<Scope[] | null>(row.scopes, null),
    kind: row.kind,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

export async function insertToken(
  db: Db,
  token: { userId: number; name: string; hash: string; prefix: string; scopes: readonly Scope[] | null; kind: string; at: string; expiresAt: string | null },
): Promise<Token> {
  const row = await db
    .insertInto('tokens')
    .values({
      user_id: token.userId,
      name: token.name,
      token_hash: token.hash,
      token_prefix: token.prefix,
      scopes: token.scopes === null ? null : JSON.stringify(token.scopes),
      kind: token.kind,
      created_at: token.at,
      last_used_at: null,
      expires_at: token.expiresAt,
      revoked_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return rowToToken(row);
}

export async function findToken(db: Db, id: number): Promise<Token | null> {
  const row = await db.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToToken(row) : null;
}

export async function revokeToken(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}
