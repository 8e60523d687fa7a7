import { describe, expect, it } from 'vitest';
import { queryMatches, targets, urlMatches, variantIndex, wildcardMatch } from './targeting.js';

describe('wildcardMatch', () => {
  it.each([
    ['/pricing*', '/pricing', true],
    ['/pricing*', '/pricing/enterprise', true],
    ['/pricing*', '/about/pricing', false],
    ['/enterprise', '/enterprise', true],
    ['/enterprise', '/enterprise/x', false],
    ['*/checkout', '/eu/checkout', true],
    ['/a*b*c', '/a-x-b-y-c', true],
    ['/a*b*c', '/a-c-b', false],
    ['/a*a', '/a', false],
    ['/p.html', '/pxhtml', false],
  ])('%s against %s is %s', (pattern, text, expected) => {
    expect(wildcardMatch(pattern, text)).toBe(expected);
  });
});

describe('urlMatches', () => {
  const url = new URL('https://shop.example/pricing?plan=pro#top');
  it('matches paths, full URLs, and the query string only when asked', () => {
    expect(urlMatches(undefined, url, false)).toBe(true);
    expect(urlMatches(['/pricing'], url, false)).toBe(true);
    expect(urlMatches(['/pricing'], url, true)).toBe(false);
    expect(urlMatches(['/pricing?plan=*'], url, true)).toBe(true);
    expect(urlMatches(['https://shop.example/*'], url, false)).toBe(true);
    expect(urlMatches(['/about', '/blog*'], url, false)).toBe(false);
  });
});

describe('queryMatches', () => {
  const params = new URLSearchParams('utm_campaign=spring-launch-2026&ref=');
  it.each([
    [{ key: 'utm_campaign', operator: 'contains', value: 'launch' }, true],
    [{ key: 'utm_campaign', operator: 'equals', value: 'spring-launch-2026' }, true],
    [{ key: 'utm_campaign', operator: 'equals', value: 'spring' }, false],
    [{ key: 'utm_campaign', operator: 'startsWith', value: 'spring' }, true],
    [{ key: 'ref', operator: 'exists' }, true],
    [{ key: 'missing', operator: 'exists' }, false],
    [{ key: 'missing', operator: 'contains', value: '' }, false],
  ])('%o is %s', (condition, expected) => {
    expect(queryMatches([condition], params)).toBe(expected);
  });
});

describe('targets and variantIndex', () => {
  const url = new URL('https://x.example/landing');
  const visitor = { status: 'new' as const, properties: { plan: 'pro', seats: 5 }, audiences: ['aud_1'] };
  it('needs every condition', () => {
    expect(targets({ visitorStatus: 'new', visitorProperties: { plan: 'pro', seats: '5' }, audienceId: 'aud_1' }, url, false, visitor)).toBe(true);
    expect(targets({ visitorStatus: 'returning' }, url, false, visitor)).toBe(false);
    expect(targets({ visitorProperties: { plan: 'free' } }, url, false, visitor)).toBe(false);
    expect(targets({ audienceId: 'aud_2' }, url, false, visitor)).toBe(false);
  });
  it('finds the first range above the bucket', () => {
    const ranges = [{ end: 4000 }, { end: 8000 }];
    expect([0, 3999, 4000, 7999, 8000, 9999].map((b) => variantIndex(ranges, b))).toEqual([0, 0, 1, 1, -1, -1]);
  });
});
