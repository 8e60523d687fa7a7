/** The rules that keep the cache of authenticated tokens from ever answering with stale credentials. */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../core/permissions.js';
import { ActorCache } from './actor-cache.js';

const actor = (userId: number): Actor => ({ userId, email: `u${userId}@example.com`, isAdmin: false, projectRoles: new Map(), scopes: null, tokenId: userId });

describe('ActorCache', () => {
  it('answers what it was given until cleared', () => {
    const cache = new ActorCache(() => 'none');
    expect(cache.get('h', 0)).toBeUndefined();
    cache.set('h', actor(1), null, cache.begin());
    expect(cache.get('h', 0)?.userId).toBe(1);
    cache.clear();
    expect(cache.get('h', 0)).toBeUndefined();
  });

  it('does not keep what a lookup read before a clear (a revocation committed meanwhile)', () => {
    const cache = new ActorCache(() => 'none');
    const generation = cache.begin();
    cache.clear();
    cache.set('h', actor(1), null, generation);
    expect(cache.get('h', 0)).toBeUndefined();
  });

  it('forgets a token at its expiry', () => {
    const cache = new ActorCache(() => 'none');
    cache.set('h', actor(1), '2030-01-01T00:00:00.000Z', cache.begin());
    expect(cache.get('h', Date.parse('2029-12-31T23:59:59.999Z'))?.userId).toBe(1);
    expect(cache.get('h', Date.parse('2030-01-01T00:00:00.000Z'))).toBeUndefined();
  });

  it('drops everything when another process wrote, and keeps nothing while that cannot be known', () => {
    let outside: 'none' | 'some' | 'unknown' = 'none';
    const cache = new ActorCache(() => outside);
    cache.set('h', actor(1), null, cache.begin());
    outside = 'some';
    expect(cache.get('h', 0)).toBeUndefined();
    outside = 'unknown';
    expect(cache.get('h', 0)).toBeUndefined();
    cache.set('h', actor(1), null, cache.begin());
    expect(cache.size).toBe(0);
    outside = 'none';
    expect(cache.get('h', 0)).toBeUndefined();
    cache.set('h', actor(1), null, cache.begin());
    expect(cache.get('h', 0)?.userId).toBe(1);
  });
});
