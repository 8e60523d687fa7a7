/**
 * Durable, group-committed appends to the event log. The events of every batch that arrives
 * while a commit is under way go into the next transaction together, and each caller is
 * answered once the transaction holding its events has committed: under load one fsync serves
 * many requests, alone a request waits for its own commit. A batch is never split across
 * transactions, so it is written whole or not at all.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { appendEvents, type RawEvent } from './append.js';

interface Pending {
  readonly events: RawEvent[];
  readonly done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function pending(): Pending {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { events: [], done, resolve, reject };
}

export class EventWriter {
  private next: Pending | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: () => Date,
    /** Called after each commit (the aggregator folds what was committed). */
    private readonly afterCommit: () => void = () => undefined,
  ) {}

  /** Resolves once `events` are committed (rejects if their transaction failed). */
  record(events: readonly RawEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    if (this.next === null) {
      const batch = pending();
      this.next = batch;
      // The batch closes when the previous commit is done: whatever arrived meanwhile joins it.
      this.writing = this.writing.then(() => this.commit(batch));
    }
    this.next.events.push(...events);
    return this.next.done;
  }

  private async commit(batch: Pending): Promise<void> {
    // Let the requests that arrived during the previous commit (SQLite commits block the event
    // loop) reach this point and join the batch before it closes.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.next === batch) this.next = null;
    try {
      await this.db.transaction().execute((trx) => appendEvents(trx, batch.events, this.clock().getTime()));
      batch.resolve();
      this.afterCommit();
    } catch (error) {
      batch.reject(error);
    }
  }
}
