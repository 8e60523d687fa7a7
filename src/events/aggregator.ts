/**
 * Keeps the aggregates close behind the log in this process: after every ingest commit (and at
 * start) a fold is scheduled; kicks that arrive while one runs coalesce into one more run, so
 * under load each fold takes many batches at once. Reads do not wait for it — they catch up
 * themselves (readExperimentDaily) — so a failed or late fold costs time, never correctness.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { foldNewEvents } from '../store/aggregates/fold.js';

export class Aggregator {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly onError: (error: unknown) => void,
    /** A short wait lets a burst of commits be folded together. */
    private readonly delayMs = 25,
  ) {}

  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.timer ??= setTimeout(() => this.run(), this.delayMs);
  }

  /** Resolves when no fold is scheduled or running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running || this.timer) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.run();
      }
      await this.running;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.again = false;
    await this.running;
  }

  private run(): void {
    this.timer = null;
    this.running = foldNewEvents(this.db)
      .then(() => undefined, this.onError)
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }
}
