/** Key formats shared by every resource that has a key (flags, rules, variations, events…). */
import { invalid } from './errors.js';

const KEY = /^[A-Za-z0-9_-]{1,64}$/;

/** Throws `invalid` unless `key` is 1–64 letters, digits, `_` or `-`. */
export function assertKey(field: string, key: string): void {
  if (!KEY.test(key)) {
    throw invalid(field, `must be 1 to 64 characters of letters, digits, "_" or "-", got ${JSON.stringify(key)}`);
  }
}

/** A key derived from a name: lower case, runs of other characters become "-". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug || 'item';
}
