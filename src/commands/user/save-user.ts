/** Creating users and setting their roles (administrators only), and the first administrator. */
import { conflict, invalid, notFound } from '../../core/errors.js';
import { authorize, isProjectRole, type Scope } from '../../core/permissions.js';
import type { User } from '../../core/user/types.js';
import { countUsers, findUser, findUserByEmail, insertUser, setAdmin, setRole, setUserName } from '../../store/repos/users.js';
import { findProject } from '../../store/repos/projects.js';
import { bumpVersion, type Db } from '../../store/repos/common.js';
import { inTransaction, type CommandContext, type SystemContext } from '../context.js';
import { insertTokenFor, type IssuedToken } from './issue-token.js';

export interface UserInput {
  readonly email?: string;
  readonly name?: string;
  readonly isAdmin?: boolean;
  readonly roles?: readonly { readonly projectId: number; readonly role: string | null }[];
  readonly expectedVersion?: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

async function applyRoles(db: Db, userId: number, roles: UserInput['roles'], at: string): Promise<void> {
  for (const [i, r] of (roles ?? []).entries()) {
    if (r.role !== null && !isProjectRole(r.role)) throw invalid(`roles[${i}].role`, 'must be project_owner, editor or viewer (or null to remove)');
    if (!(await findProject(db, r.projectId))) throw invalid(`roles[${i}].project_id`, `project ${r.projectId} does not exist`);
    await setRole(db, userId, r.projectId, r.role, at);
  }
}

/** Inserts a user with roles in an open transaction. */
export async function insertUserWithRoles(db: Db, input: UserInput, at: string): Promise<number> {
  const email = input.email?.trim().toLowerCase() ?? '';
  if (!EMAIL.test(email)) throw invalid('email', 'must be an email address');
  if (await findUserByEmail(db, email)) throw conflict(`email: a user ${email} already exists`, 'email');
  const id = await insertUser(db, { email, name: input.name ?? email, isAdmin: input.isAdmin ?? false, at });
  await applyRoles(db, id, input.roles, at);
  return id;
}

export async function createUser(ctx: CommandContext, input: UserInput): Promise<User> {
  authorize(ctx.actor, 'admin:users');
  return inTransaction(ctx, async (tx) => (await findUser(tx.db, await insertUserWithRoles(tx.db, input, tx.at))) as User);
}

export async function updateUser(ctx: CommandContext, userId: number, input: UserInput): Promise<User> {
  authorize(ctx.actor, 'admin:users');
  const user = await inTransaction(ctx, async (tx) => {
    if (!(await findUser(tx.db, userId))) throw notFound('user', userId);
    await bumpVersion(tx.db, 'users', userId, input.expectedVersion, 'user', tx.at);
    if (input.name !== undefined) await setUserName(tx.db, userId, input.name);
    if (input.isAdmin !== undefined) await setAdmin(tx.db, userId, input.isAdmin);
    await applyRoles(tx.db, userId, input.roles, tx.at);
    return (await findUser(tx.db, userId)) as User;
  });
  // Their tokens now carry other roles: cached authentications must be read again.
  await ctx.credentialsChanged?.();
  return user;
}

export async function getUser(ctx: CommandContext, userId: number): Promise<User> {
  if (userId !== ctx.actor.userId) authorize(ctx.actor, 'admin:users');
  const user = await findUser(ctx.db, userId);
  if (!user) throw notFound('user', userId);
  return user;
}

/**
 * On an empty database: creates the first administrator and a token for them (the given secret,
 * or a new one). Returns null when users exist already.
 */
export async function bootstrapAdministrator(ctx: SystemContext, secret: string | null): Promise<IssuedToken | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(ctx, async (tx) => {
        if ((await countUsers(tx.db)) > 0) return null;
        const id = await insertUserWithRoles(tx.db, { email: 'admin@fieldtest.local', name: 'Administrator', isAdmin: true }, tx.at);
        return insertTokenFor(tx.db, id, { name: 'bootstrap', scopes: null, expiresAt: null, ...(secret ? { secret } : {}) }, tx.at);
      });
    } catch (error) {
      // Several processes started at once on the same empty database and another one won — or
      // is winning: SQLite reports the lock conflict before the winner has committed, so retry.
      if ((await countUsers(ctx.db)) > 0) return null;
      if (attempt >= 3) throw error;
    }
  }
}

/** The CLI's `token create`: finds or creates the user, sets the role, issues a token. */
export async function issueTokenForEmail(
  ctx: SystemContext,
  input: { email: string; role: string; projectId?: number; scopes: Scope[] | null; name?: string },
): Promise<IssuedToken> {
  if (input.role !== 'administrator' && !isProjectRole(input.role)) throw invalid('role', 'must be administrator, project_owner, editor or viewer');
  if (input.role !== 'administrator' && input.projectId === undefined) throw invalid('project', `the ${input.role} role is per project: pass --project ID`);
  const issued = await inTransaction(ctx, async (tx) => {
    const existing = await findUserByEmail(tx.db, input.email);
    const userId = existing?.id ?? (await insertUserWithRoles(tx.db, { email: input.email }, tx.at));
    if (input.role === 'administrator') await setAdmin(tx.db, userId, true);
    else await applyRoles(tx.db, userId, [{ projectId: input.projectId as number, role: input.role }], tx.at);
    return insertTokenFor(tx.db, userId, { name: input.name ?? 'cli', scopes: input.scopes, expiresAt: null }, tx.at);
  });
  // An existing user may have gained a role: their cached authentications must be read again.
  await ctx.credentialsChanged?.();
  return issued;
}
