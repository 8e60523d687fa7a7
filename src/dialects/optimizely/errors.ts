/** Optimizely's error body: `{code, message, uuid}`, where uuid is the request id. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { toHttpError } from '../../http/errors.js';

export interface OptimizelyErrorBody {
  readonly code: string;
  readonly message: string;
  readonly uuid: string;
}

export function renderError(request: FastifyRequest, reply: FastifyReply, thrown: unknown): FastifyReply {
  const error = toHttpError(thrown);
  request.errorMessage = error.message;
  if (error.status >= 500) request.log.error({ err: thrown as FastifyError }, 'unhandled error');
  if (error.retryAfter !== null) void reply.header('retry-after', error.retryAfter);
  const body: OptimizelyErrorBody = { code: error.kind, message: error.message, uuid: request.id };
  return reply.code(error.status).type('application/json').send(body);
}
