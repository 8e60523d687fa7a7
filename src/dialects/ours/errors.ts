/** The Ours Privacy error body: `{error, details}`, plus the request id alongside. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { toHttpError } from '../../http/errors.js';

export interface OursErrorBody {
  readonly error: string;
  readonly details: string;
  readonly requestId: string;
}

export function renderError(request: FastifyRequest, reply: FastifyReply, thrown: unknown): FastifyReply {
  const error = toHttpError(thrown);
  request.errorMessage = error.message;
  if (error.status >= 500) request.log.error({ err: thrown as FastifyError }, 'unhandled error');
  if (error.retryAfter !== null) void reply.header('retry-after', error.retryAfter);
  const body: OursErrorBody = { error: error.kind, details: error.message, requestId: request.id };
  return reply.code(error.status).type('application/json').send(body);
}
