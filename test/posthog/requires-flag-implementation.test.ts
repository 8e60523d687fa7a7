/** PostHog requires_flag_implementation: are metric events attributable to exposures yet? */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents, type RawEvent } from '../../src/events/append.js';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';

describe.each(databases)('PostHog requires_flag_implementation on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let projectId: number;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    projectId = (await api.post<{ id: number }>('/v2/projects', { name: 'Flags' })).body.id;
  });
  afterAll(async () => server.close());

  const event = (kind: RawEvent['kind'], visitorId: string, at: number, eventKey: string | null = null): RawEvent => ({
    projectId, uuid: randomUUID(), kind, visitorId, experimentId: null, variationId: null, eventId: null, eventKey, timestamp: at, value: null, revenue: null, source: 'native', attributes: null,
  });

  it('is true until a sampled conversion follows an exposure of its visitor', async () => {
    const path = (events: unknown) => `/api/projects/${projectId}/experiments/requires_flag_implementation/?events=${encodeURIComponent(JSON.stringify(events))}`;
    const none = await api.get<{ result: boolean }>(path([{ id: 'purchase' }]));
    expectContract('posthog', 'experiments_requires_flag_implementation_retrieve', none, 200);
    expect(none.body).toEqual({ result: true });
    const now = Date.now();
    await appendEvents(server.store.db, [event('conversion', 'a', now - 1000, 'purchase'), event('exposure', 'a', now)], now);
    expect((await api.get<{ result: boolean }>(path([{ id: 'purchase' }]))).body.result).toBe(true);
    await appendEvents(server.store.db, [event('exposure', 'b', now - 2000), event('conversion', 'b', now - 1000, 'purchase')], now);
    expect((await api.get<{ result: boolean }>(path([{ id: 'purchase' }]))).body.result).toBe(false);
    expect((await api.get<{ result: boolean }>(path([{ id: 'signup' }]))).body.result).toBe(true);
    const bad = await api.get<{ attr: string }>(`/api/projects/${projectId}/experiments/requires_flag_implementation/?events=nope`);
    expect(bad.status).toBe(400);
    expect(bad.body.attr).toBe('events');
  });
});
