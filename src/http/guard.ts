/**
 * The hook every management API registers in its own scope: rate limits, authentication and the
 * token-scope half of authorization (the role half needs the project, so commands do it).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../core/errors.js';
import { authorize, scopeAllows } from '../core/permissions.js';
import { authenticate, bearerOf } from './auth.js';
import { checkLimits } from './rate-limit.js';

function subjectOf(request: FastifyRequest): string {
  const bearer = bearerOf(request);
  return bearer === null ? `ip:${request.ip}` : `t:${createHash('sha256').update(bearer).digest('hex').slice(0, 24)}`;
}

export async function guard(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const config = request.routeOptions.config;
  const services = this.fieldtest;
  const { perMinute, resultsPerMinute } = services.config.rateLimit;
  const limits = [{ bucket: 'all', limit: perMinute }];
  if (config.rateLimit === 'results') limits.push({ bucket: 'results', limit: resultsPerMinute });
  const now = services.clock();
  const result = await checkLimits(services.rateLimits, subjectOf(request), limits, now.getTime());
  void reply.header('x-ratelimit-limit', result.limit);
  void reply.header('x-ratelimit-remaining', result.remaining);
  void reply.header('x-ratelimit-reset', result.reset);
  if (result.exceeded) {
    const retryAfter = Math.max(1, result.reset - Math.floor(now.getTime() / 1000));
    void reply.header('retry-after', retryAfter);
    throw new DomainError('rate_limited', `rate limit of ${result.limit} requests per minute exceeded; retry after ${retryAfter} s`, { retryAfter });
  }
  // Unknown routes reach the scope's not-found handler: a 404, whoever asks.
  if (config.public || request.is404) return;
  const actor = await authenticate(services.db, request, services.actorResolvers, now);
  request.actor = actor;
  const permission = config.permission;
  if (permission === undefined) throw new Error(`route ${request.routeOptions.url ?? ''} declares no permission`);
  if (!scopeAllows(actor, permission)) authorize(actor, permission);
}
