/**
 * Deleting an experiment removes its rule from the ruleset. One that never started is deleted
 * for good; one that ran is archived instead, so its results stay readable.
 */
import { notFound } from '../../core/errors.js';
import { bumpVersion } from '../../store/repos/common.js';
import { findExperimentRow } from '../../store/repos/experiments.js';
import { inTransaction, projectFor, type CommandContext } from '../context.js';
import { applyVerb } from './lifecycle-effects.js';

export async function deleteExperiment(ctx: CommandContext, id: number, expectedVersion?: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const row = await findExperimentRow(tx.db, id);
    if (!row) throw notFound('experiment', id);
    await projectFor(ctx, tx.db, row.project_id, 'experiment:write');
    await bumpVersion(tx.db, 'experiments', id, expectedVersion, 'experiment', tx.at);
    const rule = await tx.db.updateTable('rules').set({ removed_at: tx.at }).where('id', '=', id).where('removed_at', 'is', null).returning('ruleset_id').executeTakeFirst();
    if (rule) await bumpVersion(tx.db, 'rulesets', rule.ruleset_id, undefined, 'ruleset', tx.at);
    if (row.started_at === null) {
      await tx.db.deleteFrom('experiments').where('id', '=', id).execute();
      await tx.db.deleteFrom('rules').where('id', '=', id).execute();
    } else if (row.status !== 'archived') {
      await applyVerb(ctx, tx, row, 'archive', { versioned: true });
    }
    tx.changed({ projectId: row.project_id, environmentIds: [row.environment_id] });
  });
}
