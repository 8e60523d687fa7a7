/** Redirect URI registration and matching (RFC 6749 §3.1.2, RFC 8252 §7.3). */
import { describe, expect, it } from 'vitest';
import { isRegisteredRedirectUri, redirectUriProblem, withResponseParameters } from './redirect-uri.js';

describe('redirectUriProblem', () => {
  it.each([
    'https://app.example.com/callback',
    'https://app.example.com/cb?tenant=7',
    'http://localhost:8765/callback',
    'http://127.0.0.1/cb',
    'http://[::1]:9000/cb',
  ])('accepts %s', (uri) => expect(redirectUriProblem(uri)).toBeNull());

  it.each([
    ['/relative/callback', 'absolute'],
    ['https://app.example.com/cb#frag', 'fragment'],
    ['https://user:pw@app.example.com/cb', 'credentials'],
    ['http://app.example.com/cb', 'https'],
    ['javascript:alert(1)', 'https'],
  ])('refuses %s (%s)', (uri, reason) => expect(redirectUriProblem(uri)).toContain(reason));
});

describe('isRegisteredRedirectUri', () => {
  const registered = ['https://app.example.com/callback'];
  it('matches exact strings only', () => {
    expect(isRegisteredRedirectUri(registered, 'https://app.example.com/callback')).toBe(true);
    expect(isRegisteredRedirectUri(registered, 'https://app.example.com/callback/../evil')).toBe(false);
    expect(isRegisteredRedirectUri(registered, 'https://app.example.com/callback?x=1')).toBe(false);
    expect(isRegisteredRedirectUri(registered, 'https://app.example.com.evil.com/callback')).toBe(false);
    expect(isRegisteredRedirectUri(registered, undefined)).toBe(false);
  });
});

describe('withResponseParameters', () => {
  it('keeps the query the client registered and leaves out undefined values', () => {
    expect(withResponseParameters('https://a.example/cb?tenant=7', { code: 'c d', state: undefined })).toBe('https://a.example/cb?tenant=7&code=c+d');
  });
});
