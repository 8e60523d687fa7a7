/**
 * Sends events to the test server as a client would: `POST /api/events` (the native batch) with
 * the administrator's token and the project in the envelope, in batches of at most 10,000.
 */
import { randomUUID } from 'node:crypto';
import type { RawEvent } from '../../src/events/append.js';
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

/** The native batch object of an event. */
function native(e: SeedEvent): Record<string, unknown> {
  const common = { uuid: e.uuid, visitor_id: e.visitorId, timestamp: e.timestamp };
  if (e.kind === 'exposure') return { type: 'exposure', ...common, experiment_id: e.experimentId, variation_id: e.variationId };
  return {
    type: 'conversion', ...common,
    ...(e.eventId === null ? { event_key: e.eventKey } : { event_id: e.eventId }),
    ...(e.value === null ? {} : { value: e.value }),
    ...(e.revenue === null ? {} : { revenue: e.revenue }),
  };
}

/** Posts the events (grouped by project, 10,000 per request); returns how many were sent. */
export async function seedEvents(server: TestServer, events: readonly SeedEvent[]): Promise<number> {
  const byProject = new Map<number, SeedEvent[]>();
  for (const e of events) byProject.set(e.projectId, [...(byProject.get(e.projectId) ?? []), e]);
  for (const [projectId, list] of byProject) {
    for (let i = 0; i < list.length; i += 10_000) {
      const res = await fetch(`${server.url}/api/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ project_id: projectId, events: list.slice(i, i + 10_000).map(native) }),
      });
      if (res.status !== 204) throw new Error(`POST /api/events answered ${res.status}: ${await res.text()}`);
    }
  }
  return events.length;
}
