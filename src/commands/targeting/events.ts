/** Conversion events: what metrics count. */
import { conflict, invalid, notFound } from '../../core/errors.js';
import { assertKey } from '../../core/keys.js';
import type { EventDefinition } from '../../core/targeting/types.js';
import { bumpVersion, nextId } from '../../store/repos/common.js';
import { findEvent, findEventByKey, insertEvent, writeEvent } from '../../store/repos/targeting.js';
import { inTransaction, projectFor, type CommandContext } from '../context.js';

export const eventTypes = ['custom', 'click', 'pageview'] as const;

export interface EventInput {
  readonly key?: string;
  readonly name?: string;
  readonly description?: string;
  readonly eventType?: string;
  readonly category?: string;
  readonly archived?: boolean;
  readonly expectedVersion?: number;
}

export async function createEvent(ctx: CommandContext, projectId: number, input: EventInput): Promise<EventDefinition> {
  if (input.key === undefined) throw invalid('key', 'is required');
  const key = input.key;
  assertKey('key', key);
  return inTransaction(ctx, async (tx) => {
    await projectFor(ctx, tx.db, projectId, 'experiment:write');
    if (await findEventByKey(tx.db, projectId, key)) throw conflict(`key: project ${projectId} already has an event ${JSON.stringify(key)}`, 'key');
    const id = await nextId(tx.db);
    await insertEvent(tx.db, id, projectId, { key, name: input.name ?? key, description: input.description ?? '', eventType: input.eventType ?? 'custom', category: input.category ?? 'other', archived: input.archived ?? false }, tx.at);
    tx.changed({ projectId });
    return (await findEvent(tx.db, id)) as EventDefinition;
  });
}

export async function updateEvent(ctx: CommandContext, id: number, input: EventInput): Promise<EventDefinition> {
  return inTransaction(ctx, async (tx) => {
    const found = await findEvent(tx.db, id);
    if (!found) throw notFound('event', id);
    await projectFor(ctx, tx.db, found.projectId, 'experiment:write');
    const key = input.key ?? found.key;
    if (key !== found.key) {
      assertKey('key', key);
      if (await findEventByKey(tx.db, found.projectId, key)) throw conflict(`key: project already has an event ${JSON.stringify(key)}`, 'key');
    }
    await bumpVersion(tx.db, 'events', id, input.expectedVersion, 'event', tx.at);
    await writeEvent(tx.db, id, {
      key,
      name: input.name ?? found.name,
      description: input.description ?? found.description,
      eventType: input.eventType ?? found.eventType,
      category: input.category ?? found.category,
      archived: input.archived ?? found.archived,
    });
    tx.changed({ projectId: found.projectId });
    return (await findEvent(tx.db, id)) as EventDefinition;
  });
}

export async function getEvent(ctx: CommandContext, id: number): Promise<EventDefinition> {
  const found = await findEvent(ctx.db, id);
  if (!found) throw notFound('event', id);
  await projectFor(ctx, ctx.db, found.projectId, 'experiment:read');
  return found;
}
