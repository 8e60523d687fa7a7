/**
 * Datafile and OFREP throughput on loopback, against a bare Fastify route serving the same bytes
 * in the same run (`npm run bench:datafile`; BENCH_SECONDS per measurement, default 3,
 * BENCH_ROUNDS, default 7, BENCH_CONNECTIONS, default 16, BENCH_ONLY to run some comparisons).
 *
 * Fieldtest and the bare server run in two processes of their own (bench/datafile-server.ts),
 * pinned to one CPU with the load generator (autocannon, keep-alive connections) on the others
 * where `taskset` exists (bench/cpu-pinning.ts). Each comparison is warmed up, then measured in
 * rounds of back-to-back pairs (the order alternating), so that a round's ratio compares two
 * measurements taken under the same conditions; printed are the median requests/s of each side
 * and the median of the rounds' ratios (with their lowest–highest in brackets), by wall clock and
 * per CPU-second of the server process.
 * Target: datafile ≥ 80 % of the bare route.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { onServerCpu, pinLoadGenerator, pinningNote } from './cpu-pinning.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
/** Only the comparisons whose label contains this (e.g. BENCH_ONLY="datafile 200"). */
const only = process.env.BENCH_ONLY;

interface Server { readonly info: Record<string, unknown>; cpuMicros(): Promise<number>; stop(): void }

async function startServer(...args: string[]): Promise<Server> {
  const [command, argv] = onServerCpu(['--import', 'tsx', fileURLToPath(new URL('./datafile-server.ts', import.meta.url)), ...args]);
  const child: ChildProcess = spawn(command, argv, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  if (!child.stdout) throw new Error('the bench server has no stdout');
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${String(code)}`)));
  });
  return {
    info: JSON.parse(first) as Record<string, unknown>,
    cpuMicros: () => new Promise((resolve) => {
      child.once('message', (m) => resolve((m as { cpuMicros: number }).cpuMicros));
      child.send('cpu');
    }),
    stop: () => child.kill('SIGTERM'),
  };
}

interface Load { server: Server; url: string; method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; expect: number }

interface Rate { wall: number; cpu: number }

/** Requests per wall-clock second, and per CPU-second of the server process. */
async function measure(load: Load, duration: number): Promise<Rate> {
  const cpuBefore = await load.server.cpuMicros();
  const result = await autocannon({ url: load.url, method: load.method ?? 'GET', headers: load.headers ?? {}, ...(load.body === undefined ? {} : { body: load.body }), connections, duration, pipelining: 1 });
  const statusOk = load.expect === 304 ? result['3xx'] ?? 0 : result['2xx'];
  const wrong = result.errors + result.timeouts + (load.expect === 304 ? 0 : result.non2xx);
  if (wrong > 0 || statusOk === 0) throw new Error(`${load.url}: ${result.errors} errors, ${result.timeouts} timeouts, non-2xx ${result.non2xx}`);
  const cpuSeconds = ((await load.server.cpuMicros()) - cpuBefore) / 1e6;
  return { wall: result.requests.average, cpu: result.requests.total / cpuSeconds };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Warm both, then ROUNDS back-to-back pairs; medians of each side and of the rounds' ratios. */
async function pair(label: string, bare: Load, ours: Load, bareLabel: string): Promise<void> {
  if (only !== undefined && !label.includes(only)) return;
  for (let i = 0; i < 2; i++) {
    await measure(bare, 1);
    await measure(ours, 1);
  }
  const bareRates: Rate[] = [];
  const ourRates: Rate[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      bareRates.push(await measure(bare, seconds));
      ourRates.push(await measure(ours, seconds));
    } else {
      ourRates.push(await measure(ours, seconds));
      bareRates.push(await measure(bare, seconds));
    }
  }
  const ratios = (pick: (r: Rate) => number): number[] => ourRates.map((r, i) => pick(r) / pick(bareRates[i] as Rate));
  const ratio = (pick: (r: Rate) => number): number => median(ratios(pick));
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  const spread = (pick: (r: Rate) => number): string => `${Math.round(100 * Math.min(...ratios(pick)))}–${Math.round(100 * Math.max(...ratios(pick)))}`;
  const rps = (rates: Rate[], pick: (r: Rate) => number): string => median(rates.map(pick)).toFixed(0).padStart(6);
  console.log(
    `${label.padEnd(42)} ${rps(ourRates, (r) => r.wall)} req/s  vs ${bareLabel.padEnd(24)} ${rps(bareRates, (r) => r.wall)} req/s  ratio ${pct(ratio((r) => r.wall)).padStart(7)} (${spread((r) => r.wall)})` +
      `   | per server CPU-second ${rps(ourRates, (r) => r.cpu)} vs ${rps(bareRates, (r) => r.cpu)}  ratio ${pct(ratio((r) => r.cpu)).padStart(7)} (${spread((r) => r.cpu)})`,
  );
}

pinLoadGenerator();
const oursServer = await startServer('ours');
const { url, sdkKey, bytes, etag, lastModified } = oursServer.info as { url: string; sdkKey: string; bytes: number; etag: string; lastModified: string };
const dir = mkdtempSync(join(tmpdir(), 'fieldtest-bench-bytes-'));
const bytesFile = join(dir, 'datafile.json');
writeFileSync(bytesFile, Buffer.from(await (await fetch(`${url}/datafiles/${sdkKey}.json`)).arrayBuffer()));
const bareServer = await startServer('bare', bytesFile);
const bareUrl = bareServer.info.url as string;
try {
  const datafileUrl = `${url}/datafiles/${sdkKey}.json`;
  const bareDatafile: Load = { server: bareServer, url: `${bareUrl}/datafiles/${sdkKey}.json`, expect: 200 };
  console.log(`datafile of 20 flags, ${bytes} bytes; ${connections} keep-alive connections; median of ${rounds} paired rounds × ${seconds} s; ${pinningNote()}; node ${process.version}`);
  await pair('datafile 200', bareDatafile, { server: oursServer, url: datafileUrl, expect: 200 }, 'bare route (same bytes)');
  await pair('datafile 304 (If-None-Match)', bareDatafile, { server: oursServer, url: datafileUrl, headers: { 'if-none-match': etag }, expect: 304 }, 'bare route (same bytes)');
  await pair('datafile 304 (If-Modified-Since)', bareDatafile, { server: oursServer, url: datafileUrl, headers: { 'if-modified-since': lastModified }, expect: 304 }, 'bare route (same bytes)');
  const ofrep = (flag: string, targetingKey: string): Load => ({
    server: oursServer,
    url: `${url}/ofrep/v1/evaluate/flags/${flag}`,
    method: 'POST',
    headers: { authorization: `Bearer ${sdkKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ context: { targetingKey, country: 'US' } }),
    expect: 200,
  });
  const bareOfrep: Load = { server: bareServer, url: `${bareUrl}/ofrep/v1/evaluate/flags/flag_1`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ context: { targetingKey: 'user-1', country: 'US' } }), expect: 200 };
  await pair('OFREP single, delivery flag (no exposure)', bareOfrep, ofrep('flag_1', 'user-1'), 'bare POST (fixed answer)');
  await pair('OFREP single, A/B flag (exposure logged)', bareOfrep, ofrep('flag_0', 'user-2'), 'bare POST (fixed answer)');
  await pair('OFREP single vs the bare datafile route', bareDatafile, ofrep('flag_1', 'user-1'), 'bare route (same bytes)');
} finally {
  oursServer.stop();
  bareServer.stop();
  rmSync(dir, { recursive: true, force: true });
}
