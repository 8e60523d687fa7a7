/**
 * What the PostHog suites do besides calling the PostHog API: evaluate flags as an SDK would
 * (OFREP, which records exposures) and record conversions (`POST /api/events`).
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { RawEvent } from '../../src/events/append.js';
import { seedEvents } from '../helpers/events.js';
import type { Client } from '../helpers/http.js';
import type { TestServer } from '../helpers/server.js';

export interface Evaluation {
  key: string;
  value: unknown;
  reason: string;
  variant?: string;
  metadata: Record<string, string | boolean>;
}

/** The SDK key of the project's primary (production) environment. */
export async function primarySdkKey(api: Client, projectId: number): Promise<string> {
  const res = await api.get<{ key: string; sdk_key: string; is_primary?: boolean }[]>(`/v2/environments?project_id=${projectId}`);
  expect(res.status, res.text).toBe(200);
  const env = res.body.find((e) => e.is_primary) ?? res.body.find((e) => e.key === 'production');
  if (!env) throw new Error(`project ${projectId} has no primary environment`);
  return env.sdk_key;
}

/** One OFREP evaluation of `flagKey` for `visitorId` (an exposure when it decides an experiment). */
export async function evaluate(api: Client, sdkKey: string, flagKey: string, visitorId: string, attributes: Record<string, unknown> = {}): Promise<Evaluation> {
  const res = await api.request<Evaluation>('POST', `/ofrep/v1/evaluate/flags/${encodeURIComponent(flagKey)}`, {
    token: sdkKey,
    body: { context: { targetingKey: visitorId, ...attributes } },
  });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/** Conversions of event `eventKey` (a project event) by `visitorIds`, at `at` (ms). */
export async function recordConversions(server: TestServer, api: Client, projectId: number, eventKey: string, visitorIds: readonly string[], at = Date.now()): Promise<void> {
  const events = await api.get<{ id: number; key: string }[]>(`/v2/events?project_id=${projectId}&per_page=100`);
  const eventId = events.body.find((e) => e.key === eventKey)?.id;
  if (eventId === undefined) throw new Error(`project ${projectId} has no event ${eventKey}`);
  const raw: RawEvent[] = visitorIds.map((visitorId) => ({
    projectId, uuid: randomUUID(), kind: 'conversion', visitorId, experimentId: null, variationId: null, eventId, eventKey,
    timestamp: at, value: null, revenue: null, source: 'native', attributes: null,
  }));
  await seedEvents(server, raw);
}
