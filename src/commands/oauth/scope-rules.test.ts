/** What an authorization or token request may be granted (RFC 6749 §3.3). */
import { describe, expect, it } from 'vitest';
import { grantableScopes } from './scope-rules.js';

const client = { allowedScopes: ['flag:read', 'project:read'] as const };

describe('grantableScopes', () => {
  it('grants what was asked, in canonical order, when the app may ask for all of it', () => {
    expect(grantableScopes(client, ['project:read', 'flag:read'])).toEqual(['flag:read', 'project:read']);
    expect(grantableScopes(client, ['project:read'])).toEqual(['project:read']);
  });

  it('grants everything the app may ask for when nothing was asked', () => {
    expect(grantableScopes(client, undefined)).toEqual(['flag:read', 'project:read']);
    expect(grantableScopes(client, [])).toEqual(['flag:read', 'project:read']);
  });

  it('refuses a request with any scope beyond the allowed ones, or unknown, or *', () => {
    expect(grantableScopes(client, ['flag:read', 'flag:write'])).toBe(false);
    expect(grantableScopes(client, ['admin'])).toBe(false);
    expect(grantableScopes({ allowedScopes: ['flag:read'] }, ['*'])).toBe(false);
  });
});
