/**
 * HTTP overhead of the management API: requests per second for `GET /v2/projects` and a flag read
 * (`GET /flags/v1/projects/{id}/flags/{key}`) on the real app — SQLite, authentication, rate
 * limiting, validation, one log line per request — against a bare Fastify route that returns the
 * same bytes, measured in the same run on loopback. The load comes from autocannon in a worker
 * thread of this process, so it does not share the servers' event loop.
 *
 *   npm run bench:http            BENCH_SECONDS=10 BENCH_CONNECTIONS=32 by default
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pino from 'pino';
import { benchDatabase } from './bench-database.js';
import { buildApp } from '../src/app.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

/**
 * `busyUs`: this thread's event-loop busy time per request, µs — what a request costs the server,
 * less sensitive than req/s to the other processes of a shared machine.
 */
interface Figure { rps: number; p50: number; p99: number; busyUs: number }

async function measure(url: string, headers: Record<string, string>, duration: number): Promise<Figure> {
  const before = performance.eventLoopUtilization();
  const result = await autocannon({ url, headers, connections, duration, workers: 1 });
  const busy = performance.eventLoopUtilization(before);
  const non2xx = result.non2xx + result.errors + result.timeouts;
  if (non2xx > 0) throw new Error(`${url}: ${non2xx} responses were not 2xx (errors ${result.errors}, timeouts ${result.timeouts})`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, busyUs: (busy.active * 1000) / Math.max(1, result.requests.total) };
}

async function main(): Promise<void> {
  const bench = await benchDatabase('fieldtest-bench-');
  const { store, config } = bench;
  // The real request log line is built and written, to a sink rather than the terminal.
  const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
  const app = await buildApp({ config, store, logger });
  const appUrl = await app.server.listen({ host: '127.0.0.1', port: 0 });
  const auth = { authorization: `Bearer ${bench.adminToken}` };

  const post = async (path: string, body: unknown) => {
    const res = await fetch(appUrl + path, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: number; key: string };
  };
  const project = await post('/v2/projects', { name: 'Bench' });
  const flag = await post(`/flags/v1/projects/${project.id}/flags`, {
    key: 'checkout_redesign',
    variables: [{ key: 'label', type: 'string', default_value: 'Buy' }, { key: 'columns', type: 'integer', default_value: '2' }],
    variations: [{ key: 'on', variables: { label: 'Buy now' } }, { key: 'wide', variables: { columns: '3' } }],
  });
  const rulesetUpdate = await fetch(`${appUrl}/flags/v1/projects/${project.id}/flags/${flag.key}/environments/production/ruleset`, {
    method: 'PATCH',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ rules: [{ key: 'everyone', type: 'targeted_delivery', variations: [{ variation_key: 'on' }] }] }),
  });
  if (rulesetUpdate.status !== 200) throw new Error(`ruleset: ${rulesetUpdate.status}`);

  const routes = [
    { label: 'GET /v2/projects', path: '/v2/projects' },
    { label: 'GET /flags/v1/projects/{id}/flags/{key}', path: `/flags/v1/projects/${project.id}/flags/${flag.key}` },
  ];
  // The bare server answers each route with the bytes the real app sends for it.
  const bare = Fastify({ logger: false });
  for (const route of routes) {
    const res = await fetch(appUrl + route.path, { headers: auth });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`${route.path}: ${res.status}`);
    bare.get(route.path, (_request, reply) => reply.type('application/json; charset=utf-8').send(bytes));
  }
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

  console.log(`fieldtest HTTP bench: SQLite, loopback, autocannon in a worker thread, ${connections} connections, ${seconds} s per figure`);
  console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} CPUs, load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  for (const route of routes) {
    // Warm both up (JIT, SQLite page cache, connection pools) before measuring.
    await measure(appUrl + route.path, auth, 2);
    await measure(bareUrl + route.path, auth, 2);
    const ours = await measure(appUrl + route.path, auth, seconds);
    const theirs = await measure(bareUrl + route.path, auth, seconds);
    console.log(route.label);
    const line = (f: Figure) => `${f.rps.toFixed(0).padStart(7)} req/s   p50 ${f.p50} ms   p99 ${f.p99} ms   server busy ${f.busyUs.toFixed(0)} µs/request`;
    console.log(`  fieldtest     ${line(ours)}`);
    console.log(`  bare fastify  ${line(theirs)}`);
    console.log(`  ratio         ${(ours.rps / theirs.rps).toFixed(2)} (fieldtest / bare, req/s)   ${(theirs.busyUs / ours.busyUs).toFixed(2)} (bare / fieldtest, busy µs per request)\n`);
  }

  await bare.close();
  await app.close();
  await bench.remove();
}

await main();
