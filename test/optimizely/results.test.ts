/**
 * GET /v2/experiments/{id}/results and /timeseries on the real server: the §6.1 shape, numbers
 * checked against closed-form values (test/helpers/closed-form.ts), 204 without data, the
 * start/end window, a baseline override, SRM on a skewed split, conflicted visitors, and the
 * 20-a-minute results rate limit. The server runs on a clock the test sets, so that the
 * experiment's run spans several UTC days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { buildEvent, buildProject, expectError, ok, type EventDef, type Experiment } from '../helpers/factories.js';
import { conversion, exposure, seedEvents, type SeedEvent } from '../helpers/events.js';
import { bhQValues, msprtPValue, sampleVariance } from '../helpers/closed-form.js';

interface Lift { value: number | null; confidence_interval: number[] | null; significance: number | null; is_significant: boolean; is_most_conclusive: boolean; lift_status: string; visitors_remaining: number; value_scaled: number | null; p_value: number | null }
interface VariationResult { variation_id: string; name: string; is_baseline: boolean; value: number; samples: number; rate: number | null; variance: number | null; lift?: Lift }
interface MetricResult { name: string; event_id: number; aggregator: string; field?: string; conclusion: { winner: string | null; loser: string | null }; results: Record<string, VariationResult> }
interface Snapshot {
  reach: { baseline_count: number; treatment_count: number; total_count: number; baseline_reach: number; variations: Record<string, { count: number; variation_reach: number }> };
  metrics: MetricResult[];
  sample_ratio_mismatch: { is_mismatch: boolean; p_value: number | null; chi_square: number | null; degrees_of_freedom: number; threshold: number; expected_reach: Record<string, number> };
  conflicted_visitors: number;
}
interface Results extends Snapshot { experiment_id: number; start_time: string; end_time: string; confidence_threshold: number; is_stale: boolean; stats_config: { confidence_level: number; method: string; difference_type: string } }
interface Timeseries { start_time: string; end_time: string; timeseries: (Snapshot & { date: string; end_time: string })[] }

const T0 = Date.parse('2031-05-01T10:00:00.000Z');
const DAY2 = Date.parse('2031-05-02T09:00:00.000Z');
const NOW = Date.parse('2031-05-04T12:00:00.000Z');

describe.each(databases)('Optimizely experiment results on %s', (engine) => {
  let now = T0;
  let server: TestServer;
  let api: Client;
  let projectId: number;
  let purchase: EventDef;
  let experiment: Experiment;
  let control: number;
  let treatment: number;

  beforeAll(async () => {
    server = await startServer(engine, {}, {}, { clock: () => new Date(now) });
    api = client(server.url, server.adminToken);
    projectId = (await buildProject(api)).id;
    purchase = await buildEvent(api, projectId, { key: 'purchase' });
    experiment = ok(await api.post<Experiment>('/v2/experiments', {
      project_id: projectId,
      name: 'Checkout',
      status: 'active',
      variations: [{ key: 'control', weight: 5000 }, { key: 'treatment', weight: 5000 }],
      metrics: [{ event_id: purchase.id, aggregator: 'unique' }, { event_id: purchase.id, aggregator: 'sum', field: 'revenue' }],
    }), 201);
    control = experiment.variations[0]!.variation_id;
    treatment = experiment.variations[1]!.variation_id;
  });
  afterAll(async () => server.close());

  /** Day 1 and day 2: 1,000 visitors per arm a day; 100 (control) and 130 (treatment) buy. */
  async function seedTwoDays(): Promise<void> {
    const events: SeedEvent[] = [];
    for (const [day, at] of [[1, T0 + 3_600_000], [2, DAY2]] as const) {
      for (let i = 0; i < 1000; i++) {
        const c = `c-d${day}-${i}`;
        const t = `t-d${day}-${i}`;
        events.push(exposure(projectId, c, experiment.id, control, at), exposure(projectId, t, experiment.id, treatment, at));
        if (i < 100) events.push(conversion(projectId, c, purchase, at + 60_000, { revenue: 10 }));
        if (i < 130) events.push(conversion(projectId, t, purchase, at + 60_000, { revenue: i % 2 === 0 ? 10 : 30 }));
      }
    }
    // Seen in both arms: counted in neither, reported as conflicted.
    events.push(exposure(projectId, 'both', experiment.id, control, T0 + 3_600_000), exposure(projectId, 'both', experiment.id, treatment, DAY2));
    expect(await seedEvents(server, events)).toBe(events.length);
  }

  it('answers 204 while there is no data, and 404 for an unknown experiment', async () => {
    expect((await api.get(`/v2/experiments/${experiment.id}/results`)).status).toBe(204);
    expect((await api.get(`/v2/experiments/${experiment.id}/timeseries`)).status).toBe(204);
    const draft = ok(await api.post<Experiment>('/v2/experiments', { project_id: projectId, name: 'Never started' }), 201);
    expect((await api.get(`/v2/experiments/${draft.id}/results`)).status).toBe(204);
    expectError(await api.get('/v2/experiments/987654321/results'), 404, '987654321');
    await seedTwoDays();
    now = NOW;
  });

  it('reports reach, totals and sequential statistics that match the closed form', async () => {
    const res = await api.get<Results>(`/v2/experiments/${experiment.id}/results`);
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r).toMatchObject({ experiment_id: experiment.id, start_time: '2031-05-01T10:00:00Z', end_time: '2031-05-04T12:00:00Z', confidence_threshold: 0.9, is_stale: false, conflicted_visitors: 1 });
    expect(r.stats_config).toMatchObject({ confidence_level: 0.9, method: 'sequential', difference_type: 'relative' });
    expect(r.reach).toMatchObject({ baseline_count: 2000, treatment_count: 2000, total_count: 4000, baseline_reach: 0.5 });
    expect(r.sample_ratio_mismatch).toMatchObject({ is_mismatch: false, p_value: 1, chi_square: 0, degrees_of_freedom: 1, threshold: 0.001 });

    const [buys, revenue] = r.metrics;
    expect(buys).toMatchObject({ name: 'purchase', event_id: purchase.id, aggregator: 'unique' });
    expect(revenue).toMatchObject({ aggregator: 'sum', field: 'revenue' });
    const cb = buys!.results[String(control)]!;
    const tb = buys!.results[String(treatment)]!;
    expect(cb).toMatchObject({ is_baseline: true, value: 200, samples: 2000, rate: 0.1, name: 'control' });
    expect(cb.variance).toBeCloseTo(0.09, 12);
    expect(cb.lift).toBeUndefined();
    expect(tb).toMatchObject({ is_baseline: false, value: 260, samples: 2000, rate: 0.13 });
    expect(tb.variance).toBeCloseTo(0.13 * 0.87, 12);

    const pBuy = msprtPValue(0.1, 0.09, 2000, 0.13, 0.13 * 0.87, 2000, 0.01);
    const varA = sampleVariance(2000, 2000, 20_000);
    const varB = sampleVariance(2000, 5200, 130_000);
    const pRevenue = msprtPValue(1, varA, 2000, 2.6, varB, 2000, 0.01);
    const [qBuy, qRevenue] = bhQValues([pBuy, pRevenue]);
    expect(tb.lift!.value).toBeCloseTo(0.3, 12);
    expect(tb.lift!.value_scaled).toBeCloseTo(0.03, 12);
    expect(tb.lift!.p_value).toBeCloseTo(pBuy, 10);
    expect(tb.lift!.significance).toBeCloseTo(1 - qBuy!, 10);
    // 0.876 < 0.9: not significant yet, so no winner and visitors still to go.
    expect(tb.lift).toMatchObject({ is_significant: false, lift_status: 'equal', is_most_conclusive: false });
    expect(tb.lift!.visitors_remaining).toBeGreaterThan(0);
    expect(tb.lift!.visitors_remaining).toBeLessThan(Number.MAX_SAFE_INTEGER);
    expect(buys!.conclusion).toEqual({ winner: null, loser: null });

    const tr = revenue!.results[String(treatment)]!;
    expect(revenue!.results[String(control)]).toMatchObject({ value: 2000, samples: 2000, rate: 1 });
    expect(revenue!.results[String(control)]!.variance).toBeCloseTo(varA, 9);
    expect(tr).toMatchObject({ value: 5200, samples: 2000, rate: 2.6 });
    expect(tr.lift!.significance).toBeCloseTo(1 - qRevenue!, 10);
    expect(tr.lift).toMatchObject({ is_significant: true, lift_status: 'better', is_most_conclusive: true, visitors_remaining: 0 });
    expect(tr.lift!.value).toBeCloseTo(1.6, 12);
    const [low, high] = tr.lift!.confidence_interval!;
    expect(low! > 0 && high! > 1.6).toBe(true);
    expect(revenue!.conclusion).toEqual({ winner: String(treatment), loser: null });
  });

  it('narrows to the start_time/end_time window in whole UTC days', async () => {
    const day1 = ok(await api.get<Results>(`/v2/experiments/${experiment.id}/results?end_time=2031-05-01T23:00:00Z`));
    expect(day1.end_time).toBe('2031-05-01T23:00:00Z');
    expect(day1.reach.total_count).toBe(2000);
    expect(day1.metrics[0]!.results[String(treatment)]).toMatchObject({ value: 130, samples: 1000 });
    expect(day1.conflicted_visitors).toBe(0);
    const day2 = ok(await api.get<Results>(`/v2/experiments/${experiment.id}/results?start_time=2031-05-02T00:00:00Z&end_time=2031-05-02T23:59:59Z`));
    expect(day2.reach.total_count).toBe(2000);
    expect(day2.conflicted_visitors).toBe(1);
    // Bounds outside the run are clamped to it.
    const all = ok(await api.get<Results>(`/v2/experiments/${experiment.id}/results?start_time=2020-01-01T00:00:00Z&end_time=2040-01-01T00:00:00Z`));
    expect([all.start_time, all.end_time, all.reach.total_count]).toEqual(['2031-05-01T10:00:00Z', '2031-05-04T12:00:00Z', 4000]);
    expect((await api.get(`/v2/experiments/${experiment.id}/results?end_time=2031-04-01T00:00:00Z`)).status).toBe(204);
    expectError(await api.get(`/v2/experiments/${experiment.id}/results?start_time=2031-05-03T00:00:00Z&end_time=2031-05-02T00:00:00Z`), 400, 'end_time');
    expectError(await api.get(`/v2/experiments/${experiment.id}/results?start_time=yesterday`), 400, 'start_time');
  });

  it('compares against the baseline_variation_id given', async () => {
    const r = ok(await api.get<Results>(`/v2/experiments/${experiment.id}/results?baseline_variation_id=${treatment}`));
    expect(r.reach.baseline_count).toBe(2000);
    const c = r.metrics[1]!.results[String(control)]!;
    expect(r.metrics[1]!.results[String(treatment)]!.is_baseline).toBe(true);
    expect(c.is_baseline).toBe(false);
    expect(c.lift!.value).toBeCloseTo(1 / 2.6 - 1, 12);
    expect(c.lift).toMatchObject({ is_significant: true, lift_status: 'worse' });
    expect(r.metrics[1]!.conclusion).toEqual({ winner: null, loser: String(control) });
    expectError(await api.get(`/v2/experiments/${experiment.id}/results?baseline_variation_id=999999`), 400, 'baseline_variation_id');
  });

  it('serves a cumulative point per UTC day', async () => {
    const res = await api.get<Timeseries>(`/v2/experiments/${experiment.id}/timeseries`);
    expect(res.status).toBe(200);
    const points = res.body.timeseries;
    expect(points.map((p) => p.date)).toEqual(['2031-05-01', '2031-05-02', '2031-05-03', '2031-05-04']);
    expect(points.map((p) => p.reach.total_count)).toEqual([2000, 4000, 4000, 4000]);
    expect(points.map((p) => p.conflicted_visitors)).toEqual([0, 1, 1, 1]);
    expect(points[0]!.end_time).toBe('2031-05-01T23:59:59Z');
    expect(points[3]!.end_time).toBe('2031-05-04T12:00:00Z');
    const firstDay = points[0]!.metrics[0]!.results[String(treatment)]!;
    expect(firstDay).toMatchObject({ value: 130, samples: 1000 });
    expect(firstDay.lift!.p_value).toBeCloseTo(msprtPValue(0.1, 0.09, 1000, 0.13, 0.13 * 0.87, 1000, 0.01), 10);
    const windowed = ok(await api.get<Timeseries>(`/v2/experiments/${experiment.id}/timeseries?start_time=2031-05-02T00:00:00Z&end_time=2031-05-03T00:00:00Z`));
    expect(windowed.timeseries.map((p) => [p.date, p.reach.total_count])).toEqual([['2031-05-02', 2000], ['2031-05-03', 2000]]);
  });

  it('flags a sample ratio mismatch on a skewed split', async () => {
    now = T0;
    const skewed = ok(await api.post<Experiment>('/v2/experiments', {
      project_id: projectId,
      name: 'Skewed',
      status: 'active',
      variations: [{ key: 'a', weight: 5000 }, { key: 'b', weight: 5000 }],
      metrics: [{ event_id: purchase.id }],
    }), 201);
    now = NOW;
    const [a, b] = skewed.variations.map((v) => v.variation_id);
    const events = [
      ...Array.from({ length: 1000 }, (_, i) => exposure(projectId, `sa-${i}`, skewed.id, a!, DAY2)),
      ...Array.from({ length: 800 }, (_, i) => exposure(projectId, `sb-${i}`, skewed.id, b!, DAY2)),
    ];
    await seedEvents(server, events);
    const r = ok(await api.get<Results>(`/v2/experiments/${skewed.id}/results`));
    // χ² = 2·100²/900 with 1 df; p = erfc(√(χ²/2)) = 2.4284674729758403e-06 (Python math.erfc).
    expect(r.sample_ratio_mismatch.is_mismatch).toBe(true);
    expect(r.sample_ratio_mismatch.chi_square).toBeCloseTo(200 / 9, 10);
    expect(r.sample_ratio_mismatch.p_value! / 2.4284674729758403e-6).toBeCloseTo(1, 6);
    expect(r.sample_ratio_mismatch.expected_reach).toEqual({ [String(a)]: 0.5, [String(b)]: 0.5 });
  });
});

describe.each(databases)('the results rate limit on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    // The default results limit (20 a minute), on a clock that stays inside one minute.
    server = await startServer(engine, {}, { RATE_LIMIT_RESULTS_PER_MINUTE: '20' }, { clock: () => new Date('2031-06-01T10:00:05.000Z') });
  });
  afterAll(async () => server.close());

  it('allows 20 results requests a minute across results and timeseries, then answers 429', async () => {
    const api = client(server.url, server.adminToken);
    const projectId = (await buildProject(api)).id;
    const e = ok(await api.post<Experiment>('/v2/experiments', { project_id: projectId, name: 'Limited', status: 'active' }), 201);
    for (let i = 0; i < 20; i++) {
      const res = await api.get(`/v2/experiments/${e.id}/${i % 2 === 0 ? 'results' : 'timeseries'}`);
      expect(res.status).toBe(204);
      expect(res.headers.get('x-ratelimit-limit')).toBe('20');
    }
    const limited = expectError(await api.get(`/v2/experiments/${e.id}/results`), 429);
    expect(limited.code).toBeTruthy();
    expectError(await api.get(`/v2/experiments/${e.id}/timeseries`), 429);
    // Other routes count against the global limit only.
    expect((await api.get(`/v2/experiments/${e.id}`)).status).toBe(200);
  });
});
