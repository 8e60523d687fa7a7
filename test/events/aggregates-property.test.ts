/**
 * Incremental aggregates equal a rebuild from the raw log, exactly, whatever the stream: random
 * exposures and conversions (before and after the start, out of order, duplicated, visitors in
 * two variations, unknown event keys) split into random batches and posted through the real
 * ingestion endpoint, with results reads (which fold what is committed) between some batches
 * while the background aggregator folds too. Then: the aggregates equal what `fieldtest results
 * rebuild` computes, and equal the reference recomputation from the log (values are multiples
 * of 1/4 and revenue whole cents, so even the float reference is exact).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { experimentDailyFromLog, readExperimentDaily, type ExperimentDaily } from '../../src/store/read/experiment-daily.js';
import { rebuildAggregates } from '../../src/store/aggregates/rebuild.js';
import { buildEventsFixture, experimentWindow, type EventsFixture } from './fixture.js';

const hour = 3_600_000;

interface NativeEvent {
  readonly uuid: string;
  readonly type: 'exposure' | 'conversion';
  readonly visitor_id: string;
  readonly timestamp: number;
  readonly variation_id?: number;
  readonly experiment_id?: number;
  readonly event_key?: string;
  readonly value?: number;
  readonly revenue?: number;
}

/** Drops metric entries that are all zero (the log's reference keeps them, cells do not). */
function normalized(d: ExperimentDaily): ExperimentDaily {
  return {
    conflicted: d.conflicted,
    cells: d.cells.map((c) => ({ ...c, metrics: Object.fromEntries(Object.entries(c.metrics).filter(([, m]) => m.converters !== 0 || m.sum !== 0 || m.sumSquares !== 0)) })),
  };
}

describe.each(databases)('incremental aggregates on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let fx: EventsFixture;
  let startedAt: number;
  let run = 0;

  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    fx = await buildEventsFixture(api);
    const e = await experimentWindow(server, fx.experimentId);
    startedAt = Date.parse(e.startedAt ?? '');
  });
  afterAll(async () => server.close());

  const post = async (events: readonly NativeEvent[]) => {
    const res = await api.request('POST', '/api/events', { rawBody: JSON.stringify(events), token: null, headers: { 'content-type': 'text/plain', 'x-api-key': fx.sdkKey } });
    expect(res.status, res.text).toBe(204);
  };

  it('equal a rebuild from the raw events, exactly, for random streams', async () => {
    const eventArb = (visitors: number) => fc.record({
      visitor: fc.nat({ max: visitors - 1 }),
      // Two days before the start to five after: some exposures and conversions predate it.
      at: fc.integer({ min: -48, max: 120 }).map((h) => h * hour),
      jitter: fc.nat({ max: hour - 1 }),
      kind: fc.constantFrom('exposure', 'exposure', 'purchase', 'signup', 'unknown'),
      treatment: fc.boolean(),
      quarter: fc.integer({ min: -40, max: 40 }),
      cents: fc.integer({ min: 0, max: 100_000 }),
      withValue: fc.boolean(),
    });
    const streamArb = fc.record({
      events: fc.array(eventArb(6), { minLength: 1, maxLength: 40 }),
      // Re-sent events (same uuid), batch boundaries, and where a results read happens.
      duplicates: fc.array(fc.nat(), { maxLength: 6 }),
      order: fc.array(fc.nat(), { minLength: 50, maxLength: 50 }),
      cuts: fc.array(fc.boolean(), { minLength: 50, maxLength: 50 }),
      reads: fc.array(fc.boolean(), { minLength: 50, maxLength: 50 }),
    });
    await fc.assert(
      fc.asyncProperty(streamArb, async (stream) => {
        run += 1;
        const events: NativeEvent[] = stream.events.map((g, i) => {
          const base = { uuid: `r${run}-e${i}`, visitor_id: `r${run}-v${g.visitor}`, timestamp: startedAt + g.at + g.jitter };
          if (g.kind === 'exposure') return { ...base, type: 'exposure', experiment_id: fx.experimentId, variation_id: g.treatment ? fx.variations.treatment : fx.variations.control };
          const key = g.kind === 'purchase' ? fx.purchaseKey : g.kind === 'signup' ? fx.signupKey : 'not_a_metric';
          return { ...base, type: 'conversion', event_key: key, ...(g.withValue ? { value: g.quarter / 4 } : {}), ...(g.kind === 'purchase' ? { revenue: g.cents } : {}) };
        });
        for (const d of stream.duplicates) {
          const again = events[d % events.length];
          if (again) events.push(again);
        }
        // Out of order: sort by a random key per event.
        const shuffled = events.map((e, i) => ({ e, k: stream.order[i % stream.order.length] ?? 0, i })).sort((a, b) => a.k - b.k || a.i - b.i).map((x) => x.e);
        let batch: NativeEvent[] = [];
        for (let i = 0; i < shuffled.length; i++) {
          batch.push(shuffled[i] as NativeEvent);
          if (stream.cuts[i % stream.cuts.length] === true || i === shuffled.length - 1) {
            await post(batch);
            batch = [];
            if (stream.reads[i % stream.reads.length] === true) await readExperimentDaily(server.store.db, await experimentWindow(server, fx.experimentId));
          }
        }
        const e = await experimentWindow(server, fx.experimentId);
        const incremental = await readExperimentDaily(server.store.db, e);
        const reference = await experimentDailyFromLog(server.store.db, e);
        await rebuildAggregates(server.store.db, null);
        const rebuilt = await readExperimentDaily(server.store.db, e);
        expect(incremental).toEqual(rebuilt);
        expect(normalized(incremental)).toEqual(normalized(reference));
      }),
      { numRuns: 25, seed: 20261123, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: true },
    );
    const final = await readExperimentDaily(server.store.db, await experimentWindow(server, fx.experimentId));
    // The property saw visitors in both variations, conversions and conflicts.
    expect(final.cells.some((c) => Object.keys(c.metrics).length > 0)).toBe(true);
    expect(final.conflicted.length).toBeGreaterThan(0);
  });

  it('rebuild one experiment when its metrics or run change', async () => {
    const before = await readExperimentDaily(server.store.db, await experimentWindow(server, fx.experimentId));
    expect(before.cells.length).toBeGreaterThan(0);
    // Only the signup count remains: the aggregates follow at the next read.
    const res = await api.patch(`/v2/experiments/${fx.experimentId}`, { metrics: [{ event_id: fx.events.signup, aggregator: 'count' }] });
    expect(res.status, res.text).toBe(200);
    const e = await experimentWindow(server, fx.experimentId);
    const after = await readExperimentDaily(server.store.db, e);
    const keys = new Set(after.cells.flatMap((c) => Object.keys(c.metrics)));
    expect([...keys]).toEqual([`${fx.events.signup}:count:`]);
    expect(normalized(after)).toEqual(normalized(await experimentDailyFromLog(server.store.db, e)));
    // Stopping moves the window's end: conversions after it no longer count.
    expect((await api.patch(`/v2/experiments/${fx.experimentId}`, { status: 'paused' })).status).toBe(200);
    expect((await api.patch(`/v2/experiments/${fx.experimentId}`, { status: 'archived' })).status).toBe(200);
    const stopped = await experimentWindow(server, fx.experimentId);
    expect(normalized(await readExperimentDaily(server.store.db, stopped))).toEqual(normalized(await experimentDailyFromLog(server.store.db, stopped)));
  });
});
