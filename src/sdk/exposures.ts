/**
 * Exposures of decisions made on the server (OFREP): an experiment rule or a holdout decision is
 * logged as the impression an SDK would have sent, durably, before the answer goes out.
 *
 * Writes are group-committed: the exposures of every evaluation that arrives while a commit is
 * under way go into the next transaction together, and each request is answered once the
 * transaction holding its exposures has committed. Under load that is one fsync for many
 * requests instead of one each; alone, a request waits for its own commit as before.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Decision, DecideUser } from '../decide/index.js';
import { appendEvents, type RawEvent } from '../events/append.js';
import type { DB } from '../store/schema.js';

/** The exposure a decision makes, or null when it delivers no experiment or holdout. */
export function exposureOf(projectId: number, decision: Decision, user: DecideUser, at: number): RawEvent | null {
  if ((decision.ruleType !== 'experiment' && decision.ruleType !== 'holdout') || decision.ruleId === null || decision.variationId === null) return null;
  const attributes = user.attributes && Object.keys(user.attributes).length > 0 ? user.attributes : null;
  return {
    projectId,
    uuid: randomUUID(),
    kind: 'exposure',
    visitorId: user.userId,
    experimentId: Number(decision.ruleId),
    variationId: Number(decision.variationId),
    eventId: null,
    eventKey: null,
    timestamp: at,
    value: null,
    revenue: null,
    source: 'ofrep',
    attributes,
  };
}

interface Batch {
  readonly events: RawEvent[];
  readonly done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { events: [], done, resolve, reject };
}

export class ExposureLog {
  private next: Batch | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: () => Date,
  ) {}

  /** Resolves once `events` are committed (rejects if their transaction failed). */
  record(events: readonly RawEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    if (this.next === null) {
      const batch = newBatch();
      this.next = batch;
      // The batch closes when the previous commit is done: whatever arrived meanwhile joins it.
      this.writing = this.writing.then(() => this.commit(batch));
    }
    this.next.events.push(...events);
    return this.next.done;
  }

  private async commit(batch: Batch): Promise<void> {
    // Let the requests that arrived during the previous commit (SQLite commits block the event
    // loop) reach their decisions and join this batch before it closes.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.next === batch) this.next = null;
    try {
      await this.db.transaction().execute((trx) => appendEvents(trx, batch.events, this.clock().getTime()));
      batch.resolve();
    } catch (error) {
      batch.reject(error);
    }
  }
}
