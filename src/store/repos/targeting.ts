/** Attributes, audiences and conversion events of a project. */
import type { Attribute, Audience, EventDefinition } from '../../core/targeting/types.js';
import type { AttributeRow, AudienceRow, EventRow } from '../schema.js';
import { toBool, type Db } from './common.js';

export function rowToAttribute(r: AttributeRow): Attribute {
  return { id: r.id, projectId: r.project_id, key: r.key, name: r.name, description: r.description, conditionType: r.condition_type, archived: toBool(r.archived), version: r.version, createdAt: r.created_at, updatedAt: r.updated_at };
}

export function rowToAudience(r: AudienceRow): Audience {
  return { id: r.id, projectId: r.project_id, name: r.name, description: r.description, conditions: r.conditions, archived: toBool(r.archived), version: r.version, createdAt: r.created_at, updatedAt: r.updated_at };
}

export function rowToEvent(r: EventRow): EventDefinition {
  return { id: r.id, projectId: r.project_id, key: r.key, name: r.name, description: r.description, eventType: r.event_type, category: r.category, archived: toBool(r.archived), version: r.version, createdAt: r.created_at, updatedAt: r.updated_at };
}

interface AttributeFields { key: string; name: string; description: string; archived: boolean }
interface AudienceFields { name: string; description: string; conditions: string; archived: boolean }
interface EventFields { key: string; name: string; description: string; eventType: string; category: string; archived: boolean }

export async function insertAttribute(db: Db, id: number, projectId: number, f: AttributeFields, at: string): Promise<void> {
  await db.insertInto('attributes').values({ id, project_id: projectId, key: f.key, name: f.name, description: f.description, condition_type: 'custom_attribute', archived: f.archived ? 1 : 0, created_at: at, updated_at: at }).execute();
}

export async function writeAttribute(db: Db, id: number, f: AttributeFields): Promise<void> {
  await db.updateTable('attributes').set({ key: f.key, name: f.name, description: f.description, archived: f.archived ? 1 : 0 }).where('id', '=', id).execute();
}

export async function findAttribute(db: Db, id: number): Promise<Attribute | null> {
  const r = await db.selectFrom('attributes').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? rowToAttribute(r) : null;
}

export async function findAttributeByKey(db: Db, projectId: number, key: string): Promise<Attribute | null> {
  const r = await db.selectFrom('attributes').selectAll().where('project_id', '=', projectId).where('key', '=', key).executeTakeFirst();
  return r ? rowToAttribute(r) : null;
}

export async function insertAudience(db: Db, id: number, projectId: number, f: AudienceFields, at: string): Promise<void> {
  await db.insertInto('audiences').values({ id, project_id: projectId, name: f.name, description: f.description, conditions: f.conditions, archived: f.archived ? 1 : 0, created_at: at, updated_at: at }).execute();
}

export async function writeAudience(db: Db, id: number, f: AudienceFields): Promise<void> {
  await db.updateTable('audiences').set({ name: f.name, description: f.description, conditions: f.conditions, archived: f.archived ? 1 : 0 }).where('id', '=', id).execute();
}

export async function findAudience(db: Db, id: number): Promise<Audience | null> {
  const r = await db.selectFrom('audiences').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? rowToAudience(r) : null;
}

/** Which of `ids` are audiences of the project. */
export async function existingAudienceIds(db: Db, projectId: number, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('audiences').select('id').where('project_id', '=', projectId).where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

export async function insertEvent(db: Db, id: number, projectId: number, f: EventFields, at: string): Promise<void> {
  await db.insertInto('events').values({ id, project_id: projectId, key: f.key, name: f.name, description: f.description, event_type: f.eventType, category: f.category, archived: f.archived ? 1 : 0, created_at: at, updated_at: at }).execute();
}

export async function writeEvent(db: Db, id: number, f: EventFields): Promise<void> {
  await db.updateTable('events').set({ key: f.key, name: f.name, description: f.description, event_type: f.eventType, category: f.category, archived: f.archived ? 1 : 0 }).where('id', '=', id).execute();
}

export async function findEvent(db: Db, id: number): Promise<EventDefinition | null> {
  const r = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? rowToEvent(r) : null;
}

export async function findEventByKey(db: Db, projectId: number, key: string): Promise<EventDefinition | null> {
  const r = await db.selectFrom('events').selectAll().where('project_id', '=', projectId).where('key', '=', key).executeTakeFirst();
  return r ? rowToEvent(r) : null;
}
