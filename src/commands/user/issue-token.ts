/** Issuing and revoking personal tokens. */
import { forbidden, invalid, notFound } from '../../core/errors.js';
import { authorize, isScope, type Scope } from '../../core/permissions.js';
import type { Token } from '../../core/user/types.js';
import { findToken, findUser, insertToken, revokeToken, rowToToken } from '../../store/repos/users.js';
import type { Db } from '../../store/repos/common.js';
import { inTransaction, type CommandContext } from '../context.js';
import { displayPrefix, hashToken, newTokenSecret } from './token-secret.js';

export interface TokenInput {
  readonly name?: string;
  readonly scopes?: readonly string[] | null;
  readonly expiresAt?: string | null;
  /** Issue for another user (administrators only). */
  readonly userId?: number;
}

/** The stored token and its secret, which is shown this once and never again. */
export interface IssuedToken {
  readonly token: Token;
  readonly secret: string;
}

export function parseScopes(scopes: readonly string[] | null | undefined, field = 'scopes'): Scope[] | null {
  if (scopes === null || scopes === undefined) return null;
  const bad = scopes.find((s) => !isScope(s));
  if (bad !== undefined) throw invalid(field, `unknown scope ${JSON.stringify(bad)}`);
  return scopes.includes('*') ? null : [...new Set(scopes as Scope[])];
}

/** Inserts a token inside an open transaction (also used by the CLI and the first start). */
export async function insertTokenFor(db: Db, userId: number, input: { name: string; scopes: Scope[] | null; expiresAt: string | null; secret?: string; kind?: string }, at: string): Promise<IssuedToken> {
  const secret = input.secret ?? newTokenSecret();
  const token = await insertToken(db, { userId, name: input.name, hash: hashToken(secret), prefix: displayPrefix(secret), scopes: input.scopes, kind: input.kind ?? 'personal', at, expiresAt: input.expiresAt });
  return { token, secret };
}

export async function createToken(ctx: CommandContext, input: TokenInput): Promise<IssuedToken> {
  const userId = input.userId ?? ctx.actor.userId;
  authorize(ctx.actor, userId === ctx.actor.userId ? 'self:tokens' : 'admin:users');
  // A personal token would outlive the app's grant: revoking the consent must end the app's access.
  if (ctx.actor.viaOAuth) throw forbidden('an OAuth access token cannot create personal tokens', 'personal token');
  const scopes = parseScopes(input.scopes);
  // A token can only narrow what the token that creates it may do.
  if (ctx.actor.scopes !== null && userId === ctx.actor.userId) {
    const wider = scopes === null ? ['*'] : scopes.filter((s) => !ctx.actor.scopes?.has(s));
    if (wider.length) throw forbidden(`a token with scopes ${[...ctx.actor.scopes].join(',')} cannot create one with ${wider.join(',')}`, wider[0]);
  }
  if (input.expiresAt != null && Number.isNaN(Date.parse(input.expiresAt))) throw invalid('expires_at', 'must be an ISO-8601 date-time');
  return inTransaction(ctx, async (tx) => {
    if (!(await findUser(tx.db, userId))) throw notFound('user', userId);
    return insertTokenFor(tx.db, userId, { name: input.name ?? 'personal token', scopes, expiresAt: input.expiresAt ?? null }, tx.at);
  });
}

export async function revokeTokenById(ctx: CommandContext, tokenId: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const token = await findToken(tx.db, tokenId);
    if (!token) throw notFound('token', tokenId);
    authorize(ctx.actor, token.userId === ctx.actor.userId ? 'self:tokens' : 'admin:users');
    await revokeToken(tx.db, tokenId, tx.at);
  });
  await ctx.credentialsChanged?.();
}

export async function listTokens(ctx: CommandContext, userId?: number): Promise<Token[]> {
  const owner = userId ?? ctx.actor.userId;
  authorize(ctx.actor, owner === ctx.actor.userId ? 'self:tokens' : 'admin:users');
  const rows = await ctx.db.selectFrom('tokens').selectAll().where('user_id', '=', owner).orderBy('id').execute();
  return rows.map(rowToToken);
}
