/**
 * PostHog (DRF LimitOffsetPagination): `limit` and `offset`, and the envelope
 * `{count, next, previous, results}` with absolute next/previous URLs.
 */
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';

/** PostHog's default page size for experiments. */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

export const LimitOffsetQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, description: `Number of results to return per page (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}).` })),
  offset: Type.Optional(Type.Integer({ minimum: 0, description: 'The initial index from which to return the results.' })),
};

export function windowOf(query: { limit?: number; offset?: number }): { limit: number; offset: number } {
  return { limit: Math.min(query.limit ?? DEFAULT_LIMIT, MAX_LIMIT), offset: query.offset ?? 0 };
}

export interface Envelope<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** The envelope of one window of `count` items. */
export function envelope<T>(request: FastifyRequest, window: { limit: number; offset: number }, count: number, results: T[]): Envelope<T> {
  const link = (offset: number): string => {
    const url = new URL(request.url, request.server.fieldtest.config.publicUrl);
    url.searchParams.set('limit', String(window.limit));
    if (offset > 0) url.searchParams.set('offset', String(offset));
    else url.searchParams.delete('offset');
    return url.toString();
  };
  const next = window.offset + window.limit < count ? link(window.offset + window.limit) : null;
  const previous = window.offset > 0 ? link(Math.max(0, window.offset - window.limit)) : null;
  return { count, next, previous, results };
}
