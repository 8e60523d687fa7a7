/** Reading and deleting holdouts. */
import { notFound } from '../../core/errors.js';
import type { Holdout } from '../../core/holdout/types.js';
import { bumpVersion, type PageOf } from '../../store/repos/common.js';
import { deleteHoldoutRow, findHoldout, listHoldoutPage, listHoldoutsByIds, listHoldoutWindow } from '../../store/repos/holdouts.js';
import { inTransaction, projectFor, type CommandContext, type PageRequest } from '../context.js';

export async function getHoldout(ctx: CommandContext, id: number): Promise<Holdout> {
  const holdout = await findHoldout(ctx.db, id);
  if (!holdout) throw notFound('holdout', id);
  await projectFor(ctx, ctx.db, holdout.projectId, 'experiment:read');
  return holdout;
}

export async function listProjectHoldouts(ctx: CommandContext, projectId: number, page: PageRequest): Promise<PageOf<Holdout>> {
  await projectFor(ctx, ctx.db, projectId, 'experiment:read');
  return listHoldoutPage(ctx.db, projectId, page);
}

/** One window of the project's holdouts, newest first (limit/offset paging). */
export async function listRecentHoldouts(ctx: CommandContext, projectId: number, window: { limit: number; offset: number }): Promise<PageOf<Holdout>> {
  await projectFor(ctx, ctx.db, projectId, 'experiment:read');
  return listHoldoutWindow(ctx.db, projectId, window);
}

/** The project's holdouts among `ids` (those that exist), for experiments that name them. */
export async function holdoutsOf(ctx: CommandContext, projectId: number, ids: readonly number[]): Promise<Holdout[]> {
  if (ids.length === 0) return [];
  await projectFor(ctx, ctx.db, projectId, 'experiment:read');
  return listHoldoutsByIds(ctx.db, projectId, [...new Set(ids)]);
}

/** Deletes a holdout; the experiments that named it no longer have one. */
export async function deleteHoldout(ctx: CommandContext, id: number, expectedVersion?: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const holdout = await findHoldout(tx.db, id);
    if (!holdout) throw notFound('holdout', id);
    await projectFor(ctx, tx.db, holdout.projectId, 'experiment:write');
    await bumpVersion(tx.db, 'holdouts', id, expectedVersion, 'holdout', tx.at);
    await deleteHoldoutRow(tx.db, id, tx.at);
    tx.changed({ projectId: holdout.projectId, environmentIds: [holdout.environmentId] });
  });
}
