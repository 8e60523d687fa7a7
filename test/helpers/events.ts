/**
 * Puts events into the test server's event log. Until the ingestion endpoints land this appends
 * with `appendEvents` on the server's own database (the same DATABASE_URL, not a mock); a suite
 * only builds events with `exposure`/`conversion` and calls `seedEvents`, so switching this file
 * to `POST /v1/events` later changes no test.
 */
import { randomUUID } from 'node:crypto';
import { appendEvents, type RawEvent } from '../../src/events/append.js';
import type { TestServer } from './server.js';

export type SeedEvent = RawEvent;

const base = { experimentId: null, variationId: null, eventId: null, eventKey: null, value: null, revenue: null, source: 'native', attributes: null } as const;

/** An exposure (decision) of `visitorId` to a variation of an experiment at `at` (ms). */
export function exposure(projectId: number, visitorId: string, experimentId: number, variationId: number, at: number): SeedEvent {
  return { ...base, projectId, uuid: randomUUID(), kind: 'exposure', visitorId, experimentId, variationId, timestamp: at };
}

/** A conversion on event `eventId` (key `eventKey`) at `at`, with an optional value and revenue. */
export function conversion(projectId: number, visitorId: string, event: { id: number; key: string }, at: number, numbers: { value?: number; revenue?: number } = {}): SeedEvent {
  return { ...base, projectId, uuid: randomUUID(), kind: 'conversion', visitorId, eventId: event.id, eventKey: event.key, timestamp: at, value: numbers.value ?? null, revenue: numbers.revenue ?? null };
}

/** Appends the events in one transaction; returns how many were new. */
export async function seedEvents(server: TestServer, events: readonly SeedEvent[]): Promise<number> {
  return server.store.db.transaction().execute((trx) => appendEvents(trx, events, Date.now()));
}
