/**
 * The native batch (docs/events.md): a JSON array of events, or `{events: [...]}`. Each is an
 * exposure (visitor, experiment and variation by id or key) or a conversion (visitor, event key
 * or id, optional value and revenue), with a uuid and a time. The web snippet posts exactly
 * these objects; `type` may be left out when the fields make the kind plain.
 */
import { invalid } from '../core/errors.js';
import { arrayAt, attributesAt, isObject, objectAt, revenueAt, stringAt, timestampAt, valueAt, type Json } from './fields.js';
import { maxEventsPerBatch, tooManyEvents, type ParsedEvent, type Ref } from './parsed-event.js';

export interface NativeBatch {
  /** `{project_id, events}` bodies may name their project (for personal tokens). */
  readonly projectId: number | null;
  readonly events: ParsedEvent[];
}

export function parseNativeBatch(body: unknown, now: number): NativeBatch {
  let list: readonly unknown[];
  let projectId: number | null = null;
  let base = '';
  if (Array.isArray(body)) list = body;
  else if (isObject(body)) {
    list = arrayAt(body.events, 'events');
    base = 'events';
    if (body.project_id !== undefined) {
      const p = Number(body.project_id);
      if (!Number.isSafeInteger(p) || p <= 0) throw invalid('project_id', 'must be a project id');
      projectId = p;
    }
  } else throw invalid('body', 'must be an array of events or an object {"events": [...]}');
  if (list.length > maxEventsPerBatch) throw tooManyEvents(base || 'body');
  return { projectId, events: list.map((e, i) => parseEvent(objectAt(e, `${base}[${i}]`), `${base}[${i}]`, now)) };
}

const exposureTypes = new Set(['exposure', 'impression', 'decision']);
const conversionTypes = new Set(['conversion', 'event', 'track']);

function parseEvent(e: Json, path: string, now: number): ParsedEvent {
  const uuid = stringAt(e.uuid, `${path}.uuid`, 128);
  const rawVisitor = e.visitor_id ?? e.user_id;
  const visitorId = stringAt(typeof rawVisitor === 'number' ? String(rawVisitor) : rawVisitor, `${path}.visitor_id`);
  const timestamp = e.timestamp === undefined || e.timestamp === null ? now : timestampAt(e.timestamp, `${path}.timestamp`);
  const attributes = attributesAt(e.attributes, `${path}.attributes`);
  const type = e.type === undefined ? (e.event_key !== undefined || e.event !== undefined || e.event_id !== undefined ? 'conversion' : 'exposure') : e.type;
  if (typeof type !== 'string' || !(exposureTypes.has(type) || conversionTypes.has(type))) throw invalid(`${path}.type`, 'must be "exposure" or "conversion"');
  if (exposureTypes.has(type)) {
    const experiment = refAt(e.experiment_id ?? e.experiment ?? e.experiment_key, `${path}.experiment_id`);
    const variation = refAt(e.variation_id ?? e.variation ?? e.variation_key, `${path}.variation_id`);
    if (experiment === null) throw invalid(`${path}.experiment_id`, 'an exposure needs its experiment (id or key)');
    if (variation === null) throw invalid(`${path}.variation_id`, 'an exposure needs its variation (id or key)');
    return { uuid, kind: 'exposure', visitorId, timestamp, attributes, experiment, variation, eventId: null, eventKey: null, value: null, revenue: null };
  }
  const event = refAt(e.event_key ?? e.event ?? e.event_id, `${path}.event_key`);
  if (event === null) throw invalid(`${path}.event_key`, 'a conversion needs its event key (or event_id)');
  return {
    uuid, kind: 'conversion', visitorId, timestamp, attributes,
    experiment: null, variation: null,
    eventId: event.id ?? null, eventKey: event.key ?? null,
    value: valueAt(e.value, `${path}.value`),
    revenue: revenueAt(e.revenue, `${path}.revenue`),
  };
}

/** An id (a number, or a string of digits) or a key (any other string). */
function refAt(v: unknown, path: string): Ref | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || v <= 0) throw invalid(path, 'must be a positive integer id or a key');
    return { id: v };
  }
  const s = stringAt(v, path);
  return /^\d{1,15}$/.test(s) ? { id: Number(s) } : { key: s };
}
