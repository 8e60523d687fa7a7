/**
 * The Optimizely dialect: /v2 and /flags/v1. An encapsulated Fastify plugin with its own error
 * and not-found handlers (STYLE.md 8), so `{code, message, uuid}` comes from one small function.
 */
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../core/errors.js';
import { guard } from '../../http/guard.js';
import { renderError } from './errors.js';
import { experimentRoutes } from './routes/experiments.js';
import { flagRoutes } from './routes/flags.js';
import { groupRoutes, holdoutRoutes } from './routes/groups.js';
import { oauthRoutes } from './routes/oauth.js';
import { projectRoutes } from './routes/projects.js';
import { resultRoutes } from './routes/results.js';
import { targetingRoutes } from './routes/targeting.js';
import { userRoutes } from './routes/users.js';

/** Extra route modules other parts of the product add under /v2 (results, groups, holdouts…). */
export type V2Extension = (app: FastifyInstance) => Promise<void>;

function scope(register: (app: FastifyInstance) => Promise<void>) {
  return async (app: FastifyInstance): Promise<void> => {
    app.setErrorHandler((error, request, reply) => renderError(request, reply, error));
    app.setNotFoundHandler((request, reply) =>
      renderError(request, reply, new DomainError('not_found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`)),
    );
    app.addHook('onRequest', guard);
    await register(app);
  };
}

export async function optimizelyDialect(app: FastifyInstance, options: { extensions?: readonly V2Extension[] } = {}): Promise<void> {
  await app.register(
    scope(async (v2) => {
      await v2.register(projectRoutes);
      await v2.register(experimentRoutes);
      await v2.register(resultRoutes);
      await v2.register(targetingRoutes);
      await v2.register(userRoutes);
      await v2.register(groupRoutes);
      await v2.register(holdoutRoutes);
      await v2.register(oauthRoutes);
      await v2.register(flagRoutes({ hide: true }));
      for (const extension of options.extensions ?? []) await v2.register(extension);
    }),
    { prefix: '/v2' },
  );
  await app.register(scope(async (flags) => flags.register(flagRoutes({ hide: false }))), { prefix: '/flags/v1' });
}
