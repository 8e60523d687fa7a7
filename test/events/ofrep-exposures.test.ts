/**
 * Exposures recorded by OFREP evaluations are folded into the results aggregates right after
 * they commit — not only at the next ingest or results read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { evaluate, primarySdkKey } from '../posthog/helpers.js';

describe.each(databases)('OFREP exposures reach the aggregates on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
  });
  afterAll(async () => server?.close());

  it('folds them without a results read', async () => {
    const projectId = (await api.post<{ id: number }>('/v2/projects', { name: 'OFREP folds' })).body.id;
    const created = await api.post<{ id: number }>(`/api/projects/${projectId}/experiments/`, {
      name: 'Banner', feature_flag_key: 'banner', filters: { insight: 'TRENDS', events: [{ id: 'purchase' }] },
    });
    expect(created.status, created.text).toBe(201);
    const launched = await api.patch(`/api/projects/${projectId}/experiments/${created.body.id}/`, { start_date: new Date().toISOString() });
    expect(launched.status, launched.text).toBe(200);
    const sdkKey = await primarySdkKey(api, projectId);
    for (let i = 0; i < 20; i++) await evaluate(api, sdkKey, 'banner', `visitor-${i}`);

    await server.app.aggregator.idle();
    const db = server.store.db;
    const last = await db.selectFrom('event_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
    const cursor = await db.selectFrom('event_cursors').select('last_event_id').where('name', '=', 'aggregates').executeTakeFirstOrThrow();
    expect(Number(cursor.last_event_id)).toBe(Number(last.id));
    const visitors = await db.selectFrom('experiment_visitors').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(visitors.n)).toBe(20);
  });
});
