/** Reads and writes the aggregates tables: daily cells and visitors' applied contributions. */
import type { VisitorContribution } from '../../core/experiment/attribution.js';
import { parseJson, type Db } from '../repos/common.js';
import { cellKey, isZero, type CellDeltas } from './cell-deltas.js';

const chunkSize = 400;

function chunks<T>(items: readonly T[], size = chunkSize): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The contributions last applied for `visitorIds` (absent: none). */
export async function appliedContributions(db: Db, experimentId: number, visitorIds: readonly string[]): Promise<Map<string, VisitorContribution>> {
  const out = new Map<string, VisitorContribution>();
  for (const chunk of chunks(visitorIds)) {
    const rows = await db.selectFrom('experiment_visitors').select(['visitor_id', 'contribution']).where('experiment_id', '=', experimentId).where('visitor_id', 'in', chunk).execute();
    for (const r of rows) out.set(r.visitor_id, parseJson<VisitorContribution>(r.contribution, { cells: [], conflictedDay: null }));
  }
  return out;
}

/** Stores visitors' contributions; a null contribution removes the visitor's row. */
export async function saveContributions(db: Db, experimentId: number, changes: ReadonlyMap<string, VisitorContribution | null>): Promise<void> {
  const removed = [...changes].filter(([, c]) => c === null).map(([v]) => v);
  for (const chunk of chunks(removed)) {
    await db.deleteFrom('experiment_visitors').where('experiment_id', '=', experimentId).where('visitor_id', 'in', chunk).execute();
  }
  const kept = [...changes].flatMap(([visitor_id, c]) => (c === null ? [] : [{ experiment_id: experimentId, visitor_id, contribution: JSON.stringify(c) }]));
  for (const chunk of chunks(kept)) {
    await db
      .insertInto('experiment_visitors')
      .values(chunk)
      .onConflict((oc) => oc.columns(['experiment_id', 'visitor_id']).doUpdateSet((eb) => ({ contribution: eb.ref('excluded.contribution') })))
      .execute();
  }
}

/** Adds `deltas` to the stored cells (read, add exactly, write; the fold lock is held). */
export async function applyCellDeltas(db: Db, deltas: CellDeltas): Promise<void> {
  const merged = new Map(deltas.cells);
  for (const [experimentId, days] of deltas.days()) {
    for (const dayChunk of chunks([...days])) {
      const rows = await db.selectFrom('experiment_daily_cells').selectAll().where('experiment_id', '=', experimentId).where('day', 'in', dayChunk).execute();
      for (const r of rows) {
        const address = { experimentId, day: r.day, variationId: r.variation_id, metricKey: r.metric_key };
        const d = merged.get(cellKey(address));
        if (!d) continue;
        merged.set(cellKey(address), {
          ...address,
          visitors: d.visitors + Number(r.visitors),
          converters: d.converters + Number(r.converters),
          sumMicros: d.sumMicros + BigInt(r.sum_micros),
          sumSquaresMicros: d.sumSquaresMicros + BigInt(r.sum_squares_micros),
        });
      }
    }
  }
  const cells = [...merged.values()];
  for (const c of cells.filter(isZero)) {
    await db.deleteFrom('experiment_daily_cells').where('experiment_id', '=', c.experimentId).where('day', '=', c.day).where('variation_id', '=', c.variationId).where('metric_key', '=', c.metricKey).execute();
  }
  const rows = cells.filter((c) => !isZero(c)).map((c) => ({
    experiment_id: c.experimentId,
    day: c.day,
    variation_id: c.variationId,
    metric_key: c.metricKey,
    visitors: c.visitors,
    converters: c.converters,
    sum_micros: c.sumMicros.toString(),
    sum_squares_micros: c.sumSquaresMicros.toString(),
  }));
  for (const chunk of chunks(rows)) {
    await db
      .insertInto('experiment_daily_cells')
      .values(chunk)
      .onConflict((oc) =>
        oc.columns(['experiment_id', 'day', 'variation_id', 'metric_key']).doUpdateSet((eb) => ({
          visitors: eb.ref('excluded.visitors'),
          converters: eb.ref('excluded.converters'),
          sum_micros: eb.ref('excluded.sum_micros'),
          sum_squares_micros: eb.ref('excluded.sum_squares_micros'),
        })),
      )
      .execute();
  }
}

/** Forgets an experiment's aggregates (before a rebuild). */
export async function clearExperiment(db: Db, experimentId: number): Promise<void> {
  await db.deleteFrom('experiment_daily_cells').where('experiment_id', '=', experimentId).execute();
  await db.deleteFrom('experiment_visitors').where('experiment_id', '=', experimentId).execute();
}

export async function saveSignature(db: Db, experimentId: number, signature: string): Promise<void> {
  await db
    .insertInto('experiment_aggregate_windows')
    .values({ experiment_id: experimentId, window: signature })
    .onConflict((oc) => oc.column('experiment_id').doUpdateSet({ window: signature }))
    .execute();
}
