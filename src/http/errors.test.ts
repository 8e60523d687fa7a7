/** HTTP statuses of the error kinds, as docs/errors.md states them for each dialect. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError, errorKinds } from '../core/errors.js';
import { httpStatusOf, toHttpError } from './errors.js';

function documentedStatuses(): Map<string, number[]> {
  const text = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const rows = new Map<string, number[]>();
  for (const line of text.split('\n')) {
    const match = /^\| `([a-z_]+)` \|(.*)\|\s*$/.exec(line);
    if (match?.[1] && match[2] !== undefined) rows.set(match[1], match[2].split('|').slice(1).map((c) => Number(c.trim())));
  }
  return rows;
}

describe('error statuses', () => {
  it.each([...errorKinds])('%s has the status docs/errors.md gives it in every dialect', (kind) => {
    const statuses = documentedStatuses().get(kind);
    expect(statuses).toEqual([httpStatusOf(kind), httpStatusOf(kind), httpStatusOf(kind)]);
    expect(toHttpError(new DomainError(kind, 'x')).status).toBe(httpStatusOf(kind));
  });

  it('maps framework errors to 4xx and anything unknown to 500', () => {
    expect(toHttpError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 })).toMatchObject({ status: 413, kind: 'payload_too_large' });
    expect(toHttpError({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 })).toMatchObject({ status: 415 });
    expect(toHttpError({ validation: [{ instancePath: '/rules/0/weight', keyword: 'maximum', message: 'must be <= 10000' }], validationContext: 'body' })).toMatchObject({
      status: 400,
      field: 'body.rules[0].weight',
      message: 'body.rules[0].weight: must be <= 10000',
    });
    expect(toHttpError(new Error('boom'))).toMatchObject({ status: 500, kind: 'internal' });
  });
});
