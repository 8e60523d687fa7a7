/**
 * Creating and updating mutually exclusive groups. An experiment is in one group at most; a
 * running experiment cannot join, leave or change its share (its users would be re-bucketed).
 */
import { invalid, notFound } from '../../core/errors.js';
import type { Group, GroupEntity, GroupPolicy } from '../../core/group/types.js';
import { assertGroupEntities, assertGroupMembershipChangeable } from '../../core/group/validate.js';
import { bumpVersion, nextId } from '../../store/repos/common.js';
import { findGroup, groupsOfExperiments, insertGroup, replaceGroupEntities, writeGroup } from '../../store/repos/groups.js';
import { inTransaction, projectFor, type CommandContext, type Tx } from '../context.js';

export interface GroupInput {
  readonly name?: string;
  readonly description?: string;
  readonly policy?: GroupPolicy;
  readonly entities?: readonly GroupEntity[];
  readonly archived?: boolean;
  readonly expectedVersion?: number;
}

export async function createGroup(ctx: CommandContext, projectId: number, input: GroupInput): Promise<Group> {
  const name = input.name?.trim() ?? '';
  if (name === '') throw invalid('name', 'is required');
  const entities = input.entities ?? [];
  assertGroupEntities(entities);
  const id = await inTransaction(ctx, async (tx) => {
    await projectFor(ctx, tx.db, projectId, 'experiment:write');
    const groupId = await nextId(tx.db);
    await insertGroup(tx.db, groupId, projectId, { name, description: input.description ?? '', policy: input.policy ?? 'random', archived: input.archived ?? false }, tx.at);
    await writeEntities(tx, projectId, groupId, [], entities);
    return groupId;
  });
  return (await findGroup(ctx.db, id)) as Group;
}

export async function updateGroup(ctx: CommandContext, id: number, input: GroupInput): Promise<Group> {
  if (input.name !== undefined && input.name.trim() === '') throw invalid('name', 'must not be empty');
  if (input.entities) assertGroupEntities(input.entities);
  await inTransaction(ctx, async (tx) => {
    const group = await findGroup(tx.db, id);
    if (!group) throw notFound('group', id);
    await projectFor(ctx, tx.db, group.projectId, 'experiment:write');
    await bumpVersion(tx.db, 'groups', id, input.expectedVersion, 'group', tx.at);
    await writeGroup(tx.db, id, {
      name: input.name?.trim() ?? group.name,
      description: input.description ?? group.description,
      policy: input.policy ?? group.policy,
      archived: input.archived ?? group.archived,
    });
    // An archived group no longer excludes anyone: its experiments are free again.
    const entities = input.archived === true ? [] : (input.entities ?? group.entities);
    await writeEntities(tx, group.projectId, id, group.entities, entities);
  });
  return (await findGroup(ctx.db, id)) as Group;
}

/** Each experiment's range of the group's buckets, `start-end`, in the group's order. */
function layout(entities: readonly GroupEntity[]): Map<number, string> {
  const out = new Map<number, string>();
  let start = 0;
  for (const e of entities) {
    out.set(e.experimentId, `${start}-${start + e.weight}`);
    start += e.weight;
  }
  return out;
}

/**
 * Checks the experiments whose slice of the group's buckets changes — joining, leaving, a new
 * share, or a shift because an experiment before them changed — then writes the new list.
 */
async function writeEntities(tx: Tx, projectId: number, groupId: number, before: readonly GroupEntity[], after: readonly GroupEntity[]): Promise<void> {
  const old = layout(before);
  const now = layout(after);
  const moved = [...new Set([...old.keys(), ...now.keys()])].filter((id) => old.get(id) !== now.get(id));
  if (moved.length === 0 && before.length === after.length) return;
  const ids = after.map((e) => e.experimentId);
  const all = [...new Set([...ids, ...moved])];
  const rows = all.length ? await tx.db.selectFrom('experiments').select(['id', 'project_id', 'status']).where('id', 'in', all).execute() : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const memberships = await groupsOfExperiments(tx.db, ids);
  after.forEach((e, i) => {
    const row = byId.get(e.experimentId);
    if (!row || row.project_id !== projectId) throw invalid(`entities[${i}].id`, `experiment ${e.experimentId} does not exist in project ${projectId}`);
    const other = memberships.get(e.experimentId);
    if (other !== undefined && other !== groupId) throw invalid(`entities[${i}].id`, `experiment ${e.experimentId} is already in group ${other}: an experiment is in one group at most`);
  });
  for (const experimentId of moved) {
    const row = byId.get(experimentId);
    const i = after.findIndex((e) => e.experimentId === experimentId);
    if (row) assertGroupMembershipChangeable(experimentId, row.status, i >= 0 ? `entities[${i}]` : 'entities');
  }
  await replaceGroupEntities(tx.db, groupId, after);
  tx.changed({ projectId });
}
