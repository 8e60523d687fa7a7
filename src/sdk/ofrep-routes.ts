/**
 * OFREP: `POST /ofrep/v1/evaluate/flags/{key}` (one flag, what server providers call) and
 * `POST /ofrep/v1/evaluate/flags` (every flag, with an ETag over the datafile and the context,
 * what web providers poll). Authenticated by the environment's SDK key, as `Authorization:
 * Bearer <sdk key>` or `X-API-Key`. Decisions come from the cached compiled datafile — the very
 * decisions the official SDKs make on it — and experiment or holdout decisions are logged as
 * exposures before the answer. When the environment's audiences name cohorts, the visitor's
 * cohort memberships are loaded (cached) so `cohort` leaves can match — which the SDKs, reading
 * the datafile alone, cannot do.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { decide, decideAll, type DecideUser } from '../decide/index.js';
import type { RawEvent } from '../events/append.js';
import type { DatafileCache } from './datafile-cache.js';
import { ExposureLog, exposureOf } from './exposures.js';
import { bulkEtag, contextOf, OfrepError, resultOf, type OfrepResult } from './ofrep-evaluation.js';
import type { ServedDatafile } from './served-datafile.js';
import type { VisitorCohorts } from './visitor-cohorts.js';

const Metadata = Type.Record(Type.String(), Type.Union([Type.String(), Type.Boolean(), Type.Number()]));
const Success = Type.Object({
  key: Type.String(),
  value: Type.Unknown({ description: 'The enabled state (flags without variables) or the object of variable values.' }),
  reason: Type.String(),
  variant: Type.Optional(Type.String()),
  metadata: Metadata,
});
const Failure = Type.Object({ key: Type.Optional(Type.String()), errorCode: Type.String(), errorDetails: Type.Optional(Type.String()) });
const Body = Type.Object({ context: Type.Optional(Type.Unknown()) }, { additionalProperties: true });

async function environmentOf(cache: DatafileCache, request: FastifyRequest): Promise<ServedDatafile> {
  const header = request.headers.authorization;
  const apiKey = request.headers['x-api-key'];
  const key = (typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined) ?? (typeof apiKey === 'string' ? apiKey : undefined);
  if (key === undefined) throw new OfrepError(401, 'GENERAL', 'send the environment\'s SDK key as "Authorization: Bearer <sdk key>" or "X-API-Key: <sdk key>"');
  const entry = cache.peek(key) ?? (await cache.get(key));
  if (!entry) throw new OfrepError(401, 'GENERAL', 'the SDK key is not valid');
  return entry;
}

/** The user with their cohorts (only called when the datafile's audiences test membership). */
async function withCohorts(cohorts: VisitorCohorts, entry: ServedDatafile, user: DecideUser): Promise<DecideUser> {
  return { ...user, cohorts: await cohorts.of(entry.projectId, user.userId) };
}

export function ofrepRoutes(cache: DatafileCache, cohorts: VisitorCohorts, exposuresCommitted: () => void = () => undefined) {
  return async function register(app: FastifyInstance): Promise<void> {
    const clock = app.fieldtest.clock;
    const exposures = new ExposureLog(app.fieldtest.db, clock, exposuresCommitted);
    app.setErrorHandler((error: unknown, request, reply) => {
      const key = (request.params as { key?: string } | undefined)?.key;
      if (error instanceof OfrepError) {
        return reply.code(error.status).send({ ...(key === undefined ? {} : { key }), errorCode: error.errorCode, errorDetails: error.message });
      }
      const e = error as { statusCode?: number; message?: string };
      if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
        request.errorMessage = e.message ?? 'bad request';
        return reply.code(400).send({ ...(key === undefined ? {} : { key }), errorCode: 'PARSE_ERROR', errorDetails: e.message ?? 'the body is not a JSON object' });
      }
      request.log.error({ err: error }, 'unhandled error');
      return reply.code(500).send({ errorDetails: `internal error (request ${request.id})` });
    });

    app.post('/ofrep/v1/evaluate/flags/:key', {
      schema: { operationId: 'ofrepEvaluateFlag', tags: ['OFREP'], summary: 'Evaluate one flag (OpenFeature Remote Evaluation Protocol)', params: Type.Object({ key: Type.String() }), body: Body, response: { 200: Success, 400: Failure, 401: Failure, 404: Failure } },
      config: { public: true },
      logLevel: 'warn',
    }, async (request: FastifyRequest<{ Params: { key: string } }>, reply: FastifyReply) => {
      const entry = await environmentOf(cache, request);
      const contextUser = contextOf(request.body).user;
      // No promise on the hot path unless an audience names a cohort.
      const user = entry.usesCohorts ? await withCohorts(cohorts, entry, contextUser) : contextUser;
      const flagKey = request.params.key;
      const state = entry.flags.get(flagKey);
      if (state === undefined) throw new OfrepError(404, 'FLAG_NOT_FOUND', `no flag ${JSON.stringify(flagKey)} in this environment`);
      const decision = decide(entry.config, user, flagKey);
      const now = clock().getTime();
      const exposure = exposureOf(entry.projectId, decision, user, now);
      if (exposure) await exposures.record([exposure]);
      return reply.send(resultOf(decision, state));
    });

    app.post('/ofrep/v1/evaluate/flags', {
      schema: { operationId: 'ofrepEvaluateFlags', tags: ['OFREP'], summary: 'Evaluate every flag; ETag over the datafile and the context (If-None-Match → 304)', body: Body, response: { 200: Type.Object({ flags: Type.Array(Success) }), 304: Type.Null(), 400: Failure, 401: Failure } },
      config: { public: true },
      logLevel: 'warn',
    }, async (request, reply) => {
      const entry = await environmentOf(cache, request);
      const { user: contextUser, raw } = contextOf(request.body);
      const user = entry.usesCohorts ? await withCohorts(cohorts, entry, contextUser) : contextUser;
      // Memberships change without a new datafile: they are part of what the answer depends on.
      const etag = bulkEtag(entry.etag, user.cohorts === undefined ? raw : { context: raw, cohorts: [...user.cohorts].sort() });
      void reply.header('etag', etag);
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      const decisions = decideAll(entry.config, user);
      const now = clock().getTime();
      const flags: OfrepResult[] = [];
      const made: RawEvent[] = [];
      for (const key of entry.config.flagKeys) {
        const decision = decisions[key];
        if (decision === undefined) continue;
        flags.push(resultOf(decision, entry.flags.get(key)));
        const exposure = exposureOf(entry.projectId, decision, user, now);
        if (exposure) made.push(exposure);
      }
      await exposures.record(made);
      return reply.send({ flags });
    });
  };
}
