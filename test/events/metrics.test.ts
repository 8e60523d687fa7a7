/**
 * The Optimizely dialect's experiment metrics — `[{event_id, aggregator, field, scope,
 * winning_direction}]`, what attribution aggregates — survive create, read and update as sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { buildEvent, buildExperiment, buildFlag, buildProject, expectError, ok, type Experiment } from '../helpers/factories.js';

describe.each(databases)('experiment metrics round-trip on %s', (engine) => {
  let server: TestServer;
  let api: Client;

  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
  });
  afterAll(async () => server.close());

  it('keeps every metric field on create, read and update', async () => {
    const project = await buildProject(api);
    const flag = await buildFlag(api, project.id, { variations: [{ key: 'a' }, { key: 'b' }] });
    const purchase = await buildEvent(api, project.id);
    const refund = await buildEvent(api, project.id);
    const metrics = [
      { event_id: purchase.id, aggregator: 'unique', scope: 'visitor', winning_direction: 'increasing' },
      { event_id: purchase.id, aggregator: 'sum', field: 'revenue', scope: 'visitor', winning_direction: 'increasing' },
      { event_id: refund.id, aggregator: 'count', scope: 'visitor', winning_direction: 'decreasing' },
    ];
    const created = await buildExperiment(api, project.id, {
      flag_key: flag.key, environment_key: 'production', key: 'metrics_rt',
      variations: [{ key: 'a', weight: 5000 }, { key: 'b', weight: 5000 }],
      metrics,
    });
    expect(created.metrics).toEqual(metrics);
    expect(ok(await api.get<Experiment>(`/v2/experiments/${created.id}`)).metrics).toEqual(metrics);

    const changed = [
      { event_id: refund.id, aggregator: 'sum', field: 'value', scope: 'visitor', winning_direction: 'decreasing' },
      { event_id: purchase.id, aggregator: 'unique', scope: 'visitor', winning_direction: 'increasing' },
    ];
    expect(ok(await api.patch<Experiment>(`/v2/experiments/${created.id}`, { metrics: changed })).metrics).toEqual(changed);
    expect(ok(await api.get<Experiment>(`/v2/experiments/${created.id}`)).metrics).toEqual(changed);
    // Defaults fill what was left out.
    const defaulted = ok(await api.patch<Experiment>(`/v2/experiments/${created.id}`, { metrics: [{ event_id: refund.id }] })).metrics;
    expect(defaulted).toEqual([{ event_id: refund.id, aggregator: 'unique', scope: 'visitor', winning_direction: 'increasing' }]);
    expectError(await api.patch(`/v2/experiments/${created.id}`, { metrics: [{ event_id: refund.id, aggregator: 'median' }] }), 400, 'metrics[0].aggregator');
  });
});
