/**
 * `GET /datafiles/{sdk_key}.json` and `/datafiles/auth/{sdk_key}.json`: the paths of
 * Optimizely's CDN and authenticated datafile host, so SDKs need only a URL template (or a host
 * override). Polling is cheap: `ETag`/`If-None-Match` and `Last-Modified`/`If-Modified-Since`
 * answer 304 without a body (the JS SDK echoes `Last-Modified` and has no ETag support).
 * An environment in secure mode answers only requests with `Authorization: Bearer <datafile
 * access token>` on either path. These are SDK endpoints: no management rate limit, and their
 * successful requests are not logged at info level (SDKs poll; errors still are).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { DatafileCache } from './datafile-cache.js';
import { SDK_CORS } from './cors.js';
import type { ServedDatafile } from './served-datafile.js';

const Params = Type.Object({ sdk_key: Type.String({ description: 'The environment\'s SDK key.' }) });
const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
const responses = {
  200: Type.Object({}, { additionalProperties: true, description: 'The datafile (Optimizely format "4").' }),
  304: Type.Null({ description: 'Not modified since If-Modified-Since / If-None-Match.' }),
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
};

function fail(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).headers(SDK_CORS).type('application/json').send({ code, message });
}

/** Whether `bearer` is the environment's datafile access token (compared as SHA-256 digests). */
function tokenMatches(entry: ServedDatafile, bearer: string): boolean {
  if (entry.tokenHash === null) return false;
  const given = createHash('sha256').update(bearer).digest();
  const expected = Buffer.from(entry.tokenHash, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function notModified(request: FastifyRequest, entry: ServedDatafile): boolean {
  const inm = request.headers['if-none-match'];
  // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
  if (inm !== undefined) return inm === entry.etag || inm.split(',').some((t) => t.trim().replace(/^W\//, '') === entry.etag);
  const ims = request.headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && since >= entry.lastModifiedMs;
}

/**
 * The answer to a request for a datafile that is cached (the hot path): its bytes and headers
 * were built once per revision (`ServedDatafile.head200`/`head304`), so they are written straight
 * to the response, past Fastify's per-reply header bookkeeping and `onSend` pipeline, which cost
 * as much as the rest of the route (docs/sdks.md). onResponse hooks still run, and Node leaves
 * the body out of an answer to HEAD.
 */
function writeDatafile(request: FastifyRequest, reply: FastifyReply, entry: ServedDatafile): void {
  const fresh = notModified(request, entry);
  reply.hijack();
  reply.raw.writeHead(fresh ? 304 : 200, [...(fresh ? entry.head304 : entry.head200), 'x-request-id', request.id]);
  reply.raw.end(fresh ? undefined : entry.body);
}

export function datafileRoutes(cache: DatafileCache) {
  return async function register(app: FastifyInstance): Promise<void> {
    const answer = (request: FastifyRequest<{ Params: { sdk_key: string } }>, reply: FastifyReply, entry: ServedDatafile | null): FastifyReply | undefined => {
      if (!entry) return fail(reply, 404, 'not_found', `no environment has the SDK key ${JSON.stringify(request.params.sdk_key)}`);
      if (entry.secure) {
        const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
        if (!match?.[1]) {
          void reply.header('www-authenticate', 'Bearer');
          return fail(reply, 401, 'unauthorized', 'this environment is in secure mode: send its datafile access token as "Authorization: Bearer <token>"');
        }
        if (!tokenMatches(entry, match[1])) return fail(reply, 403, 'forbidden', 'the datafile access token is not valid for this environment');
      }
      writeDatafile(request, reply, entry);
      return undefined;
    };
    // Not an async function: a cached datafile is answered without a promise.
    const handler = (request: FastifyRequest<{ Params: { sdk_key: string } }>, reply: FastifyReply): Promise<FastifyReply | undefined> | FastifyReply | undefined => {
      const cached = cache.peek(request.params.sdk_key);
      if (cached) return answer(request, reply, cached);
      return cache.get(request.params.sdk_key).then((entry) => answer(request, reply, entry));
    };
    const options = { schema: { tags: ['SDK'], params: Params, response: responses, security: [] }, config: { public: true }, logLevel: 'warn' as const };
    app.get('/datafiles/:sdk_key.json', { ...options, schema: { ...options.schema, operationId: 'getDatafile', summary: 'The datafile of the environment with this SDK key' } }, handler);
    app.get('/datafiles/auth/:sdk_key.json', { ...options, schema: { ...options.schema, operationId: 'getAuthenticatedDatafile', summary: 'The same datafile at the authenticated path (Authorization: Bearer <datafile access token>)' } }, handler);
  };
}
