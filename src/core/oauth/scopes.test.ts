/** OAuth scopes (RFC 6749 §3.3) are the personal-token scopes minus `*`. */
import { describe, expect, it } from 'vitest';
import { describeScope, isOAuthScope, oauthScopes, scopesBeyond, splitScope } from './scopes.js';

describe('OAuth scopes', () => {
  it('are every personal-token scope but *, each described for the consent page', () => {
    expect(oauthScopes).not.toContain('*');
    expect(oauthScopes).toHaveLength(6);
    for (const scope of oauthScopes) expect(describeScope(scope).length).toBeGreaterThan(10);
    expect(isOAuthScope('*')).toBe(false);
    expect(isOAuthScope('flag:read')).toBe(true);
  });

  it('split on spaces without duplicates, and name what goes beyond an allowed set', () => {
    expect(splitScope(' flag:read  flag:read experiment:write ')).toEqual(['flag:read', 'experiment:write']);
    expect(splitScope(undefined)).toEqual([]);
    expect(scopesBeyond(['flag:read', 'flag:write'], ['flag:read'])).toEqual(['flag:write']);
  });
});
