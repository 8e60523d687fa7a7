/**
 * POST /api/events: the native batch, as the web snippet posts it (cross-origin, text/plain,
 * X-API-Key) and as servers post it (ids or keys, ISO or ms times, SDK key or personal token).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectError, tokenFor } from '../helpers/factories.js';
import { readExperimentDaily } from '../../src/store/read/experiment-daily.js';
import { buildEventsFixture, experimentWindow, logCount, type EventsFixture } from './fixture.js';

describe.each(databases)('POST /api/events on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let fx: EventsFixture;

  const post = (body: unknown, headers: Record<string, string>, token: string | null = null) =>
    api.request('POST', '/api/events', { rawBody: JSON.stringify(body), token, headers });
  const asSnippet = (body: unknown) => post(body, { 'content-type': 'text/plain', 'x-api-key': fx.sdkKey, origin: 'https://shop.example' });
  const row = (uuid: string) => server.store.db.selectFrom('event_log').selectAll().where('uuid', '=', uuid).executeTakeFirst();

  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    fx = await buildEventsFixture(api);
  });
  afterAll(async () => server.close());

  it('answers the browser preflight and accepts exactly what the web snippet sends', async () => {
    const preflight = await api.request('OPTIONS', '/api/events', { token: null, headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-api-key');
    const now = Date.now();
    // The two shapes of src/sdk/web/snippet.ts send() with format "native".
    const exposure = [{ type: 'exposure', uuid: 'web-x-1', visitor_id: 'web-visitor', timestamp: now, experiment_id: fx.experimentId, variation_id: fx.variations.treatment }];
    const conversion = [{ type: 'conversion', uuid: 'web-c-1', visitor_id: 'web-visitor', timestamp: now + 1, event_key: fx.purchaseKey, value: 3, revenue: 1999 }];
    const res = await asSnippet(exposure);
    expect(res.status, res.text).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((await asSnippet(conversion)).status).toBe(204);
    expect(await row('web-x-1')).toMatchObject({ kind: 'exposure', source: 'native', experiment_id: fx.experimentId, variation_id: fx.variations.treatment, visitor_id: 'web-visitor' });
    expect(await row('web-c-1')).toMatchObject({ kind: 'conversion', event_id: fx.events.purchase, event_key: fx.purchaseKey, value: 3, revenue: 1999 });
  });

  it('resolves keys, takes ISO times and the {events} envelope, and keeps unknown event keys raw', async () => {
    const at = new Date().toISOString();
    const res = await post({ events: [
      { type: 'exposure', uuid: 'key-x-1', visitor_id: 'keyed', timestamp: at, experiment_key: fx.experimentKey, variation_key: 'control' },
      { uuid: 'key-c-1', visitor_id: 'keyed', timestamp: at, event_key: fx.signupKey, value: 2.5 },
      { uuid: 'key-c-2', visitor_id: 'keyed', timestamp: at, event_key: 'never_defined' },
    ] }, { 'content-type': 'application/json', authorization: `Bearer ${fx.sdkKey}` });
    expect(res.status, res.text).toBe(204);
    expect(await row('key-x-1')).toMatchObject({ experiment_id: fx.experimentId, variation_id: fx.variations.control, ts: Date.parse(at) });
    expect(await row('key-c-1')).toMatchObject({ kind: 'conversion', event_id: fx.events.signup, value: 2.5 });
    expect(await row('key-c-2')).toMatchObject({ kind: 'conversion', event_id: null, event_key: 'never_defined' });
    const daily = await readExperimentDaily(server.store.db, await experimentWindow(server, fx.experimentId));
    expect(daily.cells.reduce((n, c) => n + c.visitors, 0)).toBe(2);
  });

  it('takes a personal token with project_id, and checks it', async () => {
    const body = { project_id: fx.projectId, events: [{ type: 'conversion', uuid: 'token-c-1', visitor_id: 'server-side', event_key: fx.purchaseKey, timestamp: Date.now() }] };
    expect((await post(body, { 'content-type': 'application/json' }, server.adminToken)).status).toBe(204);
    const viewer = await tokenFor(server, { role: 'viewer', projectId: fx.projectId });
    expectError(await post({ ...body, events: [{ ...body.events[0], uuid: 'token-c-2' }] }, { 'content-type': 'application/json' }, viewer.secret), 403);
    expectError(await post(body.events, { 'content-type': 'application/json' }, server.adminToken), 400, 'project_id');
    expect(await row('token-c-2')).toBeUndefined();
  });

  it('refuses missing or wrong keys (401) and bad events whole (400 naming the field)', async () => {
    const event = { type: 'conversion', uuid: 'refused-1', visitor_id: 'v', event_key: fx.purchaseKey, timestamp: Date.now() };
    expectError(await post([event], { 'content-type': 'text/plain' }), 401, 'x-api-key');
    expectError(await post([event], { 'content-type': 'text/plain', 'x-api-key': 'sdk_nope' }), 401, 'SDK key');
    const before = await logCount(server, fx.projectId);
    expectError(await asSnippet([event, { ...event, uuid: 'refused-2', value: 'lots' }]), 400, '[1].value');
    expectError(await asSnippet([event, { ...event, uuid: 'refused-3', type: 'exposure', experiment_id: fx.experimentId }]), 400, '[1].variation_id');
    expectError(await asSnippet([{ ...event, uuid: undefined }]), 400, '[0].uuid');
    expectError(await asSnippet({ events: 'all of them' }), 400, 'events');
    expect(await logCount(server, fx.projectId)).toBe(before);
  });

  it('counts a duplicate uuid once, across and within batches', async () => {
    const event = { type: 'conversion', uuid: 'dup-1', visitor_id: 'dup', event_key: fx.purchaseKey, timestamp: Date.now() };
    const before = await logCount(server, fx.projectId);
    expect((await asSnippet([event, event])).status).toBe(204);
    expect((await asSnippet([event])).status).toBe(204);
    expect(await logCount(server, fx.projectId)).toBe(before + 1);
  });

  it('answers 413 above 10,000 events', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({ type: 'conversion', uuid: `many-${i}`, visitor_id: 'v', event_key: fx.purchaseKey, timestamp: Date.now() }));
    expectError(await asSnippet(many), 413, '10000');
    expect(await row('many-0')).toBeUndefined();
  });
});
