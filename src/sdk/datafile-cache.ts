/**
 * Datafiles per environment, rebuilt when something changes rather than per request. An entry
 * is dropped by the change listeners (and, with REDIS_URL, by other processes' changes through
 * the invalidation bus); the next request loads and builds the new revision once, however many
 * requests wait for it.
 */
import type { DatafileSource } from '../store/read/datafile-inputs.js';
import { serveDatafile, type ServedDatafile } from './served-datafile.js';

/** A change as commands publish it: a project, and optionally which of its environments. */
export interface DatafileChange {
  readonly projectId: number;
  readonly environmentIds?: readonly number[];
}

const MAX_UNKNOWN_KEYS = 10_000;

export class DatafileCache {
  private readonly entries = new Map<string, ServedDatafile>();
  private readonly loading = new Map<string, Promise<ServedDatafile | null>>();
  private readonly unknown = new Set<string>();
  /** Raised by every invalidation: a load that saw one meanwhile is served but not kept. */
  private epoch = 0;

  constructor(private readonly load: (sdkKey: string) => Promise<DatafileSource | null>) {}

  /** The cached datafile of `sdkKey`, without waiting (the hot path). */
  peek(sdkKey: string): ServedDatafile | undefined {
    return this.entries.get(sdkKey);
  }

  /** The datafile of `sdkKey`, loaded and built if it is not cached; null for an unknown key. */
  async get(sdkKey: string): Promise<ServedDatafile | null> {
    const cached = this.entries.get(sdkKey);
    if (cached) return cached;
    if (this.unknown.has(sdkKey)) return null;
    let pending = this.loading.get(sdkKey);
    if (!pending) {
      pending = this.fetch(sdkKey);
      this.loading.set(sdkKey, pending);
    }
    return pending;
  }

  private async fetch(sdkKey: string): Promise<ServedDatafile | null> {
    const epoch = this.epoch;
    try {
      const source = await this.load(sdkKey);
      const served = source === null ? null : serveDatafile(source);
      if (epoch === this.epoch) {
        if (served) this.entries.set(sdkKey, served);
        else if (this.unknown.size < MAX_UNKNOWN_KEYS) this.unknown.add(sdkKey);
      }
      return served;
    } finally {
      this.loading.delete(sdkKey);
    }
  }

  /** Drops what `change` alters. Unknown keys are forgotten too: the change may have created one. */
  invalidate(change: DatafileChange): void {
    this.epoch++;
    this.unknown.clear();
    for (const [key, entry] of this.entries) {
      if (entry.projectId !== change.projectId) continue;
      if (change.environmentIds === undefined || change.environmentIds.includes(entry.environmentId)) this.entries.delete(key);
    }
  }

  clear(): void {
    this.epoch++;
    this.entries.clear();
    this.unknown.clear();
  }
}
