/** The error catalogue and docs/errors.md list the same kinds, in the same order. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { conflict, DomainError, errorKinds, forbidden, invalid, isDomainError, notFound, versionMismatch } from './errors.js';

/** The rows of the table in docs/errors.md: kind → the other cells. */
function documentedErrors(): Map<string, string[]> {
  const text = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const rows = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^\| `([a-z_]+)` \|(.*)\|\s*$/.exec(line);
    if (match?.[1] && match[2] !== undefined) rows.set(match[1], match[2].split('|').map((c) => c.trim()));
  }
  return rows;
}

describe('the error catalogue', () => {
  it('is documented in docs/errors.md, kind for kind', () => {
    expect([...documentedErrors().keys()]).toEqual([...errorKinds]);
  });

  it('gives every documented kind a meaning', () => {
    for (const [kind, [meaning]] of documentedErrors()) expect(meaning?.length, kind).toBeGreaterThan(20);
  });

  it('builds errors that name their field', () => {
    const e = invalid('body.rules[0].weight', 'must be an integer');
    expect(e).toBeInstanceOf(DomainError);
    expect(isDomainError(e)).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
    expect([e.kind, e.field, e.message]).toEqual(['invalid', 'body.rules[0].weight', 'body.rules[0].weight: must be an integer']);
    expect(notFound('flag', 'checkout')).toMatchObject({ kind: 'not_found', message: 'flag "checkout" was not found' });
    expect(forbidden('no', 'flag:write')).toMatchObject({ kind: 'forbidden', missing: 'flag:write' });
    expect(conflict('key taken', 'key')).toMatchObject({ kind: 'conflict', field: 'key' });
    const stale = versionMismatch('flag', 2, 3);
    expect(stale).toMatchObject({ kind: 'version_mismatch', field: 'version' });
    expect(stale.message).toContain('you sent version 2, the current version is 3');
  });
});
