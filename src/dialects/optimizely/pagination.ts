/**
 * Optimizely pagination: `page` and `per_page` (25 by default, at most 100), and a Link header
 * with next/prev/last — none at all when everything fits on page 1.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';

export const PageQuery = {
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25, description: 'Items per page (1–100).' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1, description: 'Page number, from 1.' })),
};

export function pageOf(query: { page?: number; per_page?: number }): { page: number; perPage: number } {
  return { page: query.page ?? 1, perPage: query.per_page ?? 25 };
}

/** Sets the Link header for a page of `total` items. */
export function setLinks(request: FastifyRequest, reply: FastifyReply, page: { page: number; perPage: number }, total: number): void {
  const last = Math.max(1, Math.ceil(total / page.perPage));
  if (last === 1 && page.page === 1) return;
  const base = new URL(request.url, request.server.fieldtest.config.publicUrl);
  const link = (n: number, rel: string): string => {
    base.searchParams.set('page', String(n));
    base.searchParams.set('per_page', String(page.perPage));
    return `<${base.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page.page < last) links.push(link(page.page + 1, 'next'));
  if (page.page > 1) links.push(link(Math.min(page.page - 1, last), 'prev'));
  links.push(link(last, 'last'));
  void reply.header('link', links.join(', '));
}
