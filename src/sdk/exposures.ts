/**
 * Exposures of decisions made on the server (OFREP): an experiment rule or a holdout decision is
 * logged as the impression an SDK would have sent, before the answer goes out.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Decision, DecideUser } from '../decide/index.js';
import { appendEvents, type RawEvent } from '../events/append.js';
import type { DB } from '../store/schema.js';

/** The exposure a decision makes, or null when it delivers no experiment or holdout. */
export function exposureOf(projectId: number, decision: Decision, user: DecideUser, at: number): RawEvent | null {
  if ((decision.ruleType !== 'experiment' && decision.ruleType !== 'holdout') || decision.ruleId === null || decision.variationId === null) return null;
  const attributes = user.attributes && Object.keys(user.attributes).length > 0 ? user.attributes : null;
  return {
    projectId,
    uuid: randomUUID(),
    kind: 'exposure',
    visitorId: user.userId,
    experimentId: Number(decision.ruleId),
    variationId: Number(decision.variationId),
    eventId: null,
    eventKey: null,
    timestamp: at,
    value: null,
    revenue: null,
    source: 'ofrep',
    attributes,
  };
}

/** Appends the exposures durably (one transaction), before the evaluation is answered. */
export async function recordExposures(db: Kysely<DB>, events: readonly RawEvent[], at: number): Promise<void> {
  if (events.length === 0) return;
  await db.transaction().execute((trx) => appendEvents(trx, events, at));
}
