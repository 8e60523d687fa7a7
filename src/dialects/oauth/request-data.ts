/**
 * Fastify request → the plain protocol request the OAuth commands take, and the context they
 * need. RFC 6749 §3.1/§3.2: parameters sent more than once are refused.
 */
import type { FastifyRequest } from 'fastify';
import type { OAuthContext } from '../../commands/oauth/context.js';
import type { ProtocolRequest } from '../../commands/oauth/protocol.js';
import { invalid } from '../../core/errors.js';

export function oauthContext(request: FastifyRequest): OAuthContext {
  const s = request.server.fieldtest;
  return { db: s.db, clock: s.clock, publicUrl: s.config.publicUrl, publish: s.publish, lifetimes: s.config.oauth };
}

/** The single string values of a query or form body; throws on a repeated parameter. */
export function singleValues(source: unknown, where: 'query' | 'body'): Record<string, string> {
  const out: Record<string, string> = {};
  if (source === null || typeof source !== 'object') return out;
  for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value)) throw invalid(`${where}.${key}`, 'was sent more than once (RFC 6749 §3.1)');
  }
  return out;
}

export function protocolRequest(request: FastifyRequest): ProtocolRequest {
  return { method: request.method, headers: request.headers, query: singleValues(request.query, 'query'), body: singleValues(request.body, 'body') };
}
