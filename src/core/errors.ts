/**
 * The domain error catalogue (STYLE.md practice 9). Core and commands throw only these; each
 * dialect maps a kind to its own status code and error body. `docs/errors.md` lists them and
 * `errors.test.ts` fails when the two drift apart.
 */
export const errorKinds = [
  'invalid',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'version_mismatch',
  'illegal_transition',
  'payload_too_large',
  'rate_limited',
] as const;

export type ErrorKind = (typeof errorKinds)[number];

export interface DomainErrorOptions {
  /** The request field the error is about, as a dotted path (`body.variations[1].weight`). */
  readonly field?: string;
  /** Seconds until a retry can succeed (rate limits). */
  readonly retryAfter?: number;
  /** For forbidden: the scope or permission that was missing. */
  readonly missing?: string;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly kind: ErrorKind;
  readonly field: string | undefined;
  readonly retryAfter: number | undefined;
  readonly missing: string | undefined;

  constructor(kind: ErrorKind, message: string, options: DomainErrorOptions = {}) {
    super(message);
    this.kind = kind;
    this.field = options.field;
    this.retryAfter = options.retryAfter;
    this.missing = options.missing;
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

/** A field failed validation: the message says which field and what is wrong with it. */
export function invalid(field: string, problem: string): DomainError {
  return new DomainError('invalid', `${field}: ${problem}`, { field });
}

export function notFound(what: string, id: string | number): DomainError {
  return new DomainError('not_found', `${what} ${JSON.stringify(id)} was not found`);
}

export function forbidden(message: string, missing?: string): DomainError {
  return new DomainError('forbidden', message, missing === undefined ? {} : { missing });
}

export function conflict(message: string, field?: string): DomainError {
  return new DomainError('conflict', message, field === undefined ? {} : { field });
}

export function versionMismatch(what: string, expected: number, actual: number): DomainError {
  return new DomainError(
    'version_mismatch',
    `${what} was changed concurrently: you sent version ${expected}, the current version is ${actual}; reload it and retry`,
    { field: 'version' },
  );
}
