/**
 * The SDK endpoints: datafiles and OFREP, with CORS for browser SDKs (their datafile GET carries
 * `If-Modified-Since` and maybe `Authorization`, their OFREP POST is JSON: both are preflighted).
 * Registered outside the management dialects: no per-token rate limit, SDK keys instead of
 * personal tokens.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DatafileCache } from './datafile-cache.js';
import { datafileRoutes } from './datafile-routes.js';
import { ofrepRoutes } from './ofrep-routes.js';
import type { VisitorCohorts } from './visitor-cohorts.js';

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'etag, last-modified',
};
const PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, if-modified-since, if-none-match, authorization, x-api-key',
  'access-control-max-age': '86400',
};

function preflight(_request: unknown, reply: FastifyReply): FastifyReply {
  return reply.code(204).headers(PREFLIGHT_HEADERS).send();
}

/** `exposuresCommitted` runs after OFREP exposures commit (the aggregator folds them at once). */
export function sdkEndpoints(cache: DatafileCache, cohorts: VisitorCohorts, exposuresCommitted: () => void = () => undefined) {
  return async function register(app: FastifyInstance): Promise<void> {
    // A callback hook, not an async one: no promise per request on the SDK hot paths.
    app.addHook('onRequest', (_request, reply, done) => {
      void reply.headers(CORS_HEADERS);
      done();
    });
    const hidden = { schema: { hide: true }, config: { public: true }, logLevel: 'warn' as const };
    for (const path of ['/datafiles/*', '/ofrep/*']) app.options(path, hidden, preflight);
    await app.register(datafileRoutes(cache));
    await app.register(ofrepRoutes(cache, cohorts, exposuresCommitted));
  };
}
