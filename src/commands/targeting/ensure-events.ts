/**
 * Conversion events by key, created when missing: dialects whose metrics name events (PostHog's
 * `filters.events[].id`) rather than point at event ids.
 */
import { assertKey } from '../../core/keys.js';
import { nextId } from '../../store/repos/common.js';
import { findEventByKey, insertEvent } from '../../store/repos/targeting.js';
import { inTransaction, projectFor, type CommandContext, type Tx } from '../context.js';

/** The event id of every key (in the project), creating custom events for unknown keys. */
export async function ensureEvents(ctx: CommandContext, projectId: number, keys: readonly { key: string; field: string }[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  for (const { key, field } of keys) assertKey(field, key);
  return inTransaction(ctx, (tx) => ensureEventsIn(ctx, tx, projectId, keys));
}

/** The same inside a transaction the caller holds (an experiment command's), so events are created with it or not at all. */
export async function ensureEventsIn(ctx: CommandContext, tx: Tx, projectId: number, keys: readonly { key: string; field: string }[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (keys.length === 0) return out;
  for (const { key, field } of keys) assertKey(field, key);
  await projectFor(ctx, tx.db, projectId, 'experiment:write');
  for (const { key } of keys) {
    if (out.has(key)) continue;
    const found = await findEventByKey(tx.db, projectId, key);
    if (found) {
      out.set(key, found.id);
      continue;
    }
    const id = await nextId(tx.db);
    await insertEvent(tx.db, id, projectId, { key, name: key, description: '', eventType: 'custom', category: 'other', archived: false }, tx.at);
    out.set(key, id);
    tx.changed({ projectId });
  }
  return out;
}
