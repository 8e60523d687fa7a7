/**
 * POST /v1/events with the batches the official Optimizely SDK really sends: a Node SDK client
 * polls this server's datafile, decides and tracks for a dozen visitors, and a custom event
 * dispatcher captures its EventBatch requests, which are posted here byte for byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchEventProcessor, createInstance, createPollingProjectConfigManager, type LogEvent } from '@optimizely/optimizely-sdk';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectError } from '../helpers/factories.js';
import { experimentDailyFromLog, readExperimentDaily } from '../../src/store/read/experiment-daily.js';
import { buildEventsFixture, experimentWindow, logCount, type EventsFixture } from './fixture.js';

const VISITORS = 12;

/** Runs the SDK against the server and returns the request bodies it would have sent. */
async function captureSdkBatches(url: string, fx: EventsFixture): Promise<LogEvent[]> {
  const captured: LogEvent[] = [];
  // The final flush on close() goes through the closing dispatcher: capture that one too.
  const eventDispatcher = { dispatchEvent: async (event: LogEvent) => { captured.push(event); return { statusCode: 204 }; } };
  const sdk = createInstance({
    projectConfigManager: createPollingProjectConfigManager({ sdkKey: fx.sdkKey, urlTemplate: `${url}/datafiles/%s.json`, autoUpdate: false }),
    eventProcessor: createBatchEventProcessor({
      batchSize: 5,
      flushInterval: 60_000,
      eventDispatcher,
      closingEventDispatcher: eventDispatcher,
    }),
  });
  await sdk.onReady({ timeout: 10_000 });
  for (let i = 0; i < VISITORS; i++) {
    const user = sdk.createUserContext(`sdk-visitor-${i}`, { plan: 'pro' });
    user.decide(fx.flagKey);
    if (i % 2 === 0) user.trackEvent(fx.purchaseKey, { revenue: 1000 + i, value: 1.5, category: 'shoes' });
    if (i % 3 === 0) user.trackEvent(fx.signupKey, { value: 2 });
  }
  // close() hands its last batch to the closing dispatcher without waiting; flush first.
  await (sdk as unknown as { flushImmediately(): Promise<unknown> }).flushImmediately();
  await sdk.close();
  return captured;
}

describe.each(databases)('POST /v1/events on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let fx: EventsFixture;
  let batches: LogEvent[];

  const post = (body: string) => api.request('POST', '/v1/events', { rawBody: body, token: null, headers: { 'content-type': 'application/json' } });

  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    fx = await buildEventsFixture(api);
    batches = await captureSdkBatches(server.url, fx);
  });
  afterAll(async () => server.close());

  it('accepts the SDK batches as sent, files impressions and conversions, and answers 204 once they are stored', async () => {
    expect(batches.length).toBeGreaterThan(1);
    expect(batches[0]?.url).toBe('https://logx.optimizely.com/v1/events');
    let sent = 0;
    for (const batch of batches) {
      const body = batch.params as { visitors: { snapshots: { events: unknown[] }[] }[] };
      sent += body.visitors.reduce((n, v) => n + v.snapshots.reduce((m, s) => m + s.events.length, 0), 0);
      const res = await post(JSON.stringify(batch.params));
      expect(res.status, res.text).toBe(204);
    }
    // Durable at 204: the rows are there without waiting for anything.
    expect(await logCount(server, fx.projectId)).toBe(sent);
    const rows = await server.store.db.selectFrom('event_log').selectAll().where('project_id', '=', fx.projectId).execute();
    const exposures = rows.filter((r) => r.kind === 'exposure');
    expect(exposures).toHaveLength(VISITORS);
    for (const x of exposures) {
      expect(x.experiment_id).toBe(fx.experimentId);
      expect([fx.variations.control, fx.variations.treatment]).toContain(x.variation_id);
      expect(x.source).toBe('sdk');
    }
    const purchases = rows.filter((r) => r.kind === 'conversion' && r.event_id === fx.events.purchase);
    expect(purchases).toHaveLength(VISITORS / 2);
    expect(purchases.map((p) => Number(p.revenue)).sort()).toEqual([1000, 1002, 1004, 1006, 1008, 1010]);
    expect(rows.filter((r) => r.kind === 'conversion' && r.event_id === fx.events.signup)).toHaveLength(VISITORS / 3);
    // Undeclared attributes are dropped by the SDK; its own $opt_ ones arrive.
    expect(JSON.parse(exposures[0]?.attributes ?? '{}')).toMatchObject({ $opt_bot_filtering: false });
  });

  it('counts a re-sent batch once (same uuids) and the results read what was stored', async () => {
    const before = await logCount(server, fx.projectId);
    for (const batch of batches) expect((await post(JSON.stringify(batch.params))).status).toBe(204);
    expect(await logCount(server, fx.projectId)).toBe(before);
    const e = await experimentWindow(server, fx.experimentId);
    const daily = await readExperimentDaily(server.store.db, e);
    expect(daily.cells.reduce((n, c) => n + c.visitors, 0)).toBe(VISITORS);
    expect(daily).toEqual(await experimentDailyFromLog(server.store.db, e));
  });

  it('keeps a conversion of an unknown event key raw, with no event id', async () => {
    const batch = { account_id: '1', project_id: String(fx.projectId), visitors: [{ visitor_id: 'v-unknown', attributes: [], snapshots: [{ events: [{ entity_id: '999999', key: 'not_defined', timestamp: Date.now(), uuid: 'unknown-key-1' }] }] }] };
    expect((await post(JSON.stringify(batch))).status).toBe(204);
    const row = await server.store.db.selectFrom('event_log').selectAll().where('uuid', '=', 'unknown-key-1').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'conversion', event_id: null, event_key: 'not_defined' });
  });

  it('refuses a batch with one bad event whole: 400 naming the field, nothing stored', async () => {
    const good = (uuid: string) => ({ entity_id: String(fx.events.purchase), key: fx.purchaseKey, timestamp: Date.now(), uuid });
    const batch = {
      account_id: '1', project_id: String(fx.projectId),
      visitors: [
        { visitor_id: 'bad-1', snapshots: [{ events: [good('partial-1')] }] },
        { visitor_id: 'bad-2', snapshots: [{ events: [good('partial-2')] }] },
        { visitor_id: 'bad-3', snapshots: [{ events: [{ ...good('partial-3'), timestamp: 'yesterday' }] }] },
      ],
    };
    const before = await logCount(server, fx.projectId);
    expectError(await post(JSON.stringify(batch)), 400, 'visitors[2].snapshots[0].events[0].timestamp');
    expectError(await post(JSON.stringify({ ...batch, visitors: [{ snapshots: [] }] })), 400, 'visitors[0].visitor_id');
    expectError(await post('{"visitors": ['), 400, 'body');
    expect(await logCount(server, fx.projectId)).toBe(before);
  });

  it('answers 400 for an unknown project', async () => {
    const batch = { account_id: '1', project_id: '987654321', visitors: [] };
    expectError(await post(JSON.stringify(batch)), 400, 'project_id', '987654321');
  });

  it('answers 413 for more than 10,000 events or more than 10 MB', async () => {
    const event = (i: number) => ({ key: fx.purchaseKey, timestamp: Date.now(), uuid: `big-${i}` });
    const many = { account_id: '1', project_id: String(fx.projectId), visitors: [{ visitor_id: 'big', snapshots: [{ events: Array.from({ length: 10_001 }, (_, i) => event(i)) }] }] };
    expectError(await post(JSON.stringify(many)), 413, '10000');
    const huge = JSON.stringify({ account_id: '1', project_id: String(fx.projectId), visitors: [], padding: 'x'.repeat(10 * 1024 * 1024) });
    expectError(await post(huge), 413, 'body');
    expect(await server.store.db.selectFrom('event_log').select('id').where('uuid', '=', 'big-0').executeTakeFirst()).toBeUndefined();
  });
});
