/**
 * PostHog metric definitions onto core metrics. A core metric counts one conversion event; PostHog
 * names the event in an insight filter (legacy `filters` / `secondary_metrics[].filters`) or in a
 * metric query (`metrics[]`, `metrics_secondary[]`). The mapping:
 *
 * - trends (`insight: TRENDS`, `ExperimentTrendsQuery`, `metric_type: mean`): the first event;
 *   math `total` (default) → count per visitor, `dau` → unique visitors, `sum` with a
 *   `math_property` → sum of the event's value (`revenue`/`$revenue` → its revenue).
 * - funnels (`insight: FUNNELS`, `ExperimentFunnelsQuery`, `metric_type: funnel`): the last step,
 *   as a unique conversion (a visitor converts when the final step happens after exposure).
 */
import { invalid } from '../../../core/errors.js';

export interface MetricRef {
  readonly eventKey: string;
  /** Where the event name was given, for errors. */
  readonly field: string;
  readonly aggregator: 'unique' | 'count' | 'sum';
  readonly valueField?: 'value' | 'revenue';
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const listOf = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

function fromMath(eventKey: string, field: string, node: Json): MetricRef {
  const math = typeof node.math === 'string' ? node.math : 'total';
  if (math === 'dau' || math === 'unique_session') return { eventKey, field, aggregator: 'unique' };
  if (math === 'sum' || math === 'avg') {
    const property = typeof node.math_property === 'string' ? node.math_property : 'value';
    return { eventKey, field, aggregator: 'sum', valueField: property === 'revenue' || property === '$revenue' ? 'revenue' : 'value' };
  }
  return { eventKey, field, aggregator: 'count' };
}

function eventOf(node: Json | undefined, field: string): string {
  const name = node?.id ?? node?.event;
  if (typeof name !== 'string' || name === '') throw invalid(field, 'names no event (PostHog actions and data warehouse metrics are not supported: use an event name)');
  return name;
}

/** The metric of a legacy insight filter, or null when it names no event. */
export function metricOfFilters(filters: Json | null | undefined, at: string): MetricRef | null {
  if (!filters) return null;
  const properties = filters.properties;
  if ((Array.isArray(properties) && properties.length > 0) || (isObject(properties) && Object.keys(properties).length > 0)) {
    throw invalid(`${at}.properties`, 'Experiments do not support global filter properties');
  }
  const events = listOf(filters.events).sort((a, b) => Number(a.order ?? 0) - Number(b.order ?? 0));
  if (events.length === 0) {
    if (listOf(filters.actions).length > 0) throw invalid(`${at}.actions`, 'actions are not supported as metrics: use events');
    return null;
  }
  if (filters.insight === 'FUNNELS') {
    const i = events.length - 1;
    return { eventKey: eventOf(events[i], `${at}.events[${i}].id`), field: `${at}.events[${i}].id`, aggregator: 'unique' };
  }
  return fromMath(eventOf(events[0], `${at}.events[0].id`), `${at}.events[0].id`, events[0] ?? {});
}

/** The metric of a metric query (`metrics[]` item). */
export function metricOfQuery(metric: Json, at: string): MetricRef {
  const kind = metric.kind;
  if (kind === 'ExperimentTrendsQuery') {
    const series = listOf(isObject(metric.count_query) ? metric.count_query.series : undefined);
    return fromMath(eventOf(series[0], `${at}.count_query.series[0].event`), `${at}.count_query.series[0].event`, series[0] ?? {});
  }
  if (kind === 'ExperimentFunnelsQuery') {
    const series = listOf(isObject(metric.funnels_query) ? metric.funnels_query.series : undefined);
    const i = series.length - 1;
    return { eventKey: eventOf(series[i], `${at}.funnels_query.series[${i}].event`), field: `${at}.funnels_query.series[${i}].event`, aggregator: 'unique' };
  }
  if (metric.metric_type === 'funnel') {
    const series = listOf(metric.series);
    const i = series.length - 1;
    return { eventKey: eventOf(series[i], `${at}.series[${i}].event`), field: `${at}.series[${i}].event`, aggregator: 'unique' };
  }
  if (metric.metric_type === 'mean' || metric.metric_type === undefined) {
    const source = isObject(metric.source) ? metric.source : undefined;
    return fromMath(eventOf(source, `${at}.source.event`), `${at}.source.event`, source ?? {});
  }
  throw invalid(`${at}.metric_type`, `${JSON.stringify(metric.metric_type)} metrics are not supported (use mean or funnel)`);
}

export interface PostHogMetrics {
  readonly filters: Json;
  readonly metrics: readonly Json[];
  readonly secondary_metrics: readonly Json[];
  readonly metrics_secondary: readonly Json[];
}

/** Saved metric queries linked to the experiment, by role. */
export interface SavedQueries {
  readonly primary: readonly Json[];
  readonly secondary: readonly Json[];
}

/**
 * The core metrics of an experiment, primary first: `metrics[]` (or, without them, `filters`),
 * then the saved primary metrics; then `secondary_metrics[]` (so `secondary_results?id=N` is
 * core metric primaryCount + N), `metrics_secondary[]` and the saved secondary metrics.
 */
export function metricRefs(m: PostHogMetrics, saved: SavedQueries = { primary: [], secondary: [] }): { refs: MetricRef[]; primaryCount: number } {
  const own = m.metrics.length > 0 ? m.metrics.map((q, i) => metricOfQuery(q, `metrics[${i}]`)) : [metricOfFilters(m.filters, 'filters')].filter((r): r is MetricRef => r !== null);
  const primary = [...own, ...saved.primary.map((q) => metricOfQuery(q, 'saved_metrics_ids'))];
  const legacy = m.secondary_metrics.map((s, i) => {
    const ref = metricOfFilters(isObject(s.filters) ? s.filters : null, `secondary_metrics[${i}].filters`);
    if (!ref) throw invalid(`secondary_metrics[${i}].filters`, 'names no event');
    return ref;
  });
  const newer = m.metrics_secondary.map((q, i) => metricOfQuery(q, `metrics_secondary[${i}]`));
  const savedSecondary = saved.secondary.map((q) => metricOfQuery(q, 'saved_metrics_ids'));
  return { refs: [...primary, ...legacy, ...newer, ...savedSecondary], primaryCount: primary.length };
}

const queryKinds = ['ExperimentMetric', 'ExperimentTrendsQuery', 'ExperimentFunnelsQuery'];

/** Checks a saved metric's query: a metric query kind that names an event. */
export function assertSavedQuery(query: Json): void {
  if (!queryKinds.includes(String(query.kind))) {
    throw invalid('query', "Metric query kind must be 'ExperimentMetric', 'ExperimentTrendsQuery' or 'ExperimentFunnelsQuery'");
  }
  metricOfQuery(query, 'query');
}

/** The event names of an insight filter's `events` query parameter (JSON), for flag checks. */
export function eventKeysOfQuery(events: string | undefined): string[] {
  if (events === undefined || events === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(events);
  } catch {
    throw invalid('events', 'must be a JSON array of events, e.g. [{"id": "purchase"}]');
  }
  return listOf(parsed).flatMap((e) => (typeof e.id === 'string' ? [e.id] : typeof e.event === 'string' ? [e.event] : []));
}
