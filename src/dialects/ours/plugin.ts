/**
 * The Ours Privacy dialect under /rest/v1: experiment settings, web experiments, their variants,
 * lifecycle actions and results. An encapsulated Fastify plugin with its own error and not-found
 * handlers (STYLE.md 8), so `{error, details}` comes from one small function.
 */
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../core/errors.js';
import { guard } from '../../http/guard.js';
import { renderError } from './errors.js';
import { experimentRoutes } from './routes/experiments.js';
import { lifecycleRoutes } from './routes/lifecycle.js';
import { resultRoutes } from './routes/results.js';
import { settingsRoutes } from './routes/settings.js';
import { variantRoutes } from './routes/variants.js';

export async function oursDialect(app: FastifyInstance): Promise<void> {
  await app.register(
    async (v1) => {
      v1.setErrorHandler((error, request, reply) => renderError(request, reply, error));
      v1.setNotFoundHandler((request, reply) =>
        renderError(request, reply, new DomainError('not_found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`)),
      );
      v1.addHook('onRequest', guard);
      await v1.register(settingsRoutes);
      await v1.register(experimentRoutes);
      await v1.register(variantRoutes);
      await v1.register(lifecycleRoutes);
      await v1.register(resultRoutes);
    },
    { prefix: '/rest/v1' },
  );
}
