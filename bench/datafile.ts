/**
 * Datafile and OFREP throughput on loopback, against a bare Fastify route serving the same bytes
 * in the same run (`npm run bench:datafile`; BENCH_SECONDS per measurement, default 5, BENCH_ROUNDS, default 3).
 *
 * The servers run in a child process (bench/datafile-server.ts); the load comes from autocannon
 * (dev dependency) with keep-alive connections (BENCH_CONNECTIONS, default 16) here. Each pair is
 * warmed up, then measured in alternating rounds (bare route, ours); printed are the median
 * requests/s of each and ours as a share of the bare route's, by wall clock and per CPU-second
 * of the server process (steadier on a shared machine). Target: datafile ≥ 80 % of the bare route.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

interface Target { url: string; bareUrl: string; sdkKey: string; bytes: number; etag: string; lastModified: string }

let cpuOfServers: () => Promise<number> = () => Promise.resolve(0);

async function startServers(): Promise<{ target: Target; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./datafile-server.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  cpuOfServers = () =>
    new Promise((resolve) => {
      child.once('message', (m) => resolve((m as { cpuMicros: number }).cpuMicros));
      child.send('cpu');
    });
  if (!child.stdout) throw new Error('the bench server has no stdout');
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${String(code)}`)));
  });
  return { target: JSON.parse(first) as Target, stop: () => child.kill('SIGTERM') };
}

interface Load { url: string; method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; expect: number }

interface Rate { wall: number; cpu: number }

/** Requests per wall-clock second, and per CPU-second of the server process. */
async function measure(load: Load, duration: number): Promise<Rate> {
  const cpuBefore = await cpuOfServers();
  const result = await autocannon({ url: load.url, method: load.method ?? 'GET', headers: load.headers ?? {}, ...(load.body === undefined ? {} : { body: load.body }), connections, duration, pipelining: 1 });
  const wrong = result.non2xx + result.errors;
  const statusOk = load.expect === 304 ? result['3xx'] ?? 0 : result['2xx'];
  if (wrong > (load.expect === 304 ? result.non2xx : 0) || statusOk === 0) throw new Error(`${load.url}: ${result.errors} errors, non-2xx ${result.non2xx}`);
  const cpuSeconds = ((await cpuOfServers()) - cpuBefore) / 1e6;
  return { wall: result.requests.average, cpu: result.requests.total / cpuSeconds };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Warm both, then ROUNDS alternating measurements of each; the medians are compared. */
async function pair(label: string, bare: Load, ours: Load, bareLabel: string): Promise<void> {
  await measure(bare, 2);
  await measure(ours, 2);
  const bareRates: Rate[] = [];
  const ourRates: Rate[] = [];
  for (let round = 0; round < rounds; round++) {
    bareRates.push(await measure(bare, seconds));
    ourRates.push(await measure(ours, seconds));
  }
  const wall = [median(ourRates.map((r) => r.wall)), median(bareRates.map((r) => r.wall))] as const;
  const cpu = [median(ourRates.map((r) => r.cpu)), median(bareRates.map((r) => r.cpu))] as const;
  const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)} %`;
  console.log(
    `${label.padEnd(42)} ${wall[0].toFixed(0).padStart(6)} req/s  vs ${bareLabel.padEnd(24)} ${wall[1].toFixed(0).padStart(6)} req/s  ratio ${pct(wall[0], wall[1]).padStart(7)}` +
      `   | per server CPU-second ${cpu[0].toFixed(0).padStart(6)} vs ${cpu[1].toFixed(0).padStart(6)}  ratio ${pct(cpu[0], cpu[1]).padStart(7)}`,
  );
}

const { target, stop } = await startServers();
try {
  const datafileUrl = `${target.url}/datafiles/${target.sdkKey}.json`;
  const bareDatafile = { url: `${target.bareUrl}/datafiles/${target.sdkKey}.json`, expect: 200 };
  console.log(`datafile of 20 flags, ${target.bytes} bytes; ${connections} keep-alive connections, median of ${rounds} × ${seconds} s, node ${process.version}`);
  await pair('datafile 200', bareDatafile, { url: datafileUrl, expect: 200 }, 'bare route (same bytes)');
  await pair('datafile 304 (If-None-Match)', bareDatafile, { url: datafileUrl, headers: { 'if-none-match': target.etag }, expect: 304 }, 'bare route (same bytes)');
  await pair('datafile 304 (If-Modified-Since)', bareDatafile, { url: datafileUrl, headers: { 'if-modified-since': target.lastModified }, expect: 304 }, 'bare route (same bytes)');
  const ofrep = (flag: string, targetingKey: string): Load => ({
    url: `${target.url}/ofrep/v1/evaluate/flags/${flag}`,
    method: 'POST',
    headers: { authorization: `Bearer ${target.sdkKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ context: { targetingKey, country: 'US' } }),
    expect: 200,
  });
  const bareOfrep: Load = { url: `${target.bareUrl}/ofrep/v1/evaluate/flags/flag_1`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ context: { targetingKey: 'user-1', country: 'US' } }), expect: 200 };
  await pair('OFREP single, delivery flag (no exposure)', bareOfrep, ofrep('flag_1', 'user-1'), 'bare POST (fixed answer)');
  await pair('OFREP single, A/B flag (exposure logged)', bareOfrep, ofrep('flag_0', 'user-2'), 'bare POST (fixed answer)');
  await pair('OFREP single vs the bare datafile route', bareDatafile, ofrep('flag_1', 'user-1'), 'bare route (same bytes)');
} finally {
  stop();
}
