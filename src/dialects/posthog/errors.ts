/**
 * PostHog's error body, as its API (Django REST Framework with PostHog's exception handler)
 * answers: `{type, code, detail, attr}`, plus the request id. `attr` names the request field in
 * PostHog's words; core field names are translated here.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { toHttpError, type HttpError } from '../../http/errors.js';

export interface PostHogErrorBody {
  readonly type: string;
  readonly code: string;
  readonly detail: string;
  readonly attr: string | null;
  readonly request_id: string;
}

/** Core field names → PostHog's request fields. */
const fieldNames: Readonly<Record<string, string>> = {
  variations: 'parameters.feature_flag_variants',
  flag_key: 'feature_flag_key',
  percentage_included: 'filters[0].rollout_percentage',
};

function attrOf(field: string | null): string | null {
  if (field === null) return null;
  if (field === 'body') return null;
  const bare = field.replace(/^(body|querystring|params)\./, '');
  const head = /^[A-Za-z_]+/.exec(bare)?.[0] ?? bare;
  const renamed = fieldNames[head];
  return renamed === undefined ? bare : renamed + bare.slice(head.length);
}

function typeAndCode(error: HttpError): { status: number; type: string; code: string } {
  switch (error.kind) {
    case 'invalid':
    case 'illegal_transition':
      return { status: 400, type: 'validation_error', code: 'invalid_input' };
    case 'conflict':
      // DRF reports a taken unique value as a 400 validation error, not a 409.
      return { status: 400, type: 'validation_error', code: 'unique' };
    case 'unauthorized':
      return { status: 401, type: 'authentication_error', code: 'authentication_failed' };
    case 'forbidden':
      return { status: 403, type: 'authentication_error', code: 'permission_denied' };
    case 'not_found':
      return { status: 404, type: 'invalid_request', code: 'not_found' };
    case 'version_mismatch':
      return { status: 409, type: 'invalid_request', code: 'conflict' };
    case 'rate_limited':
      return { status: 429, type: 'throttled_error', code: 'throttled' };
    case 'internal':
      return { status: error.status, type: 'server_error', code: 'error' };
    default:
      return { status: error.status, type: 'invalid_request', code: error.kind };
  }
}

/** The detail without the core's `field: ` prefix (attr carries the field). */
function detailOf(error: HttpError): string {
  if (error.field !== null && error.message.startsWith(`${error.field}: `)) return error.message.slice(error.field.length + 2);
  return error.message;
}

export function renderError(request: FastifyRequest, reply: FastifyReply, thrown: unknown): FastifyReply {
  const error = toHttpError(thrown);
  request.errorMessage = error.message;
  if (error.status >= 500) request.log.error({ err: thrown as FastifyError }, 'unhandled error');
  if (error.retryAfter !== null) void reply.header('retry-after', error.retryAfter);
  const { status, type, code } = typeAndCode(error);
  const body: PostHogErrorBody = { type, code, detail: detailOf(error), attr: error.kind === 'illegal_transition' ? null : attrOf(error.field), request_id: request.id };
  return reply.code(status).type('application/json').send(body);
}
