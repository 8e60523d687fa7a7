/**
 * Authenticated personal tokens, kept in memory so that a request does not query the database to
 * learn who sent it. It is only correct if every change to tokens, users or roles empties it
 * before the next request is authenticated:
 *  - changes made by this process: commands call `clear()` after they commit
 *    (`Services.credentialsChanged`);
 *  - changes made by other processes: `outside()` reports them — on SQLite the file's
 *    data_version, on PostgreSQL the Redis channel other processes publish on. When that cannot
 *    be known (PostgreSQL without Redis, or with the subscription down), nothing is cached.
 * Revocation is therefore as immediate as without the cache.
 */
import type { Actor } from '../core/permissions.js';

/** What this process knows of credential changes by other processes since it last asked. */
export type OutsideChanges = () => 'none' | 'some' | 'unknown';

interface Entry {
  readonly actor: Actor;
  /** Token expiry, ms since the epoch; null for none. */
  readonly expiresAt: number | null;
}

export class ActorCache {
  private readonly entries = new Map<string, Entry>();
  /** Raised by every clear: a lookup that started before one may not store what it read. */
  private generation = 0;
  /** False while changes elsewhere cannot be known: then nothing is kept. */
  private trusting = true;

  constructor(
    private readonly outside: OutsideChanges,
    private readonly capacity = 10_000,
  ) {}

  /** Call before reading the database; pass the result to `set`. */
  begin(): number {
    return this.generation;
  }

  /** The cached actor of a token hash, or undefined when it must be read from the database. */
  get(tokenHash: string, now: number): Actor | undefined {
    const outside = this.outside();
    this.trusting = outside !== 'unknown';
    if (outside !== 'none') {
      this.clear();
      if (!this.trusting) return undefined;
    }
    const entry = this.entries.get(tokenHash);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= now) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.actor;
  }

  /** Keeps what a lookup found, unless credentials changed while it ran. */
  set(tokenHash: string, actor: Actor, expiresAt: string | null, generation: number): void {
    if (generation !== this.generation || !this.trusting) return;
    // Only live tokens are kept (an unknown token is not), so the size is bounded by real tokens.
    if (this.entries.size >= this.capacity) this.entries.clear();
    this.entries.set(tokenHash, { actor, expiresAt: expiresAt === null ? null : Date.parse(expiresAt) });
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
