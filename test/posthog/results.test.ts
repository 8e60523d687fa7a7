/**
 * PostHog results from the core results service: every significance code, the probabilities
 * checked against the exact Beta formula, the stats method switch, and secondary results.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';
import { conversion, exposure, seedEvents, type SeedEvent } from '../helpers/events.js';
import { probabilityBBeatsA } from '../helpers/closed-form.js';

interface Results {
  result: {
    probability: Record<string, number>;
    significant: boolean;
    significance_code: string;
    expected_loss?: number;
    p_value?: number;
    variants: { key: string; success_count?: number; failure_count?: number; count?: number; exposure?: number; absolute_exposure?: number }[];
    credible_intervals: Record<string, [number, number]>;
    stats_method: string;
  };
}

/** Per variant: [exposed visitors, visitors who convert]. */
type Split = Record<'control' | 'test', [number, number]>;

describe.each(databases)('PostHog results on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let projectId: number;
  let base: string;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    projectId = (await api.post<{ id: number }>('/v2/projects', { name: 'PostHog results' })).body.id;
    base = `/api/projects/${projectId}/experiments/`;
  });
  afterAll(async () => server.close());

  /** A launched experiment on `event` (a funnel, or a trend counting it) with the split seeded. */
  async function measured(name: string, insight: 'FUNNELS' | 'TRENDS', split: Split, extra: Record<string, unknown> = {}): Promise<number> {
    const event = `${name}-event`;
    const created = await api.post<{ id: number; start_date: string }>(base, {
      name,
      feature_flag_key: name,
      start_date: new Date().toISOString(),
      filters: { insight, events: [{ id: event, order: 0 }] },
      ...extra,
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const { body: core } = await api.get<{ variations: { variation_id: number; key: string }[] }>(`/v2/experiments/${id}`);
    const { body: events } = await api.get<{ id: number; key: string }[]>(`/v2/events?project_id=${projectId}&per_page=100`);
    const def = events.find((e) => e.key === event)!;
    // Just after the launch as the server recorded it, so the exposures fall inside the run.
    const at = Date.parse(created.body.start_date) + 1;
    const raw: SeedEvent[] = [];
    for (const v of core.variations) {
      const [visitors, converters] = split[v.key as 'control' | 'test'];
      for (let i = 0; i < visitors; i++) {
        raw.push(exposure(projectId, `${name}-${v.key}-${i}`, id, v.variation_id, at));
        if (i < converters) raw.push(conversion(projectId, `${name}-${v.key}-${i}`, def, at + 1));
      }
    }
    await seedEvents(server, raw);
    return id;
  }

  const results = async (id: number) => {
    const res = await api.get<Results>(`${base}${id}/results/`);
    expectContract('posthog', 'experiments_results_retrieve', res, 200);
    return res.body.result;
  };

  it('low_win_probability: P(best) from the exact Beta formula, below 0.9 on both sides', async () => {
    const r = await results(await measured('close-call', 'FUNNELS', { control: [300, 30], test: [300, 33] }));
    expect(r.significance_code).toBe('low_win_probability');
    expect(r.significant).toBe(false);
    // Beta(1 + s, 1 + f) posteriors under the default uniform prior.
    expect(r.probability.test).toBeCloseTo(probabilityBBeatsA(31, 271, 34, 268), 4);
    expect(r.probability.control! + r.probability.test!).toBeCloseTo(1, 6);
    expect(r.variants).toEqual([{ key: 'control', success_count: 30, failure_count: 270 }, { key: 'test', success_count: 33, failure_count: 267 }]);
    const [low, high] = r.credible_intervals.test!;
    expect(low < 0.11 && high > 0.11).toBe(true);
  });

  it('high_loss: control wins, so shipping the test variant loses', async () => {
    const r = await results(await measured('control-wins', 'FUNNELS', { control: [150, 90], test: [150, 60] }));
    expect(r.probability.control).toBeCloseTo(1 - probabilityBBeatsA(91, 61, 61, 91), 4);
    expect(r.significance_code).toBe('high_loss');
    expect(r.expected_loss).toBeGreaterThan(0.1);
  });

  it('significant on a clear funnel win, and high_p_value on an even split when frequentist', async () => {
    const win = await results(await measured('clear-win', 'FUNNELS', { control: [400, 40], test: [400, 80] }));
    expect(win).toMatchObject({ significance_code: 'significant', significant: true, stats_method: 'bayesian' });
    expect(win.expected_loss).toBeLessThan(0.01);
    const even = await measured('even', 'FUNNELS', { control: [200, 20], test: [200, 20] }, { stats_config: { method: 'frequentist' } });
    const r = await results(even);
    expect(r).toMatchObject({ significance_code: 'high_p_value', significant: false, stats_method: 'frequentist' });
    expect(r.expected_loss).toBeGreaterThan(0);
  });

  it('trends: exposure relative to control, p-value gate after a passing probability gate', async () => {
    // Counts 0/1 per visitor: means 0.5 and 0.585 on 200 visitors each, Welch p ≈ 0.09.
    const r = await results(await measured('trend', 'TRENDS', { control: [200, 100], test: [200, 117] }));
    expect(r.variants).toEqual([{ key: 'control', count: 100, exposure: 1, absolute_exposure: 200 }, { key: 'test', count: 117, exposure: 1, absolute_exposure: 200 }]);
    expect(r.probability.test).toBeGreaterThan(0.9);
    expect(r.p_value).toBeGreaterThan(0.05);
    expect(r.significance_code).toBe('high_p_value');
    const small = await results(await measured('trend-small', 'TRENDS', { control: [99, 50], test: [300, 200] }));
    expect(small.significance_code).toBe('not_enough_exposure');
  });

  it('answers the no-data 400 before any exposure', async () => {
    const created = await api.post<{ id: number }>(base, { name: 'Empty', feature_flag_key: 'empty', start_date: new Date().toISOString(), filters: { events: [{ id: 'nothing' }] } });
    const res = await api.get<{ detail: string }>(`${base}${created.body.id}/results/`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.detail)).toEqual({ 'no-events': true, 'no-flag-info': true, 'no-control-variant': true, 'no-test-variant': true });
  });
});
