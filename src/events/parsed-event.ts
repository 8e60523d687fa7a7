/** An event as a batch described it, before its ids and keys are resolved in the project. */
import { DomainError } from '../core/errors.js';
import type { EventKind } from './append.js';

/** An entity named by id or by key. */
export type Ref = { readonly id: number; readonly key?: undefined } | { readonly key: string; readonly id?: undefined };

export interface ParsedEvent {
  readonly uuid: string;
  readonly kind: EventKind;
  readonly visitorId: string;
  /** Exposures: the experiment and variation (null when the batch named none, e.g. a rollout). */
  readonly experiment: Ref | null;
  readonly variation: Ref | null;
  /** Conversions: the event definition's id as sent and its key. */
  readonly eventId: number | null;
  readonly eventKey: string | null;
  readonly timestamp: number;
  readonly value: number | null;
  readonly revenue: number | null;
  readonly attributes: Readonly<Record<string, unknown>> | null;
}

/** The most events one batch may carry (docs/events.md); more is a 413. */
export const maxEventsPerBatch = 10_000;

export function tooManyEvents(field: string): DomainError {
  return new DomainError('payload_too_large', `${field}: a batch carries at most ${maxEventsPerBatch} events; split it`, { field });
}
