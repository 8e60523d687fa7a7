/**
 * The one way events enter the append-only log: SDK batches, the native batch endpoint and
 * server-side decisions (OFREP exposures) all call `appendEvents` inside their transaction.
 * Duplicates (same project and uuid) are ignored, so a retried batch is counted once.
 */
import type { Db } from '../store/repos/common.js';
import { lockForAppend } from '../store/aggregates/lock.js';

export type EventKind = 'exposure' | 'conversion';

export interface RawEvent {
  readonly projectId: number;
  readonly uuid: string;
  readonly kind: EventKind;
  readonly visitorId: string;
  /** Exposures: the experiment (rule id) and variation; conversions: null. */
  readonly experimentId: number | null;
  readonly variationId: number | null;
  /** Conversions: the event definition id when known, and the key as sent. */
  readonly eventId: number | null;
  readonly eventKey: string | null;
  /** When it happened (client clock), ms since the epoch. */
  readonly timestamp: number;
  readonly value: number | null;
  readonly revenue: number | null;
  readonly source: 'sdk' | 'native' | 'ofrep' | 'web';
  readonly attributes: Readonly<Record<string, unknown>> | null;
}

/** Inserts the events that are new; returns how many were. Call inside a transaction. */
export async function appendEvents(db: Db, events: readonly RawEvent[], receivedAt: number): Promise<number> {
  let inserted = 0;
  // PostgreSQL: keeps the aggregates' fold from passing ids this transaction has not committed.
  await lockForAppend(db);
  // Chunks keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < events.length; i += 500) {
    const chunk = events.slice(i, i + 500);
    const result = await db
      .insertInto('event_log')
      .values(
        chunk.map((e) => ({
          project_id: e.projectId,
          uuid: e.uuid,
          kind: e.kind,
          visitor_id: e.visitorId,
          experiment_id: e.experimentId,
          variation_id: e.variationId,
          event_id: e.eventId,
          event_key: e.eventKey,
          ts: e.timestamp,
          value: e.value,
          revenue: e.revenue,
          source: e.source,
          attributes: e.attributes === null ? null : JSON.stringify(e.attributes),
          received_at: receivedAt,
        })),
      )
      .onConflict((oc) => oc.columns(['project_id', 'uuid']).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}
