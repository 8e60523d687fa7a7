/**
 * Web experiments name their metrics by event name; the core counts metrics on the project's
 * conversion events. Missing events are created by key, so a snippet's `track(name)` counts.
 */
import type { MetricDraft } from '../../core/experiment/metrics.js';
import { invalid } from '../../core/errors.js';
import { assertKey } from '../../core/keys.js';
import type { WebMetrics } from '../../core/web/types.js';
import { nextId } from '../../store/repos/common.js';
import { findEventByKey, insertEvent } from '../../store/repos/targeting.js';
import type { Tx } from '../context.js';

/** The event names of the metrics, primary first, without duplicates. */
export function metricEventNames(metrics: WebMetrics): string[] {
  const names = [metrics.primary?.eventName, ...(metrics.secondary ?? []).map((m) => m.eventName)].filter((n): n is string => n !== undefined);
  return [...new Set(names)];
}

/** Throws unless every event name is a valid event key. */
export function assertWebMetrics(metrics: WebMetrics): void {
  if (metrics.primary) assertKey('metrics.primary.eventName', metrics.primary.eventName);
  (metrics.secondary ?? []).forEach((m, i) => assertKey(`metrics.secondary[${i}].eventName`, m.eventName));
  if (!metrics.primary && (metrics.secondary ?? []).length > 0) throw invalid('metrics.primary', 'is required when secondary metrics are given');
}

/** Core metric drafts for the web metrics, creating the events that do not exist yet. */
export async function ensureMetricEvents(tx: Tx, projectId: number, metrics: WebMetrics): Promise<MetricDraft[]> {
  const drafts: MetricDraft[] = [];
  for (const key of metricEventNames(metrics)) {
    let event = await findEventByKey(tx.db, projectId, key);
    if (!event) {
      const id = await nextId(tx.db);
      await insertEvent(tx.db, id, projectId, { key, name: key, description: '', eventType: 'custom', category: 'other', archived: false }, tx.at);
      event = await findEventByKey(tx.db, projectId, key);
    }
    if (event) drafts.push({ eventId: event.id });
  }
  return drafts;
}
