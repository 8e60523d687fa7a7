/**
 * Builds the Fastify instance every API is registered on, without listening (STYLE.md 7):
 * request ids, one structured log line per request, strict validation, the shared services.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyContextConfig, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { DB } from '../store/schema.js';
import type { Engine } from '../store/db.js';
import type { Actor, Action } from '../core/permissions.js';
import type { ActorResolver } from './auth.js';
import { cachedPersonalTokenResolver } from './auth.js';
import { ActorCache, type OutsideChanges } from './actor-cache.js';
import type { RateLimitStore } from './rate-limit.js';
import { validatorCompiler } from './validation.js';
import { lazyChildLogger } from './request-logger.js';

/** A committed change, as commands publish it. */
export interface ChangeNotice {
  readonly projectId: number;
  readonly environmentIds?: readonly number[];
}

export interface Services {
  readonly db: Kysely<DB>;
  readonly engine: Engine;
  readonly clock: () => Date;
  readonly config: Pick<Config, 'publicUrl' | 'bodyLimit' | 'eventBodyLimit' | 'rateLimit' | 'oauth'>;
  readonly rateLimits: RateLimitStore;
  readonly actorResolvers: ActorResolver[];
  /** Listeners of committed changes (datafile caches, other processes). */
  readonly changeListeners: ((change: ChangeNotice) => void)[];
  readonly publish: (change: ChangeNotice) => void;
  /** Authenticated personal tokens (actor-cache.ts). */
  readonly actorCache: ActorCache;
  /**
   * Commands call (and await) this after committing a change to tokens, users or roles: the
   * answer to that request goes out only once other processes have been told.
   */
  readonly credentialsChanged: () => Promise<void>;
  /** Told of this process's credential changes (other processes, through Redis). */
  readonly credentialListeners: (() => Promise<void>)[];
}

declare module 'fastify' {
  interface FastifyInstance {
    fieldtest: Services;
  }
  interface FastifyRequest {
    actor: Actor | null;
    errorMessage: string | null;
  }
  interface FastifyContextConfig {
    /** What the route needs; routes without one must say `public: true`. */
    permission?: Action;
    public?: boolean;
    /** A tighter per-token limit bucket (the results routes). */
    rateLimit?: 'results';
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

export interface ServerOptions {
  readonly logger: Logger | false;
  readonly services: Omit<Services, 'actorResolvers' | 'changeListeners' | 'publish' | 'actorCache' | 'credentialsChanged' | 'credentialListeners'> & { actorResolvers?: ActorResolver[] };
  /** How credential changes by other processes are seen; without it, tokens are not cached. */
  readonly outsideCredentialChanges?: OutsideChanges;
}

/** Logger levels at which the per-request info line is not written. */
const QUIET_LEVELS = new Set(['warn', 'error', 'fatal', 'silent']);

function requestLine(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
  return {
    method: request.method,
    path: request.url,
    status: reply.statusCode,
    durationMs: Math.round(reply.elapsedTime * 100) / 100,
    ...(request.actor ? { userId: request.actor.userId } : {}),
    ...(request.errorMessage ? { error: request.errorMessage } : {}),
  };
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger === false ? undefined : options.logger,
    logger: options.logger === false ? false : undefined,
    ...(options.logger === false ? {} : { childLoggerFactory: lazyChildLogger }),
    // One line per request is written by the onResponse hook below, not Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.services.config.bodyLimit,
    requestIdHeader: false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    routerOptions: {
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
      // printRoutes({ includeMeta: ['permission', 'public'] }) lists what every route requires
      // (the role × route matrix test enumerates routes with it).
      buildPrettyMeta: (route: { store?: { config?: FastifyContextConfig } }) => ({
        permission: route.store?.config?.permission,
        public: route.store?.config?.public,
      }),
    },
    ajv: { customOptions: { coerceTypes: 'array' } },
  } as Parameters<typeof Fastify>[0]) as unknown as FastifyInstance;

  const changeListeners: ((change: ChangeNotice) => void)[] = [];
  const actorCache = new ActorCache(options.outsideCredentialChanges ?? (() => 'unknown'));
  const credentialListeners: (() => Promise<void>)[] = [];
  app.decorate('fieldtest', {
    ...options.services,
    actorResolvers: options.services.actorResolvers ?? [cachedPersonalTokenResolver(actorCache)],
    changeListeners,
    actorCache,
    credentialListeners,
    credentialsChanged: async () => {
      actorCache.clear();
      await Promise.all(credentialListeners.map((listener) => listener()));
    },
    publish: (change: ChangeNotice) => {
      for (const listener of changeListeners) {
        try {
          listener(change);
        } catch (error) {
          app.log.error({ err: error }, 'change listener failed');
        }
      }
    },
  });
  app.decorateRequest('actor', null);
  app.decorateRequest('errorMessage', null);
  app.setValidatorCompiler(validatorCompiler);

  // Callback hooks rather than async ones: they run on every request, including the SDK hot paths.
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    if (reply.statusCode >= 500) request.log.error(requestLine(request, reply), 'request');
    // Routes may lower their logging (SDK polling logs only errors): build no line for nothing.
    else if (!QUIET_LEVELS.has(request.log.level)) request.log.info(requestLine(request, reply), 'request');
    done();
  });
  return app;
}
