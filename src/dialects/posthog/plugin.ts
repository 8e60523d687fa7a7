/**
 * The PostHog dialect: /api/projects/{project_id}/… An encapsulated Fastify plugin (STYLE.md 8)
 * with its own error and not-found handlers, so `{type, code, detail, attr}` comes from one
 * small function, and the shared guard for rate limits, authentication and token scopes.
 */
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../core/errors.js';
import { guard } from '../../http/guard.js';
import { renderError } from './errors.js';
import { cohortRoutes } from './routes/cohorts.js';
import { experimentRoutes } from './routes/experiments.js';
import { holdoutRoutes } from './routes/holdouts.js';
import { resultRoutes } from './routes/results.js';
import { savedMetricRoutes } from './routes/saved-metrics.js';

/** Extra route modules other parts of the product add under /api/projects/{project_id}. */
export type PostHogExtension = (app: FastifyInstance) => Promise<void>;

export async function posthogDialect(app: FastifyInstance, options: { extensions?: readonly PostHogExtension[] } = {}): Promise<void> {
  await app.register(
    async (scope) => {
      scope.setErrorHandler((error, request, reply) => renderError(request, reply, error));
      scope.setNotFoundHandler((request, reply) =>
        renderError(request, reply, new DomainError('not_found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`)),
      );
      scope.addHook('onRequest', guard);
      await scope.register(experimentRoutes);
      await scope.register(savedMetricRoutes);
      await scope.register(holdoutRoutes);
      await scope.register(cohortRoutes);
      await scope.register(resultRoutes);
      for (const extension of options.extensions ?? []) await scope.register(extension);
    },
    { prefix: '/api/projects/:project_id' },
  );
}
