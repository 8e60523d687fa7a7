/** Random keys for SDKs and datafile access. */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random key of `length` unambiguous base-57 characters (≈ 5.8 bits each). */
export function randomKey(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    // Rejection sampling keeps every character equally likely.
    if (b < 228) out += ALPHABET[b % 57];
  }
  return out.length === length ? out : randomKey(length);
}

export function newSdkKey(): string {
  return randomKey(22);
}
