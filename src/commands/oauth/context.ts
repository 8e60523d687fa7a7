/** What OAuth commands get besides the database and the clock: the token lifetimes. */
import type { SystemContext } from '../context.js';

export interface OAuthLifetimes {
  /** Access tokens, seconds (default 3600). */
  readonly accessTokenSeconds: number;
  /** Refresh tokens, seconds. */
  readonly refreshTokenSeconds: number;
}

/** Authorization codes live 5 minutes (RFC 6749 §4.1.2 recommends at most 10). */
export const CODE_SECONDS = 300;
/** A sign-in on the consent page lasts an hour. */
export const SESSION_SECONDS = 3600;

export interface OAuthContext extends SystemContext {
  readonly lifetimes: OAuthLifetimes;
}

/** `seconds` after the context's now, as a stored timestamp. */
export function expiresAfter(ctx: Pick<SystemContext, 'clock'>, seconds: number): string {
  return new Date(ctx.clock().getTime() + seconds * 1000).toISOString();
}
