/**
 * The server side of `bench/datafile.ts`, run in its own process so the load generator does not
 * share its event loop. `ours`: Fieldtest on a fresh SQLite database with a small project built
 * through its REST API (prints the URL, SDK key and datafile bytes' validators). `bare <file>`:
 * a bare Fastify server that serves the bytes of <file> at the datafile path (and a fixed OFREP
 * answer) with nothing else — no hooks, no lookup, no headers. Either prints one JSON line,
 * answers CPU-time requests over IPC, and serves until killed.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import pino from 'pino';
import { benchDatabase } from './bench-database.js';
import { buildApp } from '../src/app.js';

// The parent asks for this process's CPU time around each measurement: requests per CPU-second
// of the server is what the bench compares besides requests per wall-clock second.
process.on('message', (message) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system });
  }
});

async function ours(): Promise<void> {
  const { store, config, adminToken } = await benchDatabase('fieldtest-bench-');
  // The production logger at info level, writing to nowhere: its cost is part of the figure.
  const app = await buildApp({ config, store, logger: pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false })) });
  const url = await app.server.listen({ host: '127.0.0.1', port: 0 });
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(url + path, { method, headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const project = await call<{ id: number }>('POST', '/v2/projects', { name: 'Bench' });
  const p = project.id;
  const envs = await call<{ key: string; sdk_key: string }[]>('GET', `/v2/environments?project_id=${p}`);
  const sdkKey = envs.find((e) => e.key === 'production')?.sdk_key ?? '';
  await call('POST', '/v2/attributes', { project_id: p, key: 'country' });
  const us = await call<{ id: number }>('POST', '/v2/audiences', { project_id: p, name: 'US', conditions: JSON.stringify(['or', { type: 'custom_attribute', name: 'country', match: 'exact', value: 'US' }]) });
  for (let i = 0; i < 20; i++) {
    const key = `flag_${i}`;
    await call('POST', `/flags/v1/projects/${p}/flags`, { key, variables: [{ key: 'color', type: 'string', default_value: 'gray' }], variations: [{ key: 'a', variables: { color: 'blue' } }, { key: 'b', variables: { color: 'green' } }] });
    const rules = i % 2 === 0
      ? [{ key: `${key}_ab`, type: 'a/b_test', audience_conditions: JSON.stringify([us.id]), percentage_included: 8000, variations: [{ variation_key: 'a', weight: 5000 }, { variation_key: 'b', weight: 5000 }] }]
      : [{ key: `${key}_rollout`, type: 'targeted_delivery', audience_conditions: JSON.stringify([us.id]), percentage_included: 5000, variations: [{ variation_key: 'b' }] }];
    await call('PATCH', `/flags/v1/projects/${p}/flags/${key}/environments/production/ruleset`, { rules, enabled: true });
  }
  const datafile = await fetch(`${url}/datafiles/${sdkKey}.json`);
  const bytes = (await datafile.arrayBuffer()).byteLength;
  process.stdout.write(`${JSON.stringify({ url, sdkKey, bytes, etag: datafile.headers.get('etag'), lastModified: datafile.headers.get('last-modified') })}\n`);
  process.on('SIGTERM', () => {
    void app.close().then(() => store.close()).then(() => process.exit(0));
  });
}

async function bare(file: string): Promise<void> {
  const bytes = readFileSync(file);
  const server = Fastify({ logger: false });
  server.get('/datafiles/:sdk_key.json', (_request, reply) => {
    void reply.type('application/json').send(bytes);
  });
  const evaluation = { key: 'flag_1', value: { color: 'green' }, reason: 'SPLIT', variant: 'b', metadata: { flagKey: 'flag_1', ruleKey: 'flag_1_rollout', variationKey: 'b', enabled: true } };
  server.post('/ofrep/v1/evaluate/flags/:key', (_request, reply) => {
    void reply.send(evaluation);
  });
  const url = await server.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`${JSON.stringify({ url })}\n`);
  process.on('SIGTERM', () => {
    void server.close().then(() => process.exit(0));
  });
}

const [which, file] = process.argv.slice(2);
if (which === 'bare' && file !== undefined) await bare(file);
else await ours();
