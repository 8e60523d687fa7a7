/**
 * Ingestion throughput: events per second through `POST /v1/events` on the real app (SQLite,
 * parsing, validation, resolution, durable group-committed appends, the aggregator folding in
 * the same process) against the raw rate of inserting the same rows into `event_log` with
 * better-sqlite3 directly — one transaction per batch, same pragmas (WAL, synchronous=FULL) —
 * measured in the same run. Batches are what the Optimizely SDK sends with its default
 * batchSize of 10: one visitor entry per event, impressions and conversions mixed. The load
 * comes from autocannon in a worker thread; every request gets fresh uuids and visitor ids.
 *
 *   npm run bench:ingest            BENCH_SECONDS=10 BENCH_CONNECTIONS=8 by default
 */
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pino from 'pino';
import { benchDatabase } from './bench-database.js';
import { buildApp } from '../src/app.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);
const perBatch = 10;

interface Ids { projectId: number; experimentId: number; variationIds: number[]; eventId: number; eventKey: string }

/** An EventBatch as the Node SDK serializes it; `[<id>]` becomes a fresh id per request. */
function sdkBatch(ids: Ids, now: number): string {
  const attributes = [{ entity_id: '$opt_bot_filtering', key: '$opt_bot_filtering', type: 'custom', value: false }];
  const visitors = Array.from({ length: perBatch }, (_, i) => {
    const visitor_id = `[<id>]-v${i >> 1}`;
    const uuid = `[<id>]-${i}`;
    if (i % 2 === 0) {
      const variation = ids.variationIds[(i >> 1) % ids.variationIds.length];
      return { snapshots: [{ decisions: [{ campaign_id: String(ids.experimentId), experiment_id: String(ids.experimentId), variation_id: String(variation), metadata: { flag_key: 'checkout', rule_key: 'checkout_ab', rule_type: 'feature-test', variation_key: 'v', enabled: true } }], events: [{ entity_id: String(ids.experimentId), timestamp: now + i, key: 'campaign_activated', uuid }] }], visitor_id, attributes };
    }
    return { snapshots: [{ events: [{ entity_id: String(ids.eventId), key: ids.eventKey, timestamp: now + i, uuid, tags: { revenue: 4200, value: 1.5 }, value: 1.5, revenue: 4200 }] }], visitor_id, attributes };
  });
  return JSON.stringify({ client_name: 'node-sdk', client_version: '6.6.1', account_id: '1', project_id: String(ids.projectId), revision: '7', anonymize_ip: true, enrich_decisions: true, visitors });
}

async function setUp(appUrl: string, token: string): Promise<Ids> {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(appUrl + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const project = await call<{ id: number }>('POST', '/v2/projects', { name: 'Ingest bench' });
  const event = await call<{ id: number; key: string }>('POST', '/v2/events', { project_id: project.id, key: 'purchase' });
  const flag = await call<{ key: string; variations: { id: number; key: string }[] }>('POST', `/flags/v1/projects/${project.id}/flags`, { key: 'checkout', variations: [{ key: 'control' }, { key: 'treatment' }] });
  const ruleset = await call<{ rules: { experiment_id: number | null }[] }>('PATCH', `/flags/v1/projects/${project.id}/flags/checkout/environments/production/ruleset`, { rules: [{ key: 'checkout_ab', type: 'a/b_test', variations: [{ variation_key: 'control', weight: 5000 }, { variation_key: 'treatment', weight: 5000 }] }] });
  const experimentId = ruleset.rules[0]?.experiment_id;
  if (experimentId === null || experimentId === undefined) throw new Error('no experiment');
  await call('PATCH', `/v2/experiments/${experimentId}`, { metrics: [{ event_id: event.id }, { event_id: event.id, aggregator: 'sum', field: 'revenue' }] });
  await call('POST', `/flags/v1/projects/${project.id}/flags/checkout/environments/production/ruleset/enabled`, {});
  const variationIds = flag.variations.filter((v) => v.key !== 'off').map((v) => v.id);
  return { projectId: project.id, experimentId, variationIds, eventId: event.id, eventKey: event.key };
}

/** The same rows, inserted straight into event_log: one transaction per batch of 10. */
function rawInsertRate(path: string, ids: Ids, durationMs: number): number {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const insert = db.prepare('insert into event_log (project_id, uuid, kind, visitor_id, experiment_id, variation_id, event_id, event_key, ts, value, revenue, source, attributes, received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (project_id, uuid) do nothing');
  const attributes = JSON.stringify({ $opt_bot_filtering: false });
  const batch = db.transaction((n: number, now: number) => {
    for (let i = 0; i < perBatch; i++) {
      const visitor = `raw-${n}-v${i >> 1}`;
      if (i % 2 === 0) insert.run(ids.projectId, `raw-${n}-${i}`, 'exposure', visitor, ids.experimentId, ids.variationIds[(i >> 1) % ids.variationIds.length], null, null, now + i, null, null, 'sdk', attributes, now);
      else insert.run(ids.projectId, `raw-${n}-${i}`, 'conversion', visitor, null, null, ids.eventId, ids.eventKey, now + i, 1.5, 4200, 'sdk', attributes, now);
    }
  });
  const started = performance.now();
  let batches = 0;
  while (performance.now() - started < durationMs) batch(batches++, Date.now());
  const elapsed = (performance.now() - started) / 1000;
  db.close();
  return (batches * perBatch) / elapsed;
}

async function main(): Promise<void> {
  const bench = await benchDatabase('fieldtest-bench-ingest-');
  const { store, config } = bench;
  // Only errors are logged (to stderr): a failing fold must not pass unnoticed.
  const app = await buildApp({ config, store, logger: pino({ level: 'error' }) });
  const appUrl = await app.server.listen({ host: '127.0.0.1', port: 0 });
  const ids = await setUp(appUrl, bench.adminToken);
  const body = sdkBatch(ids, Date.now());

  const measure = async (duration: number) => {
    const result = await autocannon({ url: `${appUrl}/v1/events`, method: 'POST', headers: { 'content-type': 'application/json' }, body, idReplacement: true, connections, duration, workers: 1 });
    const failed = result.non2xx + result.errors + result.timeouts;
    if (failed > 0) throw new Error(`${failed} requests failed (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`);
    return { eventsPerSecond: (result.requests.total * perBatch) / duration, p50: result.latency.p50, p99: result.latency.p99 };
  };

  console.log(`fieldtest ingest bench: SQLite (WAL, synchronous=FULL), loopback, autocannon in a worker thread, ${connections} connections, ${seconds} s per figure, ${perBatch} events per batch`);
  console.log(`node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  await measure(2);
  await app.aggregator.idle();
  const http = await measure(seconds);
  const foldStarted = performance.now();
  await app.aggregator.idle();
  const caughtUp = (performance.now() - foldStarted) / 1000;
  const folded = await store.db.selectFrom('event_cursors').select('last_event_id').executeTakeFirstOrThrow();
  const logged = await store.db.selectFrom('event_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
  // The raw figure is taken on the same database file once the server is idle.
  const raw = rawInsertRate(bench.path, ids, seconds * 1000);

  console.log('POST /v1/events (SDK batches of 10)');
  console.log(`  fieldtest            ${http.eventsPerSecond.toFixed(0).padStart(8)} events/s   p50 ${http.p50} ms   p99 ${http.p99} ms`);
  console.log(`  raw better-sqlite3   ${raw.toFixed(0).padStart(8)} events/s   (one transaction per batch)`);
  console.log(`  ratio                ${(http.eventsPerSecond / raw).toFixed(2)} (fieldtest / raw)`);
  console.log(`  aggregates caught up ${caughtUp.toFixed(2)} s after the load ended (folded ${Number(folded.last_event_id)} of ${Number(logged.id)} events)\n`);

  await app.close();
  await bench.remove();
}

await main();
