/**
 * `fieldtest results rebuild [--experiment ID]` recomputes the aggregates from the raw events:
 * lost aggregates come back identical to what incremental folding had built.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { runCli } from '../helpers/cli.js';
import { readExperimentDaily, type ExperimentDaily } from '../../src/store/read/experiment-daily.js';
import { buildEventsFixture, experimentWindow, type EventsFixture } from './fixture.js';

describe.each(databases)('fieldtest results rebuild on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let fx: EventsFixture;
  let built: ExperimentDaily;

  const daily = async () => readExperimentDaily(server.store.db, await experimentWindow(server, fx.experimentId));

  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    fx = await buildEventsFixture(api);
    const now = Date.now();
    const events = Array.from({ length: 20 }, (_, i) => [
      { type: 'exposure', uuid: `cli-x-${i}`, visitor_id: `cli-${i}`, timestamp: now + i, experiment_id: fx.experimentId, variation_id: i % 2 ? fx.variations.treatment : fx.variations.control },
      { type: 'conversion', uuid: `cli-c-${i}`, visitor_id: `cli-${i}`, timestamp: now + 100 + i, event_key: fx.purchaseKey, revenue: 100 * i },
    ]).flat();
    const res = await api.request('POST', '/api/events', { rawBody: JSON.stringify(events), token: null, headers: { 'x-api-key': fx.sdkKey, 'content-type': 'application/json' } });
    expect(res.status, res.text).toBe(204);
    built = await daily();
    expect(built.cells.reduce((n, c) => n + c.visitors, 0)).toBe(20);
  });
  afterAll(async () => server.close());

  it('rebuilds one experiment, then everything, to the same numbers', async () => {
    await server.store.db.deleteFrom('experiment_daily_cells').where('experiment_id', '=', fx.experimentId).execute();
    expect((await daily()).cells).toEqual([]);
    const one = await runCli(['results', 'rebuild', '--experiment', String(fx.experimentId)], { DATABASE_URL: server.databaseUrl });
    expect(one.stderr).toBe('');
    expect(one.stdout).toContain('rebuilt the aggregates of 1 experiment from the event log');
    expect(await daily()).toEqual(built);

    await server.store.db.deleteFrom('experiment_daily_cells').execute();
    const all = await runCli(['results', 'rebuild'], { DATABASE_URL: server.databaseUrl });
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/rebuilt the aggregates of \d+ experiments? from the event log/);
    expect(await daily()).toEqual(built);
  });

  it('says so when the experiment does not exist', async () => {
    const res = await runCli(['results', 'rebuild', '--experiment', '99999999'], { DATABASE_URL: server.databaseUrl });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('no experiment 99999999');
  });
});
