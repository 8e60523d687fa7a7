/**
 * The OAuth 2.0 authorization server's endpoints (/oauth/*, /.well-known/oauth-authorization-
 * server): an encapsulated plugin like the API dialects, with RFC 6749's error shape, form bodies
 * and cookies in its own scope only, and the shared per-client rate limits (docs/oauth.md).
 */
import type { FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import { DomainError } from '../../core/errors.js';
import { guard } from '../../http/guard.js';
import { renderOAuthError } from './errors.js';
import { authorizeRoutes } from './routes/authorize.js';
import { metadataRoutes } from './routes/metadata.js';
import { tokenRoutes } from './routes/token.js';

export async function oauthEndpoints(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(formbody);
    await scope.register(cookie);
    scope.setErrorHandler((error, request, reply) => renderOAuthError(request, reply, error));
    scope.setNotFoundHandler((request, reply) => renderOAuthError(request, reply, new DomainError('not_found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`)));
    scope.addHook('onRequest', guard);
    await scope.register(authorizeRoutes);
    await scope.register(tokenRoutes);
    await scope.register(metadataRoutes);
  });
}
