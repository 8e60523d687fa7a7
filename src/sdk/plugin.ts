/**
 * The SDK endpoints: datafiles and OFREP, with CORS for browser SDKs (cors.ts). Registered
 * outside the management dialects: no per-token rate limit, SDK keys instead of personal
 * tokens, and a request line only for failures (`logLevel: 'warn'`: SDKs poll).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DatafileCache } from './datafile-cache.js';
import { datafileRoutes } from './datafile-routes.js';
import { ofrepRoutes } from './ofrep-routes.js';
import { SDK_CORS, SDK_PREFLIGHT } from './cors.js';
import type { VisitorCohorts } from './visitor-cohorts.js';

function preflight(_request: unknown, reply: FastifyReply): FastifyReply {
  return reply.code(204).headers(SDK_PREFLIGHT).send();
}

/** `exposuresCommitted` runs after OFREP exposures commit (the aggregator folds them at once). */
export function sdkEndpoints(cache: DatafileCache, cohorts: VisitorCohorts, exposuresCommitted: () => void = () => undefined) {
  return async function register(app: FastifyInstance): Promise<void> {
    const hidden = { schema: { hide: true }, config: { public: true }, logLevel: 'warn' as const };
    for (const path of ['/datafiles/*', '/ofrep/*']) app.options(path, hidden, preflight);
    // Datafile answers carry their CORS headers themselves (built once per revision).
    await app.register(datafileRoutes(cache));
    await app.register(async (ofrep) => {
      // A callback hook, not an async one: no promise per request on the SDK hot paths.
      ofrep.addHook('onRequest', (_request, reply, done) => {
        void reply.headers(SDK_CORS);
        done();
      });
      await ofrep.register(ofrepRoutes(cache, cohorts, exposuresCommitted));
    });
  };
}
