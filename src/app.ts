/**
 * The composition root (STYLE.md 13): builds the server with its storage, limits, every API
 * dialect and the SDK endpoints. `cli.ts serve` listens on it; tests start it the same way.
 */
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { buildServer } from './http/server.js';
import { registerOpenApi } from './http/openapi.js';
import { FailOpenRateLimitStore, MemoryRateLimitStore, RedisRateLimitStore, type RateLimitStore } from './http/rate-limit.js';
import { openCredentialChannel, outsideCredentialChanges } from './http/credential-changes.js';
import { optimizelyDialect } from './dialects/optimizely/plugin.js';
import { oursDialect } from './dialects/ours/plugin.js';
import { webSnippetRoutes } from './sdk/web-routes.js';
import { posthogDialect } from './dialects/posthog/plugin.js';
import { oauthEndpoints } from './dialects/oauth/plugin.js';
import { oauthAccessTokenResolver } from './http/oauth-resolver.js';
import type { Store } from './store/db.js';
import { loadDatafileSource } from './store/read/datafile-inputs.js';
import { DatafileCache, type DatafileChange } from './sdk/datafile-cache.js';
import { VisitorCohorts } from './sdk/visitor-cohorts.js';
import { cohortsOfVisitor } from './store/read/cohorts.js';
import { connectInvalidationBus, type InvalidationBus } from './sdk/invalidation-bus.js';
import { sdkEndpoints } from './sdk/plugin.js';
import { eventEndpoints } from './sdk/event-routes.js';
import { Aggregator } from './events/aggregator.js';
import { EventDefinitionsCache } from './sdk/event-definitions-cache.js';

export interface AppOptions {
  readonly config: Config;
  readonly store: Store;
  readonly logger: Logger | false;
  readonly clock?: () => Date;
}

export interface App {
  readonly server: FastifyInstance;
  /** The datafiles this process serves (built once per revision). */
  readonly datafiles: DatafileCache;
  /** Folds ingested events into the results aggregates. */
  readonly aggregator: Aggregator;
  close(): Promise<void>;
}

function rateLimitStore(config: Config, warn: (error: unknown) => void): RateLimitStore {
  if (config.redisUrl === null) return new MemoryRateLimitStore();
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableAutoPipelining: true });
  // Connection errors are reported by the counting itself (once a minute), not per retry.
  redis.on('error', () => undefined);
  return new FailOpenRateLimitStore(new RedisRateLimitStore(redis), new MemoryRateLimitStore(), warn);
}

export async function buildApp(options: AppOptions): Promise<App> {
  const { config, store } = options;
  const rateLimits = rateLimitStore(config, (error) => server.log.warn({ err: error }, 'rate limits: Redis is unavailable, counting in this process meanwhile (fail open)'));
  // Other processes' token, user and role changes empty this process's cache of authenticated tokens.
  const credentials = config.redisUrl === null ? null : openCredentialChannel(config.redisUrl, () => server.fieldtest.actorCache.clear(), (error) => server.log.warn({ err: error }, 'credential change channel (Redis) unavailable: tokens are not cached meanwhile'));
  const server = buildServer({
    logger: options.logger,
    services: { db: store.db, engine: store.engine, clock: options.clock ?? (() => new Date()), config, rateLimits },
    outsideCredentialChanges: outsideCredentialChanges(store.writtenElsewhere, credentials),
  });
  server.fieldtest.credentialListeners.push(async () => {
    await credentials?.publish({}).catch((error: unknown) => server.log.warn({ err: error }, 'could not announce a credential change on Redis'));
  });
  // OAuth access tokens are accepted wherever personal tokens are (docs/oauth.md).
  server.fieldtest.actorResolvers.unshift(oauthAccessTokenResolver);
  await registerOpenApi(server, config.publicUrl);
  server.get('/health', { schema: { hide: true }, config: { public: true } }, async () => ({ status: 'ok' }));
  await server.register(optimizelyDialect);

  // Datafiles are rebuilt when a committed change alters them, here and — through Redis — in
  // every other server process.
  const datafiles = new DatafileCache((sdkKey) => loadDatafileSource(store.db, sdkKey));
  // Cohort memberships OFREP evaluates `cohort` leaves with, dropped on any change of their project.
  const cohorts = new VisitorCohorts((projectId, visitorId) => cohortsOfVisitor(store.db, projectId, visitorId));
  // Event definitions ingestion resolves keys and ids with, dropped on any change of their project.
  const catalog = new EventDefinitionsCache(store.db);
  const invalidate = (change: DatafileChange) => {
    datafiles.invalidate(change);
    cohorts.invalidate(change.projectId);
    catalog.forget(change.projectId);
  };
  let bus: InvalidationBus | null = null;
  if (config.redisUrl !== null) {
    bus = await connectInvalidationBus(config.redisUrl, invalidate, (error) => server.log.error({ err: error }, 'datafile invalidation bus'), () => {
      datafiles.clear();
      cohorts.clear();
      catalog.clear();
    });
  }
  server.fieldtest.changeListeners.push((change) => {
    invalidate(change);
    bus?.publish(change);
  });
  const aggregator = new Aggregator(store.db, (error) => server.log.error({ err: error }, 'aggregating events'));
  await server.register(sdkEndpoints(datafiles, cohorts, () => aggregator.kick()));
  await server.register(eventEndpoints(aggregator, catalog));

  await server.register(oursDialect);
  await server.register(webSnippetRoutes);
  await server.register(posthogDialect);
  await server.register(oauthEndpoints);
  server.addHook('onClose', async () => {
    await aggregator.close();
    await rateLimits.close();
    await bus?.close();
    await credentials?.close();
  });
  await server.ready();
  // Events committed while no process was folding (a crash, a restart) are folded now.
  aggregator.kick();
  return { server, datafiles, aggregator, close: () => server.close() };
}
