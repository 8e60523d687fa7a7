/**
 * The random strings of OAuth: client ids and secrets, codes, tokens and session ids. Each has a
 * prefix that says what it is (and lets the bearer check skip lookups that cannot match); all
 * but the client id are stored only as SHA-256 hashes (256 random bits need no stretching).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { oauthPrefixes as prefixes } from '../../core/oauth/prefixes.js';

export function newSecret(kind: keyof typeof prefixes): string {
  // Client ids are public and short; everything else carries 256 bits.
  return prefixes[kind] + randomBytes(kind === 'clientId' ? 12 : 32).toString(kind === 'clientId' ? 'hex' : 'base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Compares two hex digests in constant time. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The consent form's anti-CSRF token: derived from the session secret, which only the cookie holds. */
export function csrfTokenOf(sessionSecret: string): string {
  return sha256(`csrf:${sessionSecret}`);
}
