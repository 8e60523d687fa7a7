/** Mutually exclusive groups and the experiments in them. */
import type { Group, GroupEntity, GroupPolicy } from '../../core/group/types.js';
import type { GroupRow } from '../schema.js';
import { toBool, type Db, type Page, type PageOf } from './common.js';

async function assemble(db: Db, rows: readonly GroupRow[]): Promise<Group[]> {
  if (rows.length === 0) return [];
  const entities = await db.selectFrom('group_entities').selectAll().where('group_id', 'in', rows.map((r) => r.id)).orderBy('group_id').orderBy('position').execute();
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    name: r.name,
    description: r.description,
    policy: r.policy as GroupPolicy,
    entities: entities.filter((e) => e.group_id === r.id).map((e): GroupEntity => ({ experimentId: e.experiment_id, weight: e.weight })),
    archived: toBool(r.archived),
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export async function findGroup(db: Db, id: number): Promise<Group | null> {
  const row = await db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? ((await assemble(db, [row]))[0] ?? null) : null;
}

export async function listGroupPage(db: Db, projectId: number, page: Page): Promise<PageOf<Group>> {
  const base = db.selectFrom('groups').where('project_id', '=', projectId);
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('id').limit(page.perPage).offset((page.page - 1) * page.perPage).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: await assemble(db, rows), total: Number(total.n) };
}

export interface GroupFields {
  name: string;
  description: string;
  policy: GroupPolicy;
  archived: boolean;
}

export async function insertGroup(db: Db, id: number, projectId: number, f: GroupFields, at: string): Promise<void> {
  await db.insertInto('groups').values({ id, project_id: projectId, name: f.name, description: f.description, policy: f.policy, archived: f.archived ? 1 : 0, created_at: at, updated_at: at }).execute();
}

export async function writeGroup(db: Db, id: number, f: GroupFields): Promise<void> {
  await db.updateTable('groups').set({ name: f.name, description: f.description, policy: f.policy, archived: f.archived ? 1 : 0 }).where('id', '=', id).execute();
}

export async function replaceGroupEntities(db: Db, groupId: number, entities: readonly GroupEntity[]): Promise<void> {
  await db.deleteFrom('group_entities').where('group_id', '=', groupId).execute();
  if (entities.length === 0) return;
  await db.insertInto('group_entities').values(entities.map((e, position) => ({ group_id: groupId, experiment_id: e.experimentId, weight: e.weight, position }))).execute();
}

/** The group each of `experimentIds` is in, if any. */
export async function groupsOfExperiments(db: Db, experimentIds: readonly number[]): Promise<Map<number, number>> {
  if (experimentIds.length === 0) return new Map();
  const rows = await db.selectFrom('group_entities').select(['experiment_id', 'group_id']).where('experiment_id', 'in', experimentIds).execute();
  return new Map(rows.map((r) => [r.experiment_id, r.group_id]));
}

export async function deleteGroupRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('group_entities').where('group_id', '=', id).execute();
  await db.deleteFrom('groups').where('id', '=', id).execute();
}
