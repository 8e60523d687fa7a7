/**
 * A whole PostHog experiment as a PostHog user scripts it: create, launch, exposures and
 * conversions, results and secondary results, end, archive. Events are written to the event log
 * the way the event endpoints record them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents, type RawEvent } from '../../src/events/append.js';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';

interface Experiment { id: number; status: string; archived: boolean; start_date?: string; end_date?: string }
interface Results {
  result: {
    probability: Record<string, number>;
    significant: boolean;
    significance_code: string;
    expected_loss?: number;
    p_value?: number;
    variants: { key: string; success_count?: number; failure_count?: number; count?: number; absolute_exposure?: number }[];
    credible_intervals: Record<string, [number, number]>;
  };
  last_refresh: string;
  is_cached: boolean;
}

describe.each(databases)('A PostHog experiment from start to end on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let projectId: number;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    projectId = (await api.post<{ id: number }>('/v2/projects', { name: 'Flow' })).body.id;
  });
  afterAll(async () => server.close());

  it('creates, launches, measures, ends and archives', async () => {
    const base = `/api/projects/${projectId}/experiments/`;
    const created = await api.post<Experiment>(base, {
      name: 'Pricing page',
      feature_flag_key: 'pricing-page',
      filters: { insight: 'FUNNELS', events: [{ id: 'visit', order: 0 }, { id: 'purchase', order: 1 }] },
      secondary_metrics: [{ name: 'Clicks', filters: { insight: 'TRENDS', events: [{ id: 'click' }] } }],
    });
    expectContract('posthog', 'experiments_create', created, 201);
    const id = created.body.id;
    const launched = await api.patch<Experiment>(`${base}${id}/`, { start_date: new Date().toISOString() });
    expectContract('posthog', 'experiments_partial_update', launched, 200);

    const noData = await api.get<{ type: string; detail: string }>(`${base}${id}/results/`);
    expect(noData.status).toBe(400);
    expect(JSON.parse(noData.body.detail)).toMatchObject({ 'no-events': true, 'no-flag-info': true });

    const { body: core } = await api.get<{ variations: { variation_id: number; key: string }[] }>(`/v2/experiments/${id}`);
    const variation = new Map(core.variations.map((v) => [v.key, v.variation_id]));
    const { body: events } = await api.get<{ id: number; key: string }[]>(`/v2/events?project_id=${projectId}`);
    const eventId = new Map(events.map((e) => [e.key, e.id]));
    // Just after the launch, so the events also fall before the end set below.
    const now = Date.parse(launched.body.start_date ?? '');
    const raw: RawEvent[] = [];
    const push = (kind: RawEvent['kind'], visitorId: string, at: number, extra: Partial<RawEvent>) =>
      raw.push({ projectId, uuid: randomUUID(), kind, visitorId, experimentId: null, variationId: null, eventId: null, eventKey: null, timestamp: at, value: null, revenue: null, source: 'native', attributes: null, ...extra });
    for (const [key, buyers] of [['control', 20], ['test', 45]] as const) {
      for (let i = 0; i < 150; i++) {
        const visitor = `${key}-${i}`;
        push('exposure', visitor, now + 1, { experimentId: id, variationId: variation.get(key) ?? null });
        if (i < buyers) push('conversion', visitor, now + 2, { eventId: eventId.get('purchase') ?? null, eventKey: 'purchase' });
        if (i < 10) push('conversion', visitor, now + 3, { eventId: eventId.get('click') ?? null, eventKey: 'click' });
      }
    }
    // A purchase before the exposure does not count.
    push('conversion', 'control-149', now, { eventId: eventId.get('purchase') ?? null, eventKey: 'purchase' });
    await appendEvents(server.store.db, raw, now);

    const results = await api.get<Results>(`${base}${id}/results/`);
    expectContract('posthog', 'experiments_results_retrieve', results, 200);
    const r = results.body.result;
    expect(r.variants).toEqual([
      { key: 'control', success_count: 20, failure_count: 130 },
      { key: 'test', success_count: 45, failure_count: 105 },
    ]);
    expect((r.probability.control ?? 0) + (r.probability.test ?? 0)).toBeCloseTo(1, 5);
    expect(r.probability.test).toBeGreaterThan(0.99);
    expect(r.significance_code).toBe('significant');
    expect(r.significant).toBe(true);
    expect(r.expected_loss).toBeLessThan(0.01);
    expect(r.credible_intervals.test?.[0]).toBeLessThan(0.3);
    expect(r.credible_intervals.test?.[1]).toBeGreaterThan(0.3);
    expect(results.body.is_cached).toBe(false);

    const secondary = await api.get<{ result: { result: Record<string, number> } }>(`${base}${id}/secondary_results/?id=0`);
    expectContract('posthog', 'experiments_secondary_results_retrieve', secondary, 200);
    expect(secondary.body.result.result).toEqual({ control: 10, test: 10 });
    expect((await api.get(`${base}${id}/secondary_results/?id=5`)).status).toBe(400);

    const frequentist = await api.patch(`${base}${id}/`, { stats_config: { method: 'frequentist' } });
    expect(frequentist.status).toBe(200);
    const fr = await api.get<Results>(`${base}${id}/results/`);
    expect(fr.body.result.significance_code).toBe('significant');

    const ended = await api.patch<Experiment>(`${base}${id}/`, { end_date: new Date().toISOString() });
    expect(ended.body.status).toBe('complete');
    const archived = await api.patch<Experiment>(`${base}${id}/`, { archived: true });
    expectContract('posthog', 'experiments_partial_update', archived, 200);
    expect(archived.body).toMatchObject({ archived: true, status: 'archived' });
    expect((await api.get<Results>(`${base}${id}/results/`)).status).toBe(200);
  });

  it('reports not_enough_exposure below 100 exposures per variant', async () => {
    const base = `/api/projects/${projectId}/experiments/`;
    const { body: e } = await api.post<Experiment>(base, { name: 'Small', feature_flag_key: 'small', filters: { events: [{ id: 'buy' }] }, start_date: new Date().toISOString() });
    const { body: core } = await api.get<{ variations: { variation_id: number; key: string }[] }>(`/v2/experiments/${e.id}`);
    const { body: events } = await api.get<{ id: number; key: string }[]>(`/v2/events?project_id=${projectId}`);
    const buy = events.find((x) => x.key === 'buy')?.id ?? null;
    const now = Date.now() + 1000;
    const raw: RawEvent[] = core.variations.flatMap((v) => Array.from({ length: 10 }, (_, i): RawEvent[] => [
      { projectId, uuid: randomUUID(), kind: 'exposure', visitorId: `${v.key}-${i}`, experimentId: e.id, variationId: v.variation_id, eventId: null, eventKey: null, timestamp: now, value: null, revenue: null, source: 'native', attributes: null },
      { projectId, uuid: randomUUID(), kind: 'conversion', visitorId: `${v.key}-${i}`, experimentId: null, variationId: null, eventId: buy, eventKey: 'buy', timestamp: now + 1, value: null, revenue: null, source: 'native', attributes: null },
    ]).flat());
    await appendEvents(server.store.db, raw, now);
    const res = await api.get<Results>(`${base}${e.id}/results/`);
    expect(res.status).toBe(200);
    expect(res.body.result).toMatchObject({ significance_code: 'not_enough_exposure', significant: false });
    expect(res.body.result.variants[0]).toMatchObject({ key: 'control', count: 10, absolute_exposure: 10 });
    expect(typeof res.body.result.p_value).toBe('number');
  });
});
