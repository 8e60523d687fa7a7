/**
 * The EventBatch the Optimizely SDKs POST to /v1/events (reference/optimizely-compat.md §4):
 * visitors → snapshots → decisions + events. An impression is an event keyed
 * `campaign_activated` whose `entity_id` is its decision's `campaign_id`; any other event is a
 * conversion (entity_id = the event's id in the datafile, key = its key). Lenient where SDK
 * versions differ ("" or null ids, absent project_id/metadata, unknown fields), strict where a
 * number would be misread.
 */
import { invalid } from '../core/errors.js';
import { arrayAt, attributesAt, isObject, numericIdAt, objectAt, revenueAt, stringAt, timestampAt, valueAt, type Json } from './fields.js';
import { maxEventsPerBatch, tooManyEvents, type ParsedEvent } from './parsed-event.js';

export interface OptimizelyBatch {
  /** The batch's `project_id`, or null when it sent none. */
  readonly projectId: number | null;
  readonly accountId: string | null;
  readonly events: ParsedEvent[];
}

const impressionKey = 'campaign_activated';

export function parseOptimizelyBatch(body: unknown): OptimizelyBatch {
  const batch = objectAt(body, 'body');
  const projectId = numericIdAt(batch.project_id, 'project_id');
  if (batch.project_id !== undefined && batch.project_id !== null && projectId === null) throw invalid('project_id', 'must be a project id (digits)');
  const accountId = typeof batch.account_id === 'string' || typeof batch.account_id === 'number' ? String(batch.account_id) : null;
  const events: ParsedEvent[] = [];
  arrayAt(batch.visitors, 'visitors').forEach((v, i) => {
    const path = `visitors[${i}]`;
    const visitor = objectAt(v, path);
    const rawId = visitor.visitor_id;
    const visitorId = stringAt(typeof rawId === 'number' ? String(rawId) : rawId, `${path}.visitor_id`);
    const attributes = attributesAt(visitor.attributes, `${path}.attributes`);
    arrayAt(visitor.snapshots ?? [], `${path}.snapshots`).forEach((s, j) => {
      const snapshot = objectAt(s, `${path}.snapshots[${j}]`);
      const decisions = arrayAt(snapshot.decisions ?? [], `${path}.snapshots[${j}].decisions`).map((d, k) => objectAt(d, `${path}.snapshots[${j}].decisions[${k}]`));
      arrayAt(snapshot.events ?? [], `${path}.snapshots[${j}].events`).forEach((e, k) => {
        if (events.length >= maxEventsPerBatch) throw tooManyEvents('visitors');
        events.push(parseEvent(objectAt(e, `${path}.snapshots[${j}].events[${k}]`), `${path}.snapshots[${j}].events[${k}]`, decisions, visitorId, attributes));
      });
    });
  });
  return { projectId, accountId, events };
}

function parseEvent(e: Json, path: string, decisions: readonly Json[], visitorId: string, attributes: Record<string, unknown> | null): ParsedEvent {
  const uuid = stringAt(e.uuid, `${path}.uuid`, 128);
  const timestamp = timestampAt(e.timestamp, `${path}.timestamp`);
  const key = e.key ?? e.type;
  if (key === impressionKey) {
    const decision = decisionOf(decisions, e.entity_id);
    const experimentId = decision ? numericIdAt(decision.experiment_id, `${path}.decision.experiment_id`) : null;
    const variationId = decision ? numericIdAt(decision.variation_id, `${path}.decision.variation_id`) : null;
    return {
      uuid, kind: 'exposure', visitorId, timestamp, attributes,
      experiment: experimentId === null ? null : { id: experimentId },
      variation: variationId === null ? null : { id: variationId },
      eventId: null, eventKey: null, value: null, revenue: null,
    };
  }
  const eventKey = key === undefined || key === null ? null : stringAt(key, `${path}.key`);
  const eventId = numericIdAt(e.entity_id, `${path}.entity_id`);
  if (eventKey === null && eventId === null) throw invalid(`${path}.key`, 'a conversion needs its event key (or entity_id)');
  // Current SDKs send value and revenue at the top level and in tags; older ones only in tags.
  const tags = isObject(e.tags) ? e.tags : {};
  return {
    uuid, kind: 'conversion', visitorId, timestamp, attributes,
    experiment: null, variation: null,
    eventId, eventKey,
    value: valueAt(e.value ?? tags.value, `${path}.value`),
    revenue: revenueAt(e.revenue ?? tags.revenue, `${path}.revenue`),
  };
}

/** The decision an impression reports: the one whose campaign it names, or the snapshot's only one. */
function decisionOf(decisions: readonly Json[], entityId: unknown): Json | undefined {
  const named = entityId === undefined || entityId === null ? undefined : decisions.find((d) => String(d.campaign_id) === String(entityId as string | number));
  return named ?? (decisions.length === 1 ? decisions[0] : undefined);
}
