/** /v2/tokens (your personal tokens) and /v2/users (administrators). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { createToken, listTokens, revokeTokenById } from '../../../commands/user/issue-token.js';
import { createUser, getUser, updateUser } from '../../../commands/user/save-user.js';
import type { Token as CoreToken, User as CoreUser } from '../../../core/user/types.js';
import { commandContext, expectedVersion } from '../../shared/command-context.js';
import { errorResponses, Id } from '../schemas/common.js';
import { Token, TokenInput, User, UserInput } from '../schemas/users.js';

const tokenOut = (t: CoreToken, secret?: string) => ({
  id: t.id, user_id: t.userId, name: t.name, prefix: t.prefix, scopes: t.scopes === null ? ['*' as const] : [...t.scopes],
  ...(secret ? { token: secret } : {}), created: t.createdAt, last_used: t.lastUsedAt, expires: t.expiresAt, revoked: t.revokedAt,
});

const userOut = (u: CoreUser) => ({
  id: u.id, email: u.email, name: u.name, role: u.isAdmin ? ('administrator' as const) : ('member' as const),
  project_roles: u.roles.map((r) => ({ project_id: r.projectId, role: r.role })), version: u.version, created: u.createdAt, last_modified: u.updatedAt,
});

const rolesIn = (roles: { project_id: number; role: string | null }[] | undefined) => roles?.map((r) => ({ projectId: r.project_id, role: r.role }));

export async function userRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Tokens'];

  r.get('/tokens', { schema: { operationId: 'listTokens', tags, querystring: Type.Object({ user_id: Type.Optional(Id) }), response: { 200: Type.Array(Token), ...errorResponses } }, config: { permission: 'self:tokens' } }, async (request) => {
    return (await listTokens(commandContext(request), request.query.user_id)).map((t) => tokenOut(t));
  });
  r.post('/tokens', { schema: { operationId: 'createToken', tags, body: TokenInput, response: { 201: Token, ...errorResponses } }, config: { permission: 'self:tokens' } }, async (request, reply) => {
    const b = request.body;
    const issued = await createToken(commandContext(request), { name: b.name, scopes: b.scopes, expiresAt: b.expires, userId: b.user_id });
    return reply.code(201).send(tokenOut(issued.token, issued.secret));
  });
  r.delete('/tokens/:token_id', { schema: { operationId: 'revokeToken', tags, params: Type.Object({ token_id: Id }), response: { 204: Type.Null(), ...errorResponses } }, config: { permission: 'self:tokens' } }, async (request, reply) => {
    await revokeTokenById(commandContext(request), request.params.token_id);
    return reply.code(204).send(null);
  });

  const ut = ['Users'];
  r.get('/users/me', { schema: { operationId: 'getCurrentUser', tags: ut, response: { 200: User, ...errorResponses } }, config: { permission: 'self:tokens' } }, async (request) => {
    const ctx = commandContext(request);
    return userOut(await getUser(ctx, ctx.actor.userId));
  });
  r.post('/users', { schema: { operationId: 'createUser', tags: ut, body: UserInput, response: { 201: User, ...errorResponses } }, config: { permission: 'admin:users' } }, async (request, reply) => {
    const b = request.body;
    const user = await createUser(commandContext(request), { email: b.email, name: b.name, isAdmin: b.administrator, roles: rolesIn(b.project_roles) });
    return reply.code(201).send(userOut(user));
  });
  r.get('/users/:user_id', { schema: { operationId: 'getUser', tags: ut, params: Type.Object({ user_id: Id }), response: { 200: User, ...errorResponses } }, config: { permission: 'self:tokens' } }, async (request) => {
    return userOut(await getUser(commandContext(request), request.params.user_id));
  });
  r.patch('/users/:user_id', { schema: { operationId: 'updateUser', tags: ut, params: Type.Object({ user_id: Id }), body: UserInput, response: { 200: User, ...errorResponses } }, config: { permission: 'admin:users' } }, async (request) => {
    const b = request.body;
    return userOut(await updateUser(commandContext(request), request.params.user_id, { name: b.name, isAdmin: b.administrator, roles: rolesIn(b.project_roles), expectedVersion: expectedVersion(request, b.version) }));
  });
}
