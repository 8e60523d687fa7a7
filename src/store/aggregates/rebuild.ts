/**
 * Rebuilds aggregates from the raw log: one experiment (when its window changed, or on request)
 * or everything (`fieldtest results rebuild`). The result is by construction what the fold
 * maintains incrementally: the same per-visitor contributions, summed exactly.
 */
import type { Kysely } from 'kysely';
import type { VisitorContribution } from '../../core/experiment/attribution.js';
import type { DB } from '../schema.js';
import type { Db } from '../repos/common.js';
import { CellDeltas } from './cell-deltas.js';
import { applyCellDeltas, clearExperiment, saveContributions, saveSignature } from './cell-store.js';
import { loadAggregatedExperiments, type AggregatedExperiment } from './experiment-windows.js';
import { inFoldTransaction } from './fold-transaction.js';
import { contributionsOf, isEmptyContribution } from './visitor-contributions.js';

/** Recomputes one experiment's aggregates; call with the fold lock held. */
export async function rebuildExperiment(db: Db, experiment: AggregatedExperiment): Promise<void> {
  await clearExperiment(db, experiment.id);
  if (experiment.window !== null) {
    const contributions = await contributionsOf(db, experiment, null);
    const deltas = new CellDeltas();
    const rows = new Map<string, VisitorContribution | null>();
    for (const [visitor, c] of contributions) {
      if (isEmptyContribution(c)) continue;
      deltas.add(experiment.id, c, 1);
      rows.set(visitor, c);
    }
    await saveContributions(db, experiment.id, rows);
    await applyCellDeltas(db, deltas);
  }
  await saveSignature(db, experiment.id, experiment.signature);
}

export interface RebuildReport {
  readonly experiments: number;
}

/**
 * Rebuilds one experiment, or all of them. A full rebuild also moves the cursor to the end of
 * the log: under the fold lock nothing is in flight, so everything below it is counted.
 */
export async function rebuildAggregates(db: Kysely<DB>, experimentId: number | null): Promise<RebuildReport> {
  return inFoldTransaction(db, async (trx) => {
    if (experimentId !== null) {
      const [experiment] = await loadAggregatedExperiments(trx, [experimentId], []);
      if (!experiment) return { experiments: 0 };
      await rebuildExperiment(trx, experiment);
      return { experiments: 1 };
    }
    const last = await trx.selectFrom('event_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    await trx.deleteFrom('experiment_daily_cells').execute();
    await trx.deleteFrom('experiment_visitors').execute();
    await trx.deleteFrom('experiment_aggregate_windows').execute();
    await trx.updateTable('event_cursors').set({ last_event_id: Number(last?.id ?? 0) }).where('name', '=', 'aggregates').execute();
    const ids = await trx.selectFrom('experiments').select('id').where('started_at', 'is not', null).execute();
    const experiments = await loadAggregatedExperiments(trx, ids.map((r) => r.id), []);
    for (const e of experiments) await rebuildExperiment(trx, e);
    return { experiments: experiments.length };
  });
}
