/** Reading and deleting groups. */
import { notFound } from '../../core/errors.js';
import type { Group } from '../../core/group/types.js';
import { assertGroupMembershipChangeable } from '../../core/group/validate.js';
import { bumpVersion, type PageOf } from '../../store/repos/common.js';
import { deleteGroupRow, findGroup, listGroupPage } from '../../store/repos/groups.js';
import { inTransaction, projectFor, type CommandContext, type PageRequest } from '../context.js';

export async function getGroup(ctx: CommandContext, id: number): Promise<Group> {
  const group = await findGroup(ctx.db, id);
  if (!group) throw notFound('group', id);
  await projectFor(ctx, ctx.db, group.projectId, 'experiment:read');
  return group;
}

export async function listProjectGroups(ctx: CommandContext, projectId: number, page: PageRequest): Promise<PageOf<Group>> {
  await projectFor(ctx, ctx.db, projectId, 'experiment:read');
  return listGroupPage(ctx.db, projectId, page);
}

/** Deletes a group; its experiments stay and are no longer mutually exclusive. */
export async function deleteGroup(ctx: CommandContext, id: number, expectedVersion?: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const group = await findGroup(tx.db, id);
    if (!group) throw notFound('group', id);
    await projectFor(ctx, tx.db, group.projectId, 'experiment:write');
    await bumpVersion(tx.db, 'groups', id, expectedVersion, 'group', tx.at);
    if (group.entities.length) {
      const rows = await tx.db.selectFrom('experiments').select(['id', 'status']).where('id', 'in', group.entities.map((e) => e.experimentId)).execute();
      for (const row of rows) if (row.status === 'running') assertGroupMembershipChangeable(row.id, row.status, 'entities');
    }
    await deleteGroupRow(tx.db, id);
    tx.changed({ projectId: group.projectId });
  });
}
