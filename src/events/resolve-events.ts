/**
 * Files parsed events under their project: event keys become event definition ids, experiment
 * and variation keys become ids. What cannot be resolved is kept raw and attributed nowhere
 * (an unknown event key keeps its key with a null event id) — except a key that names two
 * experiments, which the sender must disambiguate.
 */
import { invalid } from '../core/errors.js';
import type { Db } from '../store/repos/common.js';
import { eventDefinitions, experimentRefs, type EventDefinitions, type EventScope, type ExperimentRef } from '../store/read/event-catalog.js';
import type { RawEvent } from './append.js';
import type { ParsedEvent } from './parsed-event.js';

/** Event definitions of a project that know at least `ids` and `keys` if they exist (a cache may serve them). */
export type DefinitionsLoader = (projectId: number, ids: readonly number[], keys: readonly string[]) => Promise<EventDefinitions>;

export async function resolveEvents(
  db: Db,
  scope: EventScope,
  parsed: readonly ParsedEvent[],
  source: RawEvent['source'],
  fieldOf: (index: number) => string,
  loadDefinitions: DefinitionsLoader = (projectId) => eventDefinitions(db, projectId),
): Promise<RawEvent[]> {
  const conversions = parsed.filter((e) => e.kind === 'conversion');
  const needsExperiments = parsed.some((e) => e.experiment?.key !== undefined || e.variation?.key !== undefined);
  const ids = [...new Set(conversions.flatMap((e) => (e.eventId === null ? [] : [e.eventId])))];
  const keys = [...new Set(conversions.flatMap((e) => (e.eventKey === null ? [] : [e.eventKey])))];
  const [definitions, experiments] = await Promise.all([
    conversions.length > 0 ? loadDefinitions(scope.projectId, ids, keys) : null,
    needsExperiments ? experimentRefs(db, scope.projectId) : null,
  ]);
  return parsed.map((e, i): RawEvent => {
    const base = { projectId: scope.projectId, uuid: e.uuid, kind: e.kind, visitorId: e.visitorId, timestamp: e.timestamp, value: e.value, revenue: e.revenue, source, attributes: e.attributes };
    if (e.kind === 'conversion') {
      const known = e.eventId !== null && definitions?.ids.has(e.eventId) ? e.eventId : null;
      const eventId = known ?? (e.eventKey === null ? null : (definitions?.byKey.get(e.eventKey) ?? null));
      return { ...base, experimentId: null, variationId: null, eventId, eventKey: e.eventKey };
    }
    const experiment = e.experiment?.key === undefined ? null : experimentByKey(experiments ?? [], e.experiment.key, scope, `${fieldOf(i)}.experiment_id`);
    const experimentId = e.experiment?.id ?? experiment?.id ?? null;
    let variationId = e.variation?.id ?? null;
    if (e.variation?.key !== undefined) {
      const holder = experiment ?? (experimentId === null ? undefined : experiments?.find((x) => x.id === experimentId));
      variationId = holder?.variations.get(e.variation.key) ?? null;
    }
    return { ...base, experimentId, variationId, eventId: null, eventKey: null };
  });
}

function experimentByKey(experiments: readonly ExperimentRef[], key: string, scope: EventScope, field: string): ExperimentRef | null {
  const candidates = experiments.filter((x) => x.key === key && (scope.environmentId === null || x.environmentId === scope.environmentId));
  if (candidates.length > 1) throw invalid(field, `the key ${JSON.stringify(key)} names experiments in several environments; send the experiment id or use the environment's SDK key`);
  return candidates[0] ?? null;
}
