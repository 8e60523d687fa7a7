/** The command context of an authenticated request, for every dialect. */
import type { FastifyRequest } from 'fastify';
import type { CommandContext } from '../../commands/context.js';

export function commandContext(request: FastifyRequest): CommandContext {
  const services = request.server.fieldtest;
  const actor = request.actor;
  if (actor === null) throw new Error(`route ${request.routeOptions.url ?? ''} ran without an authenticated actor`);
  return { db: services.db, actor, clock: services.clock, publicUrl: services.config.publicUrl, publish: services.publish, credentialsChanged: services.credentialsChanged };
}

/** The version a client expects, from `If-Match: "3"` (or W/"3", or 3) or a body field. */
export function expectedVersion(request: FastifyRequest, bodyVersion?: number): number | undefined {
  const header = request.headers['if-match'];
  if (typeof header === 'string' && header !== '*') {
    const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
    if (match?.[1]) return Number(match[1]);
  }
  return bodyVersion;
}
