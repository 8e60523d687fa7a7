/** Authorization server metadata (RFC 8414), so apps can discover the endpoints. */
import type { FastifyInstance } from 'fastify';
import { oauthScopes } from '../../../core/oauth/scopes.js';

export async function metadataRoutes(app: FastifyInstance): Promise<void> {
  app.get('/.well-known/oauth-authorization-server', { schema: { hide: true }, config: { public: true } }, async (request) => {
    const issuer = request.server.fieldtest.config.publicUrl;
    return {
      issuer,
      authorization_endpoint: `${issuer}/oauth/authorize`,
      token_endpoint: `${issuer}/oauth/token`,
      revocation_endpoint: `${issuer}/oauth/revoke`,
      scopes_supported: [...oauthScopes],
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      code_challenge_methods_supported: ['S256'],
      service_documentation: 'https://github.com/fieldtest/fieldtest/blob/main/docs/oauth.md',
    };
  });
}
