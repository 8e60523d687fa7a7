/** Flags with their typed variables and variations. */
import { sql } from 'kysely';
import type { Flag, FlagVariation } from '../../core/flag/types.js';
import type { FlagVariable, VariableType } from '../../core/flag/variables.js';
import type { FlagRow } from '../schema.js';
import { nextId, parseJson, type Db } from './common.js';

export interface VariableInput { key: string; type: VariableType; defaultValue: string }
export interface VariationInput { key: string; name: string; description: string; variables: Record<string, string> }

/**
 * The variables and the variations of `flagIds`, in one query (flags are read on every management
 * request that touches one): a union of both tables in one column shape, told apart by `part`.
 */
async function flagParts(db: Db, flagIds: readonly number[]) {
  return db
    .selectFrom('flag_variables')
    .select([sql<string>`'variable'`.as('part'), 'id', 'flag_id', 'key', 'type as name', 'default_value as description', sql<string>`''`.as('variables'), 'position'])
    .where('flag_id', 'in', flagIds)
    .unionAll((eb) =>
      eb.selectFrom('flag_variations').select([sql<string>`'variation'`.as('part'), 'id', 'flag_id', 'key', 'name', 'description', 'variables', 'position']).where('flag_id', 'in', flagIds),
    )
    .orderBy('position')
    .execute();
}

async function assemble(db: Db, rows: readonly FlagRow[]): Promise<Flag[]> {
  if (rows.length === 0) return [];
  const parts = await flagParts(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    key: r.key,
    name: r.name,
    description: r.description,
    variables: parts
      .filter((v) => v.flag_id === r.id && v.part === 'variable')
      .map((v): FlagVariable => ({ id: v.id, key: v.key, type: v.name as VariableType, defaultValue: v.description })),
    variations: parts
      .filter((v) => v.flag_id === r.id && v.part === 'variation')
      .map((v): FlagVariation => ({ id: v.id, key: v.key, name: v.name, description: v.description, variables: parseJson<Record<string, string>>(v.variables, {}) })),
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export async function findFlagByKey(db: Db, projectId: number, key: string): Promise<Flag | null> {
  const row = await db.selectFrom('flags').selectAll().where('project_id', '=', projectId).where('key', '=', key).where('deleted_at', 'is', null).executeTakeFirst();
  return row ? ((await assemble(db, [row]))[0] ?? null) : null;
}

/** A flag by id, including deleted ones (experiments keep pointing at them). */
export async function findFlagById(db: Db, id: number): Promise<Flag | null> {
  const row = await db.selectFrom('flags').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? ((await assemble(db, [row]))[0] ?? null) : null;
}

export async function listFlagsByIds(db: Db, ids: readonly number[]): Promise<Flag[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('flags').selectAll().where('id', 'in', ids).orderBy('id').execute();
  return assemble(db, rows);
}

export async function insertFlag(db: Db, f: { id: number; projectId: number; key: string; name: string; description: string; at: string }): Promise<void> {
  await db.insertInto('flags').values({ id: f.id, project_id: f.projectId, key: f.key, name: f.name, description: f.description, archived: 0, deleted_at: null, created_at: f.at, updated_at: f.at }).execute();
}

export async function writeFlag(db: Db, id: number, f: { key: string; name: string; description: string }): Promise<void> {
  await db.updateTable('flags').set({ key: f.key, name: f.name, description: f.description }).where('id', '=', id).execute();
}

export async function markFlagDeleted(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('flags').set({ deleted_at: at, archived: 1 }).where('id', '=', id).execute();
}

/** Replaces a flag's variables, keeping the ids of those whose key stays. */
export async function replaceVariables(db: Db, flagId: number, inputs: readonly VariableInput[]): Promise<void> {
  const existing = await db.selectFrom('flag_variables').select(['id', 'key']).where('flag_id', '=', flagId).execute();
  const byKey = new Map(existing.map((v) => [v.key, v.id]));
  const keep = new Set(inputs.map((v) => v.key));
  const gone = existing.filter((v) => !keep.has(v.key)).map((v) => v.id);
  if (gone.length) await db.deleteFrom('flag_variables').where('id', 'in', gone).execute();
  for (const [position, v] of inputs.entries()) {
    const id = byKey.get(v.key);
    if (id === undefined) {
      await db.insertInto('flag_variables').values({ id: await nextId(db), flag_id: flagId, key: v.key, type: v.type, default_value: v.defaultValue, position }).execute();
    } else {
      await db.updateTable('flag_variables').set({ type: v.type, default_value: v.defaultValue, position }).where('id', '=', id).execute();
    }
  }
}

/** Replaces a flag's variations, keeping the ids (and so the datafile ids) of those whose key stays. */
export async function replaceVariations(db: Db, flagId: number, inputs: readonly VariationInput[]): Promise<void> {
  const existing = await db.selectFrom('flag_variations').select(['id', 'key']).where('flag_id', '=', flagId).execute();
  const byKey = new Map(existing.map((v) => [v.key, v.id]));
  const keep = new Set(inputs.map((v) => v.key));
  const gone = existing.filter((v) => !keep.has(v.key)).map((v) => v.id);
  if (gone.length) await db.deleteFrom('flag_variations').where('id', 'in', gone).execute();
  for (const [position, v] of inputs.entries()) {
    const id = byKey.get(v.key);
    const values = { key: v.key, name: v.name, description: v.description, variables: JSON.stringify(v.variables), position };
    if (id === undefined) {
      await db.insertInto('flag_variations').values({ id: await nextId(db), flag_id: flagId, ...values }).execute();
    } else {
      await db.updateTable('flag_variations').set(values).where('id', '=', id).execute();
    }
  }
}
