/**
 * OAuth scopes are the personal-token scopes an app may be granted: every one but `*`, so an
 * app never holds an unrestricted credential (RFC 6749 §3.3: space-delimited on the wire).
 */
import { scopes, type Scope } from '../permissions.js';

export type OAuthScope = Exclude<Scope, '*'>;

export const oauthScopes: readonly OAuthScope[] = scopes.filter((s): s is OAuthScope => s !== '*');

const descriptions: Record<OAuthScope, string> = {
  'experiment:read': 'Read experiments, events and results',
  'experiment:write': 'Create, change and start experiments',
  'flag:read': 'Read flags, rulesets, audiences and attributes',
  'flag:write': 'Create and change flags, rulesets, audiences and attributes',
  'project:read': 'Read projects and environments',
  'project:write': 'Change projects and environments',
};

/** What a scope lets an app do, in words for the consent page. */
export function describeScope(scope: OAuthScope): string {
  return descriptions[scope];
}

export function isOAuthScope(value: string): value is OAuthScope {
  return (oauthScopes as readonly string[]).includes(value);
}

/** `"a b  c"` → `['a', 'b', 'c']` without duplicates (RFC 6749 §3.3 scope-token list). */
export function splitScope(value: string | undefined | null): string[] {
  return [...new Set((value ?? '').split(' ').filter(Boolean))];
}

/** The scopes in `requested` that `allowed` lacks. */
export function scopesBeyond(requested: readonly string[], allowed: readonly string[]): string[] {
  return requested.filter((s) => !allowed.includes(s));
}
