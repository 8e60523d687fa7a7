/** The token endpoint (RFC 6749 §3.2, §5) and the revocation endpoint (RFC 7009). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { exchangeToken, type ProtocolResponse } from '../../../commands/oauth/protocol.js';
import { revokeToken } from '../../../commands/oauth/revoke-token.js';
import { oauthContext, protocolRequest } from '../request-data.js';

function send(request: FastifyRequest, reply: FastifyReply, response: ProtocolResponse): FastifyReply {
  if (response.failure !== undefined) request.log.error({ err: response.failure }, 'oauth endpoint failed');
  if (response.status >= 400) request.errorMessage = String(response.body.error_description ?? response.body.error);
  for (const [name, value] of Object.entries(response.headers)) void reply.header(name, value);
  // RFC 6749 §5.1: responses with tokens (and, here, all of them) must not be cached.
  void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
  return reply.code(response.status).type('application/json').send(response.body);
}

export async function tokenRoutes(app: FastifyInstance): Promise<void> {
  const config = { public: true };
  app.post('/oauth/token', { schema: { hide: true }, config }, async (request, reply) =>
    send(request, reply, await exchangeToken(oauthContext(request), protocolRequest(request))),
  );
  app.post('/oauth/revoke', { schema: { hide: true }, config }, async (request, reply) =>
    send(request, reply, await revokeToken(oauthContext(request), protocolRequest(request))),
  );
}
