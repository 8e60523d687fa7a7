/**
 * Fixed-window rate limits per token (per client address before authentication). Counters live
 * in memory, or in Redis when REDIS_URL is set so that several server processes count together.
 *
 * Written here rather than with @fastify/rate-limit because the conventions need the reset
 * header as a Unix timestamp (the plugin sends seconds-until-reset), two limits counted on one
 * request (global and results), and 429s rendered by each dialect's own error handler; the
 * counting itself is two Redis commands.
 */
import type { Redis } from 'ioredis';

export interface WindowCount {
  readonly count: number;
  /** When the window ends, ms since the epoch. */
  readonly resetAt: number;
}

export interface RateLimitStore {
  /** Counts one hit on `key` in the current window of `windowMs`. */
  hit(key: string, windowMs: number, now: number): Promise<WindowCount>;
  close(): Promise<void>;
}

export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private lastSweep = 0;

  async hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    const start = now - (now % windowMs);
    const resetAt = start + windowMs;
    const full = `${key}:${start}`;
    const entry = this.windows.get(full);
    if (entry) entry.count += 1;
    else this.windows.set(full, { count: 1, resetAt });
    if (now - this.lastSweep > windowMs) this.sweep(now);
    return { count: entry ? entry.count : 1, resetAt };
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [k, v] of this.windows) if (v.resetAt <= now) this.windows.delete(k);
  }

  async close(): Promise<void> {
    this.windows.clear();
  }
}

/** Connection states in which Redis is known to be unreachable: fail at once rather than queue. */
const DOWN = new Set(['reconnecting', 'close', 'end']);

export class RedisRateLimitStore implements RateLimitStore {
  constructor(private readonly redis: Redis) {}

  async hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    if (DOWN.has(this.redis.status)) throw new Error(`Redis is unreachable (${this.redis.status})`);
    const start = now - (now % windowMs);
    const full = `fieldtest:rl:${key}:${start}`;
    const results = await this.redis.multi().incr(full).pexpire(full, windowMs + 1000).exec();
    const count = Number(results?.[0]?.[1] ?? 1);
    return { count, resetAt: start + windowMs };
  }

  async close(): Promise<void> {
    // quit() waits for a connection that may never come back; disconnect() does not.
    await this.redis.quit().catch(() => undefined);
    this.redis.disconnect();
  }
}

/**
 * Shared counters that fail open: while the primary store (Redis) cannot count, requests are
 * counted in this process's memory instead — still served, still limited per process (a count
 * that can only be lower than the shared one), and the headers stay — with a warning at most
 * once a minute rather than a 500 on every request.
 */
export class FailOpenRateLimitStore implements RateLimitStore {
  private lastWarning = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly primary: RateLimitStore,
    private readonly fallback: RateLimitStore,
    private readonly warn: (error: unknown) => void,
  ) {}

  async hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    try {
      return await this.primary.hit(key, windowMs, now);
    } catch (error) {
      if (now - this.lastWarning >= 60_000) {
        this.lastWarning = now;
        this.warn(error);
      }
      return this.fallback.hit(key, windowMs, now);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.primary.close(), this.fallback.close()]);
  }
}

export interface LimitResult {
  readonly limit: number;
  readonly remaining: number;
  /** Unix seconds (UTC) when a fresh window starts. */
  readonly reset: number;
  readonly exceeded: boolean;
}

/** Counts a request against each (bucket, limit) and reports the tightest one. */
export async function checkLimits(store: RateLimitStore, subject: string, limits: readonly { bucket: string; limit: number }[], now: number): Promise<LimitResult> {
  let tightest: LimitResult | null = null;
  for (const { bucket, limit } of limits) {
    const { count, resetAt } = await store.hit(`${bucket}:${subject}`, 60_000, now);
    const result = { limit, remaining: Math.max(0, limit - count), reset: Math.ceil(resetAt / 1000), exceeded: count > limit };
    if (tightest === null || result.remaining < tightest.remaining || result.exceeded) tightest = result;
  }
  if (tightest === null) throw new Error('checkLimits needs at least one limit');
  return tightest;
}
