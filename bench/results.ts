/**
 * Results latency (`npm run bench:results`): one experiment with BENCH_EXPOSURES exposures
 * (default 10 million) and BENCH_CONVERSIONS conversions (default 1 million) over BENCH_DAYS
 * days (default 30) on SQLite, timing
 *   (a) the results service, `experimentResults` — what every results route calls, reading the
 *       daily aggregates through `readExperimentDaily`; and
 *   (b) the full recomputation from the raw log, `experimentDailyFromLog` + the same analysis,
 *   (c) the aggregate rebuild from the raw log (`fieldtest results rebuild`), which builds what (a) reads,
 * (a) as the median of BENCH_ROUNDS (default 5) after a warm-up, (b) and (c) once (minutes at
 * full size; (b) holds every visitor in memory: the script raises the heap limit), side by side
 * with the ratio (b)/(a).
 * Target: (a) < 50 ms. Both must give the same totals; the bench checks it.
 *
 * The raw log is generated deterministically (a seeded PRNG) and bulk-inserted with
 * better-sqlite3 in one transaction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { experimentResults } from '../src/commands/results/experiment-results.js';
import { analysisInput } from '../src/commands/results/analysis-input.js';
import { analysisSettings } from '../src/commands/results/analysis-settings.js';
import type { CommandContext } from '../src/commands/context.js';
import { createProject } from '../src/commands/project/create-project.js';
import { createEvent } from '../src/commands/targeting/events.js';
import { createExperiment } from '../src/commands/experiment/create-experiment.js';
import { bootstrapAdministrator } from '../src/commands/user/save-user.js';
import { metricKey } from '../src/core/experiment/attribution.js';
import { resultsWindow } from '../src/core/experiment/results-window.js';
import { metricCell, totalsByDay, type VariationCounts } from '../src/core/experiment/results-totals.js';
import type { Experiment } from '../src/core/experiment/types.js';
import { analyzeExperiment } from '../src/stats/index.js';
import { openStore, sqlitePath, type Store } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { experimentDailyFromLog } from '../src/store/read/experiment-daily.js';
import { rebuildAggregates } from '../src/store/aggregates/rebuild.js';
import { findProject } from '../src/store/repos/projects.js';

const EXPOSURES = Number(process.env.BENCH_EXPOSURES ?? 10_000_000);
const CONVERSIONS = Number(process.env.BENCH_CONVERSIONS ?? 1_000_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const DAY = 86_400_000;
const T0 = Date.parse('2031-01-01T00:00:00.000Z');
const NOW = T0 + DAYS * DAY - 1;

/** Mulberry32: a small seeded PRNG, so every run inserts the same log. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Exposures spread evenly over the days, split 50/50 at random; conversions on random exposed visitors, after their exposure. */
function seedRawLog(path: string, projectId: number, experiment: Experiment, eventId: number): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare(
    `INSERT INTO event_log (project_id, uuid, kind, visitor_id, experiment_id, variation_id, event_id, event_key, ts, value, revenue, source, attributes, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 'native', NULL, ?)`,
  );
  const [a, b] = experiment.variations.map((v) => v.variationId);
  const random = prng(20311);
  const exposedAt = new Float64Array(EXPOSURES);
  db.transaction(() => {
    for (let i = 0; i < EXPOSURES; i++) {
      const ts = T0 + Math.floor((i / EXPOSURES) * DAYS * DAY) + Math.floor(random() * 1000);
      exposedAt[i] = ts;
      insert.run(projectId, `x${i}`, 'exposure', `v${i}`, experiment.id, random() < 0.5 ? a : b, null, null, ts, null, ts);
    }
    for (let j = 0; j < CONVERSIONS; j++) {
      const visitor = Math.floor(random() * EXPOSURES);
      const ts = Math.min(NOW, (exposedAt[visitor] ?? T0) + Math.floor(random() * 3 * DAY));
      insert.run(projectId, `c${j}`, 'conversion', `v${visitor}`, null, null, eventId, 'purchase', ts, 100 + Math.floor(random() * 5000), ts);
    }
  })();
  db.close();
}

/** Builds the aggregates from the raw log with the same rebuild `fieldtest results rebuild` runs; returns its duration. */
async function buildAggregates(store: Store): Promise<number> {
  const start = process.hrtime.bigint();
  await rebuildAggregates(store.db, null); // everything: also moves the fold cursor past the seeded log
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs: readonly number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;

const dir = mkdtempSync(join(tmpdir(), 'fieldtest-bench-results-'));
const url = `sqlite:${join(dir, 'bench.db')}`;
const store = openStore(url);
try {
  await migrateToLatest(store.db, store.engine);
  const clock = { now: T0 };
  const system = { db: store.db, clock: () => new Date(clock.now), publicUrl: '', publish: () => undefined };
  await bootstrapAdministrator(system, null);
  const admin = await store.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
  const ctx: CommandContext = { ...system, actor: { userId: admin.id, email: 'bench@fieldtest.local', isAdmin: true, projectRoles: new Map(), scopes: null, tokenId: 0 } };
  const project = await createProject(ctx, { name: 'Results bench' });
  const purchase = await createEvent(ctx, project.id, { key: 'purchase', name: 'Purchase' });
  const experiment = await createExperiment(ctx, project.id, {
    name: 'Checkout',
    metrics: [{ eventId: purchase.id, aggregator: 'unique' }, { eventId: purchase.id, aggregator: 'sum', field: 'revenue' }],
    start: true,
  });
  const seedStart = Date.now();
  seedRawLog(sqlitePath(url), project.id, experiment, purchase.id);
  const seedSeconds = (Date.now() - seedStart) / 1000;
  const rebuildMs = await buildAggregates(store);
  clock.now = NOW;

  const viaService = () => experimentResults(ctx, experiment.id);
  const settings = (await findProject(store.db, project.id))?.settings;
  if (!settings) throw new Error('the bench project vanished');
  const fromLog = async () => {
    const daily = await experimentDailyFromLog(store.db, experiment);
    const window = resultsWindow(experiment, {}, NOW);
    if (!window) throw new Error('the bench experiment has no window');
    const days = totalsByDay(daily.cells, daily.conflicted, { variationIds: experiment.variations.map((v) => v.variationId), metricKeys: experiment.metrics.map(metricKey), startDay: window.startDay, endDay: window.endDay });
    const totals: ReadonlyMap<number, VariationCounts> = days.at(-1)?.cumulative ?? new Map();
    const analysis = analyzeExperiment(analysisInput(experiment.metrics, experiment.variations, totals, experiment.variations[0]?.variationId ?? 0, analysisSettings(settings, experiment)));
    return { totals, analysis };
  };

  // The first call of each is timed and compared: the same numbers both ways, or the figures
  // mean nothing. The recomputation is not repeated (minutes at full size); the service is.
  const timed = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
    const start = process.hrtime.bigint();
    const value = await run();
    return [value, Number(process.hrtime.bigint() - start) / 1e6];
  };
  const [b, recompute] = await timed(fromLog);
  const [a, firstService] = await timed(viaService);
  for (const v of experiment.variations) {
    for (const m of experiment.metrics) {
      const x = metricCell(a.totals.get(v.variationId), m);
      const y = metricCell(b.totals.get(v.variationId), m);
      if (JSON.stringify(x) !== JSON.stringify(y)) throw new Error(`results and recomputation disagree on variation ${v.key}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
    }
  }
  const samples: number[] = [];
  for (let i = 0; i < Math.max(1, ROUNDS); i++) samples.push((await timed(viaService))[1]);
  const service = median(samples);
  console.log(`${EXPOSURES.toLocaleString('en')} exposures, ${CONVERSIONS.toLocaleString('en')} conversions over ${DAYS} days (${a.visitors.toLocaleString('en')} visitors counted); raw log seeded in ${seedSeconds.toFixed(1)} s; node ${process.version}, SQLite`);
  console.log(`(a) results service (from the aggregates) ${service.toFixed(1).padStart(10)} ms   median of ${samples.length} after a warm-up (first call ${firstService.toFixed(1)} ms); target < 50 ms ${service < 50 ? 'met' : 'NOT met'}`);
  console.log(`(b) full recomputation from raw events       ${recompute.toFixed(1).padStart(10)} ms   one run`);
  console.log(`(c) aggregate rebuild from raw events        ${rebuildMs.toFixed(1).padStart(10)} ms   one run (\`fieldtest results rebuild\`)`);
  console.log(`ratio (b)/(a)                                ${(recompute / service).toFixed(1).padStart(10)} ×`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
