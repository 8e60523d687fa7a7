/**
 * Turns anything thrown while handling a request into one normalized error: the domain kind,
 * HTTP status, message and field. Each dialect renders this in its own body shape.
 */
import type { DomainError} from '../core/errors.js';
import { type ErrorKind, isDomainError } from '../core/errors.js';

export interface HttpError {
  readonly status: number;
  readonly kind: ErrorKind | 'internal' | 'unsupported_media_type' | 'method_not_allowed';
  readonly message: string;
  readonly field: string | null;
  readonly retryAfter: number | null;
  readonly missing: string | null;
}

const statusOf: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  version_mismatch: 409,
  illegal_transition: 400,
  payload_too_large: 413,
  rate_limited: 429,
};

export function httpStatusOf(kind: ErrorKind): number {
  return statusOf[kind];
}

interface AjvError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
  validation?: AjvError[];
  validationContext?: string;
}

/** `/rules/0/weight` under body → `body.rules[0].weight`. */
function fieldPath(context: string, instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra) parts.push(extra);
  let out = context;
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  return out;
}

function validationError(e: FastifyLikeError): HttpError {
  const first = e.validation?.[0] ?? {};
  const context = e.validationContext ?? 'body';
  const params = first.params ?? {};
  let field = fieldPath(context, first.instancePath ?? '');
  let problem = first.message ?? 'is invalid';
  if (first.keyword === 'required' && typeof params.missingProperty === 'string') {
    field = fieldPath(context, first.instancePath ?? '', params.missingProperty);
    problem = 'is required';
  } else if (first.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    field = fieldPath(context, first.instancePath ?? '', params.additionalProperty);
    problem = 'is not a known field';
  } else if (first.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    problem = `must be one of ${params.allowedValues.map(String).join(', ')}`;
  } else if (first.keyword === 'type' && typeof params.type === 'string') {
    problem = `must be of type ${params.type}`;
  }
  return error(400, 'invalid', `${field}: ${problem}`, field);
}

function error(status: number, kind: HttpError['kind'], message: string, field: string | null = null): HttpError {
  return { status, kind, message, field, retryAfter: null, missing: null };
}

/** Maps a thrown value onto an HttpError; unknown errors become a 500 (and are logged). */
export function toHttpError(thrown: unknown): HttpError {
  if (isDomainError(thrown)) return fromDomain(thrown);
  const e = (thrown ?? {}) as FastifyLikeError;
  if (e.validation) return validationError(e);
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return error(413, 'payload_too_large', 'body: the request body is larger than this endpoint accepts', 'body');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return error(400, 'invalid', `body: is not valid JSON (${e.message ?? 'parse error'})`, 'body');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return error(415, 'unsupported_media_type', 'content-type: send application/json', 'content-type');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return error(400, 'invalid', 'content-length: does not match the body', 'content-length');
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case '23505':
      return error(409, 'conflict', 'a resource with the same key was created concurrently; retry');
    default:
      break;
  }
  if (thrown instanceof SyntaxError && e.statusCode === 400) return error(400, 'invalid', `body: is not valid JSON (${e.message ?? ''})`, 'body');
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return error(e.statusCode, e.statusCode === 404 ? 'not_found' : 'invalid', e.message ?? 'bad request');
  }
  return error(500, 'internal', 'internal error: the request id identifies it in the server log');
}

function fromDomain(e: DomainError): HttpError {
  return { status: statusOf[e.kind], kind: e.kind, message: e.message, field: e.field ?? null, retryAfter: e.retryAfter ?? null, missing: e.missing ?? null };
}
