/**
 * The incremental fold: reads the event log past the cursor in id order and brings the daily
 * cells up to date. For every (experiment, visitor) a batch touches it recomputes the visitor's
 * contribution from their raw events and applies (new − old), so the result never depends on
 * the order or the grouping in which events arrived, and folding an event twice changes nothing.
 *
 * Touched: visitors exposed to an experiment in the batch, and visitors who converted on one of
 * an experiment's metric events and already count in it (a conversion cannot make a visitor
 * count who has no counted exposure). An experiment whose window changed is rebuilt instead.
 */
import type { Kysely } from 'kysely';
import type { VisitorContribution } from '../../core/experiment/attribution.js';
import type { DB } from '../schema.js';
import type { Db } from '../repos/common.js';
import { CellDeltas } from './cell-deltas.js';
import { appliedContributions, applyCellDeltas, saveContributions } from './cell-store.js';
import { loadAggregatedExperiments, storedSignatures, type AggregatedExperiment } from './experiment-windows.js';
import { inFoldTransaction } from './fold-transaction.js';
import { rebuildExperiment } from './rebuild.js';
import { contributionsOf, isEmptyContribution } from './visitor-contributions.js';

const cursorName = 'aggregates';
export const foldBatchSize = 5000;

interface LogRow {
  readonly id: number;
  readonly project_id: number;
  readonly kind: string;
  readonly visitor_id: string;
  readonly experiment_id: number | null;
  readonly variation_id: number | null;
  readonly event_id: number | null;
}

/** Folds everything committed so far; returns how many events it read. */
export async function foldNewEvents(db: Kysely<DB>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await inFoldTransaction(db, (trx) => foldBatch(trx, foldBatchSize));
    total += n;
    if (n < foldBatchSize) return total;
  }
}

/** True when the log holds events the fold has not read (cheap: two indexed lookups). */
export async function hasUnfoldedEvents(db: Db): Promise<boolean> {
  const [cursor, last] = await Promise.all([
    db.selectFrom('event_cursors').select('last_event_id').where('name', '=', cursorName).executeTakeFirst(),
    db.selectFrom('event_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst(),
  ]);
  return Number(last?.id ?? 0) > Number(cursor?.last_event_id ?? 0);
}

async function foldBatch(trx: Db, limit: number): Promise<number> {
  const cursor = await trx.selectFrom('event_cursors').select('last_event_id').where('name', '=', cursorName).executeTakeFirstOrThrow();
  const rows: LogRow[] = await trx
    .selectFrom('event_log')
    .select(['id', 'project_id', 'kind', 'visitor_id', 'experiment_id', 'variation_id', 'event_id'])
    .where('id', '>', Number(cursor.last_event_id))
    .orderBy('id')
    .limit(limit)
    .execute();
  const last = rows[rows.length - 1];
  if (!last) return 0;
  await foldRows(trx, rows);
  await trx.updateTable('event_cursors').set({ last_event_id: Number(last.id) }).where('name', '=', cursorName).execute();
  return rows.length;
}

async function foldRows(trx: Db, rows: readonly LogRow[]): Promise<void> {
  // experiment → project the exposure claimed → visitors; project → event → visitors
  const exposed = new Map<number, { projectIds: Set<number>; visitors: Map<number, Set<string>> }>();
  const converted = new Map<number, Map<number, Set<string>>>();
  for (const r of rows) {
    if (r.kind === 'exposure' && r.experiment_id !== null && r.variation_id !== null) {
      let e = exposed.get(r.experiment_id);
      if (!e) exposed.set(r.experiment_id, (e = { projectIds: new Set<number>(), visitors: new Map<number, Set<string>>() }));
      let vs = e.visitors.get(r.project_id);
      if (!vs) e.visitors.set(r.project_id, (vs = new Set()));
      vs.add(r.visitor_id);
    } else if (r.kind === 'conversion' && r.event_id !== null) {
      let p = converted.get(r.project_id);
      if (!p) converted.set(r.project_id, (p = new Map<number, Set<string>>()));
      let vs = p.get(r.event_id);
      if (!vs) p.set(r.event_id, (vs = new Set()));
      vs.add(r.visitor_id);
    }
  }
  const experiments = (await loadAggregatedExperiments(trx, [...exposed.keys()], [...converted.keys()])).filter((e) => e.window !== null || exposed.has(e.id));
  const stored = await storedSignatures(trx, experiments.map((e) => e.id));
  const deltas = new CellDeltas();
  for (const experiment of experiments) {
    if (stored.get(experiment.id) !== experiment.signature) {
      await rebuildExperiment(trx, experiment);
      continue;
    }
    if (experiment.window === null) continue;
    // Exposures count only for the experiment's own project (ids are not secrets).
    const byExposure = exposed.get(experiment.id)?.visitors.get(experiment.projectId) ?? new Set<string>();
    const byConversion = new Set<string>();
    const projectConversions = converted.get(experiment.projectId);
    if (projectConversions) {
      for (const m of experiment.window.metrics) for (const v of projectConversions.get(m.eventId) ?? []) if (!byExposure.has(v)) byConversion.add(v);
    }
    await foldVisitors(trx, experiment, byExposure, byConversion, deltas);
  }
  await applyCellDeltas(trx, deltas);
}

async function foldVisitors(trx: Db, experiment: AggregatedExperiment, byExposure: ReadonlySet<string>, byConversion: ReadonlySet<string>, deltas: CellDeltas): Promise<void> {
  if (byExposure.size === 0 && byConversion.size === 0) return;
  const old = await appliedContributions(trx, experiment.id, [...byExposure, ...byConversion]);
  const touched = [...byExposure, ...[...byConversion].filter((v) => old.has(v))];
  if (touched.length === 0) return;
  const fresh = await contributionsOf(trx, experiment, touched);
  const changes = new Map<string, VisitorContribution | null>();
  for (const visitor of touched) {
    const before = old.get(visitor);
    const after = fresh.get(visitor);
    const afterCounts = after !== undefined && !isEmptyContribution(after);
    if (before !== undefined && afterCounts && JSON.stringify(before) === JSON.stringify(after)) continue;
    if (before !== undefined) deltas.add(experiment.id, before, -1);
    if (afterCounts) deltas.add(experiment.id, after, 1);
    if (before !== undefined || afterCounts) changes.set(visitor, afterCounts ? after : null);
  }
  await saveContributions(trx, experiment.id, changes);
}
