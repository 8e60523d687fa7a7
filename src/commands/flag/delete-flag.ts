/**
 * Deleting a flag frees its key and removes it from every datafile. Its experiments stay
 * (archived) so their results remain readable; a flag with a running experiment cannot go.
 */
import { conflict, notFound } from '../../core/errors.js';
import { experimentRowsOfFlag } from '../../store/repos/experiments.js';
import { findFlagByKey, markFlagDeleted } from '../../store/repos/flags.js';
import { bumpVersion } from '../../store/repos/common.js';
import { inTransaction, projectFor, type CommandContext } from '../context.js';

export async function deleteFlag(ctx: CommandContext, projectId: number, flagKey: string, expectedVersion?: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    await projectFor(ctx, tx.db, projectId, 'flag:write');
    const flag = await findFlagByKey(tx.db, projectId, flagKey);
    if (!flag) throw notFound('flag', flagKey);
    const experiments = await experimentRowsOfFlag(tx.db, flag.id);
    const running = experiments.filter((e) => e.status === 'running');
    if (running.length) {
      throw conflict(`flag ${JSON.stringify(flagKey)} delivers running experiment ${running.map((e) => e.id).join(', ')}: pause or stop it first`);
    }
    await bumpVersion(tx.db, 'flags', flag.id, expectedVersion, 'flag', tx.at);
    await markFlagDeleted(tx.db, flag.id, tx.at);
    await tx.db.updateTable('experiments').set((eb) => ({ status: 'archived', archived_at: tx.at, updated_at: tx.at, version: eb('version', '+', 1) }))
      .where('flag_id', '=', flag.id).where('status', '!=', 'archived').execute();
    tx.changed({ projectId });
  });
}
