/**
 * The per-project facts ingestion looks up on every batch — that the project exists, and its
 * event definitions by id and key — kept in memory. A batch naming an event id or key the
 * cached copy does not know reloads it first, so a definition created a moment ago (in this
 * process or another) is never missed; committed changes drop the entry, in this process and —
 * through the app's invalidation bus — in the others (so a renamed key is not resolved stale).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { eventDefinitions, projectExists, type EventDefinitions } from '../store/read/event-catalog.js';

export class EventDefinitionsCache {
  private readonly projects = new Set<number>();
  private readonly definitions = new Map<number, EventDefinitions>();

  constructor(private readonly db: Kysely<DB>) {}

  /** Only existing projects are remembered: an unknown one is asked about again next time. */
  async projectExists(projectId: number): Promise<boolean> {
    if (this.projects.has(projectId)) return true;
    const exists = await projectExists(this.db, projectId);
    if (exists) this.projects.add(projectId);
    return exists;
  }

  async definitionsFor(projectId: number, ids: readonly number[], keys: readonly string[]): Promise<EventDefinitions> {
    const cached = this.definitions.get(projectId);
    if (cached && ids.every((id) => cached.ids.has(id)) && keys.every((k) => cached.byKey.has(k))) return cached;
    const fresh = await eventDefinitions(this.db, projectId);
    this.definitions.set(projectId, fresh);
    return fresh;
  }

  forget(projectId: number): void {
    this.projects.delete(projectId);
    this.definitions.delete(projectId);
  }

  clear(): void {
    this.projects.clear();
    this.definitions.clear();
  }
}
