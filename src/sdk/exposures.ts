/**
 * Exposures of decisions made on the server (OFREP): an experiment rule or a holdout decision is
 * logged as the impression an SDK would have sent, durably, before the answer goes out.
 * Writes are group-committed (events/event-writer.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Decision, DecideUser } from '../decide/index.js';
import type { RawEvent } from '../events/append.js';

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

/** Exposures are appended like every other event: group-committed (events/event-writer.ts). */
export { EventWriter as ExposureLog } from '../events/event-writer.js';
