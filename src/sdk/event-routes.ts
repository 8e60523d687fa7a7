/**
 * Event ingestion (docs/events.md): `POST /v1/events` takes the EventBatch of the Optimizely
 * SDKs, `POST /api/events` the native batch (and what the web snippet sends). Both answer 204
 * only once every event of the batch is committed; a batch that fails validation is refused
 * whole (400 naming the field) before anything is written. Browsers post cross-origin as
 * text/plain, so every content type is read as JSON here, and preflights are answered.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { DomainError, invalid } from '../core/errors.js';
import { authorize } from '../core/permissions.js';
import { authenticate } from '../http/auth.js';
import { toHttpError } from '../http/errors.js';
import type { Aggregator } from '../events/aggregator.js';
import { EventWriter } from '../events/event-writer.js';
import { parseNativeBatch } from '../events/native-batch.js';
import { parseOptimizelyBatch } from '../events/optimizely-batch.js';
import { resolveEvents } from '../events/resolve-events.js';
import { onlyProjectOfAccount, scopeOfSdkKey, type EventScope } from '../store/read/event-catalog.js';
import type { EventDefinitionsCache } from './event-definitions-cache.js';

const CORS = { 'access-control-allow-origin': '*' };
const PREFLIGHT = {
  ...CORS,
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization, x-api-key',
  'access-control-max-age': '86400',
};

const ErrorBody = Type.Object({ code: Type.String(), message: Type.String(), uuid: Type.String() });
const responses = { 204: Type.Null({ description: 'Every event of the batch is committed (duplicates by uuid are ignored).' }), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 413: ErrorBody };

function sdkKeyOf(request: FastifyRequest): string | null {
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  return bearer ?? null;
}

/** `catalog` is owned by the app, which empties it on every change here and in other processes. */
export function eventEndpoints(aggregator: Aggregator, catalog: EventDefinitionsCache) {
  return async function register(app: FastifyInstance): Promise<void> {
    const { db, clock } = app.fieldtest;
    const bodyLimit = app.fieldtest.config.eventBodyLimit;
    const writer = new EventWriter(db, clock, () => aggregator.kick());
    const definitions = (projectId: number, ids: readonly number[], keys: readonly string[]) => catalog.definitionsFor(projectId, ids, keys);

    // SDKs send application/json, the snippet text/plain, sendBeacon a Blob's type: all JSON.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch (error) {
        done(invalid('body', `is not valid JSON (${(error as Error).message})`), undefined);
      }
    });
    app.addHook('onRequest', (_request, reply, done) => {
      void reply.headers(CORS);
      done();
    });
    app.setErrorHandler((thrown: unknown, request, reply) => {
      const error = toHttpError(thrown);
      request.errorMessage = error.message;
      if (error.status >= 500) request.log.error({ err: thrown }, 'unhandled error');
      return reply.code(error.status).type('application/json').send({ code: error.kind, message: error.message, uuid: request.id });
    });
    const hidden = { schema: { hide: true }, config: { public: true }, logLevel: 'warn' as const };
    for (const path of ['/v1/events', '/api/events']) app.options(path, hidden, (_request, reply) => reply.code(204).headers(PREFLIGHT).send());

    app.post('/v1/events', {
      bodyLimit,
      logLevel: 'warn',
      config: { public: true },
      schema: {
        operationId: 'ingestOptimizelyEvents', tags: ['Events'],
        summary: 'Ingest an Optimizely EventBatch (what the Optimizely SDKs send to logx.optimizely.com/v1/events)',
        description: 'Body: `{account_id, project_id, visitors: [{visitor_id, attributes, snapshots: [{decisions, events}]}]}`. Impressions are `campaign_activated` events with their decision; other events are conversions. At most 10,000 events and 10 MB. See docs/events.md.',
        response: responses,
      },
    }, async (request, reply) => {
      const batch = parseOptimizelyBatch(request.body);
      const scope = await optimizelyScope(batch.projectId, batch.accountId);
      const events = await resolveEvents(db, scope, batch.events, 'sdk', (i) => `events[${i}]`, definitions);
      await writer.record(events);
      return reply.code(204).send();
    });

    app.post('/api/events', {
      bodyLimit,
      logLevel: 'warn',
      config: { public: true },
      schema: {
        operationId: 'ingestEvents', tags: ['Events'],
        summary: 'Ingest a native batch of exposures and conversions',
        description: 'Body: a JSON array of events (or `{events: [...]}`): `{type: "exposure", uuid, visitor_id, experiment_id|experiment_key, variation_id|variation_key, timestamp}` or `{type: "conversion", uuid, visitor_id, event_key, value, revenue, timestamp}`. Authenticated by an environment SDK key (`X-API-Key` or `Authorization: Bearer`) or a personal token with `project_id`. At most 10,000 events and 10 MB. See docs/events.md.',
        querystring: Type.Object({ project_id: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: responses,
      },
    }, async (request: FastifyRequest<{ Querystring: { project_id?: number } }>, reply: FastifyReply) => {
      const batch = parseNativeBatch(request.body, clock().getTime());
      const scope = await nativeScope(request, batch.projectId ?? request.query.project_id ?? null);
      const events = await resolveEvents(db, scope, batch.events, 'native', (i) => (Array.isArray(request.body) ? `[${i}]` : `events[${i}]`), definitions);
      await writer.record(events);
      return reply.code(204).send();
    });

    async function optimizelyScope(projectId: number | null, accountId: string | null): Promise<EventScope> {
      if (projectId !== null) {
        if (!(await catalog.projectExists(projectId))) throw invalid('project_id', `no project ${projectId} on this server (it is the datafile's projectId)`);
        return { projectId, environmentId: null };
      }
      const only = accountId !== null && /^\d{1,15}$/.test(accountId) ? await onlyProjectOfAccount(db, Number(accountId)) : null;
      if (only === null) throw invalid('project_id', 'is required (the datafile\'s projectId) unless account_id has exactly one project');
      return { projectId: only, environmentId: null };
    }

    /** An SDK key names its environment; a personal token needs project_id and write access. */
    async function nativeScope(request: FastifyRequest, projectId: number | null): Promise<EventScope> {
      const key = sdkKeyOf(request);
      if (key === null) throw new DomainError('unauthorized', 'x-api-key: send the environment\'s SDK key as "X-API-Key: <sdk key>" (or a personal token as "Authorization: Bearer <token>" with project_id)', { field: 'x-api-key' });
      const byKey = await scopeOfSdkKey(db, key);
      if (byKey) {
        if (projectId !== null && projectId !== byKey.projectId) throw invalid('project_id', 'is not the project of this SDK key');
        return byKey;
      }
      if (request.headers.authorization === undefined) throw new DomainError('unauthorized', 'x-api-key: the SDK key is not valid', { field: 'x-api-key' });
      const actor = await authenticate(db, request, app.fieldtest.actorResolvers, clock());
      if (projectId === null) throw invalid('project_id', 'is required with a personal token (in the body\'s {project_id, events} or the query)');
      authorize(actor, 'experiment:write', projectId);
      if (!(await catalog.projectExists(projectId))) throw invalid('project_id', `no project ${projectId}`);
      return { projectId, environmentId: null };
    }
  };
}
