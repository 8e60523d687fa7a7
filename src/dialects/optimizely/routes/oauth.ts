/** /v2/oauth/clients (administrators register apps) and /v2/oauth/grants (a user's consents). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { createClient, deleteClient, updateClient } from '../../../commands/oauth/save-client.js';
import { getClient, listClients } from '../../../commands/oauth/read-clients.js';
import { listGrants, revokeGrantById } from '../../../commands/oauth/grants.js';
import { commandContext, expectedVersion } from '../../shared/command-context.js';
import { errorResponses, Id } from '../schemas/common.js';
import { OAuthClient, OAuthClientInput, OAuthClientUpdate, OAuthGrant } from '../schemas/oauth.js';
import { clientOut, grantOut, serviceAccountIn } from '../map/oauth.js';
import { PageQuery, pageOf, setLinks } from '../pagination.js';

const ClientIdParam = Type.Object({ client_id: Type.String({ minLength: 1, maxLength: 100 }) });

export async function oauthRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['OAuth'];
  const admin = { permission: 'admin:oauth_clients' as const };

  r.get('/oauth/clients', { schema: { operationId: 'listOAuthClients', tags, querystring: Type.Object(PageQuery), response: { 200: Type.Array(OAuthClient), ...errorResponses } }, config: admin }, async (request, reply) => {
    const page = pageOf(request.query);
    const result = await listClients(commandContext(request), page);
    setLinks(request, reply, page, result.total);
    return result.items.map(clientOut);
  });
  r.post('/oauth/clients', { schema: { operationId: 'createOAuthClient', tags, body: OAuthClientInput, response: { 201: OAuthClient, ...errorResponses } }, config: admin }, async (request, reply) => {
    const b = request.body;
    const created = await createClient(commandContext(request), { name: b.name, redirectUris: b.redirect_uris, allowedScopes: b.allowed_scopes, confidential: b.confidential, serviceAccount: serviceAccountIn(b.service_account) });
    return reply.code(201).header('etag', `"${created.client.version}"`).send(clientOut(created));
  });
  r.get('/oauth/clients/:client_id', { schema: { operationId: 'getOAuthClient', tags, params: ClientIdParam, response: { 200: OAuthClient, ...errorResponses } }, config: admin }, async (request, reply) => {
    const found = await getClient(commandContext(request), request.params.client_id);
    return reply.header('etag', `"${found.client.version}"`).send(clientOut(found));
  });
  r.patch('/oauth/clients/:client_id', { schema: { operationId: 'updateOAuthClient', tags, params: ClientIdParam, body: OAuthClientUpdate, response: { 200: OAuthClient, ...errorResponses } }, config: admin }, async (request, reply) => {
    const b = request.body;
    const updated = await updateClient(commandContext(request), request.params.client_id, {
      name: b.name, redirectUris: b.redirect_uris, allowedScopes: b.allowed_scopes, confidential: b.confidential,
      serviceAccount: serviceAccountIn(b.service_account), rotateSecret: b.rotate_secret, expectedVersion: expectedVersion(request, b.version),
    });
    return reply.header('etag', `"${updated.client.version}"`).send(clientOut(updated));
  });
  r.delete('/oauth/clients/:client_id', { schema: { operationId: 'deleteOAuthClient', tags, params: ClientIdParam, response: { 204: Type.Null(), ...errorResponses } }, config: admin }, async (request, reply) => {
    await deleteClient(commandContext(request), request.params.client_id);
    return reply.code(204).send(null);
  });

  const own = { permission: 'self:oauth_grants' as const };
  r.get('/oauth/grants', { schema: { operationId: 'listOAuthGrants', tags, querystring: Type.Object({ ...PageQuery, user_id: Type.Optional(Id) }), response: { 200: Type.Array(OAuthGrant), ...errorResponses } }, config: own }, async (request, reply) => {
    const page = pageOf(request.query);
    const result = await listGrants(commandContext(request), page, request.query.user_id);
    setLinks(request, reply, page, result.total);
    return result.items.map(grantOut);
  });
  r.delete('/oauth/grants/:grant_id', { schema: { operationId: 'revokeOAuthGrant', tags, params: Type.Object({ grant_id: Id }), response: { 204: Type.Null(), ...errorResponses } }, config: own }, async (request, reply) => {
    await revokeGrantById(commandContext(request), request.params.grant_id);
    return reply.code(204).send(null);
  });
}
