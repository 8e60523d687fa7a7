/**
 * Recomputes visitors' contributions to one experiment from their raw events, with the one
 * attribution rule (`visitorContribution`). The fold calls it for the visitors a batch of new
 * events touched, the rebuild for every visitor of the experiment.
 */
import {
  noContribution,
  visitorContribution,
  type VisitorContribution,
  type VisitorConversion,
  type VisitorExposure,
} from '../../core/experiment/attribution.js';
import type { Db } from '../repos/common.js';
import type { AggregatedExperiment } from './experiment-windows.js';

const chunkSize = 500;

interface VisitorEvents {
  exposures: VisitorExposure[];
  conversions: VisitorConversion[];
}

/**
 * Contributions of `visitorIds` (every visitor exposed to the experiment when null). Visitors
 * that count nowhere map to `noContribution`.
 */
export async function contributionsOf(db: Db, experiment: AggregatedExperiment, visitorIds: readonly string[] | null): Promise<Map<string, VisitorContribution>> {
  const out = new Map<string, VisitorContribution>();
  const window = experiment.window;
  if (window === null) {
    for (const v of visitorIds ?? []) out.set(v, noContribution);
    return out;
  }
  const chunks = visitorIds === null ? [null] : Array.from({ length: Math.ceil(visitorIds.length / chunkSize) }, (_, i) => visitorIds.slice(i * chunkSize, (i + 1) * chunkSize));
  const eventIds = [...new Set(window.metrics.map((m) => m.eventId))];
  for (const chunk of chunks) {
    const byVisitor = new Map<string, VisitorEvents>();
    for (const v of chunk ?? []) byVisitor.set(v, { exposures: [], conversions: [] });
    let exposures = db
      .selectFrom('event_log')
      .select(['visitor_id', 'variation_id', 'ts', 'uuid'])
      .where('experiment_id', '=', experiment.id)
      .where('project_id', '=', experiment.projectId)
      .where('kind', '=', 'exposure');
    if (chunk) exposures = exposures.where('visitor_id', 'in', chunk);
    for (const x of await exposures.execute()) {
      if (x.variation_id === null) continue;
      let v = byVisitor.get(x.visitor_id);
      if (!v) byVisitor.set(x.visitor_id, (v = { exposures: [], conversions: [] }));
      v.exposures.push({ uuid: x.uuid, ts: Number(x.ts), variationId: x.variation_id });
    }
    const exposed = [...byVisitor].filter(([, v]) => v.exposures.length > 0).map(([id]) => id);
    if (eventIds.length > 0 && exposed.length > 0) {
      let conversions = db
        .selectFrom('event_log')
        .select(['visitor_id', 'event_id', 'ts', 'uuid', 'value', 'revenue'])
        .where('project_id', '=', experiment.projectId)
        .where('kind', '=', 'conversion')
        .where('event_id', 'in', eventIds)
        .where('ts', '>=', window.startedAt);
      if (chunk) conversions = conversions.where('visitor_id', 'in', exposed);
      for (const c of await conversions.execute()) {
        const v = byVisitor.get(c.visitor_id);
        if (!v || c.event_id === null || v.exposures.length === 0) continue;
        v.conversions.push({ uuid: c.uuid, ts: Number(c.ts), eventId: c.event_id, value: c.value === null ? null : Number(c.value), revenue: c.revenue === null ? null : Number(c.revenue) });
      }
    }
    for (const [visitorId, v] of byVisitor) out.set(visitorId, v.exposures.length === 0 ? noContribution : visitorContribution(window, v.exposures, v.conversions));
  }
  return out;
}

export function isEmptyContribution(c: VisitorContribution): boolean {
  return c.cells.length === 0 && c.conflictedDay === null;
}
