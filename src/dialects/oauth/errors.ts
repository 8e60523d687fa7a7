/**
 * Errors of the OAuth endpoints in RFC 6749 §5.2's shape, `{error, error_description}`, or as the
 * error page on the browser-facing authorization endpoints. The request id is in x-request-id.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { toHttpError } from '../../http/errors.js';
import { errorPage } from './pages.js';

const BROWSER_PATHS = ['/oauth/authorize', '/oauth/sign-in'];

function errorCode(status: number): string {
  if (status >= 500) return 'server_error';
  if (status === 429) return 'temporarily_unavailable';
  return 'invalid_request';
}

export function renderOAuthError(request: FastifyRequest, reply: FastifyReply, thrown: unknown): FastifyReply {
  const error = toHttpError(thrown);
  request.errorMessage = error.message;
  if (error.status >= 500) request.log.error({ err: thrown as FastifyError }, 'unhandled error');
  if (error.retryAfter !== null) void reply.header('retry-after', error.retryAfter);
  void reply.header('cache-control', 'no-store');
  const code = errorCode(error.status);
  const path = request.url.split('?')[0] ?? '';
  if (BROWSER_PATHS.includes(path)) return reply.code(error.status).type('text/html; charset=utf-8').send(errorPage(code, error.message));
  return reply.code(error.status).type('application/json').send({ error: code, error_description: error.message });
}
