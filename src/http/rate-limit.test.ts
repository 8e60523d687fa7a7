/** Rate limits fail open: counting falls back to memory while the shared store cannot answer. */
import { describe, expect, it } from 'vitest';
import { checkLimits, FailOpenRateLimitStore, MemoryRateLimitStore, type RateLimitStore } from './rate-limit.js';

const broken: RateLimitStore = {
  hit: () => Promise.reject(new Error('ECONNREFUSED')),
  close: () => Promise.resolve(),
};

describe('FailOpenRateLimitStore', () => {
  it('counts in memory while the primary store fails, warning at most once a minute', async () => {
    const warnings: unknown[] = [];
    const store = new FailOpenRateLimitStore(broken, new MemoryRateLimitStore(), (e) => warnings.push(e));
    const t0 = 1_900_000_000_000;
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await checkLimits(store, 't:a', [{ bucket: 'all', limit: 2 }], t0 + i));
    expect(results.map((r) => [r.remaining, r.exceeded])).toEqual([[1, false], [0, false], [0, true]]);
    expect(warnings).toHaveLength(1);
    await store.hit('k', 60_000, t0 + 59_999);
    expect(warnings).toHaveLength(1);
    await store.hit('k', 60_000, t0 + 60_000);
    expect(warnings).toHaveLength(2);
  });

  it('uses the primary store whenever it answers', async () => {
    const counted: string[] = [];
    const primary: RateLimitStore = { hit: async (key) => (counted.push(key), { count: 41, resetAt: 60_000 }), close: async () => undefined };
    const store = new FailOpenRateLimitStore(primary, new MemoryRateLimitStore(), () => undefined);
    expect(await store.hit('k', 60_000, 1)).toEqual({ count: 41, resetAt: 60_000 });
    expect(counted).toEqual(['k']);
  });
});
