/** Personal token secrets: random, shown once, stored only as a SHA-256 hash. */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'ftp_';

/** A new secret: 256 random bits, base64url. */
export function newTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Tokens are high-entropy, so a fast hash is enough (no password stretching needed). */
export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function displayPrefix(secret: string): string {
  return secret.slice(0, TOKEN_PREFIX.length + 6);
}
