/**
 * The OpenAPI document, generated from the route schemas (never a hand-kept copy), served as
 * /v2/swagger.json like Optimizely's, and rendered for people at /docs.
 */
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

export async function registerOpenApi(app: FastifyInstance, publicUrl: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Fieldtest API',
        version: '1.0.0',
        description: 'Feature flags, experiments, events and results behind the Optimizely, Ours Privacy and PostHog API dialects.',
      },
      servers: [{ url: publicUrl }],
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'Personal token or OAuth 2.0 access token.' } } },
      security: [{ bearerAuth: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { url: '/v2/swagger.json' } });
  app.get('/v2/swagger.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
}
