/**
 * A whole experiment scripted the way a PostHog user drives one: create it with a metric, launch
 * it (`start_date`), let the flag be evaluated (OFREP evaluations record the exposures, as SDK
 * flag calls do), record conversions, read the results, then end and archive it. Conversions go
 * through `recordConversions` (test/posthog/helpers.ts), which switches to HTTP once the event
 * endpoints land. The results endpoint is being rebuilt on the core results service, so its body
 * is checked loosely: the contract, the variants, and that the counts are the exposures made here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';
import { evaluate, primarySdkKey, recordConversions } from './helpers.js';

interface Experiment { id: number; status: string; archived: boolean; start_date?: string; end_date?: string; feature_flag: { active: boolean }; exposure_cohort: number | null }
interface Variant { key: string; success_count?: number; failure_count?: number; count?: number; absolute_exposure?: number }
interface Results { result: { variants?: Variant[]; probability?: Record<string, number> }; last_refresh: string; is_cached: boolean }

const VISITORS = 240;

describe.each(databases)('A PostHog experiment scripted end to end on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let projectId: number;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    projectId = (await api.post<{ id: number }>('/v2/projects', { name: 'Scripted' })).body.id;
  });
  afterAll(async () => server?.close());

  it('create → launch → exposures and conversions → results → end → archive', async () => {
    const base = `/api/projects/${projectId}/experiments/`;
    const created = await api.post<Experiment>(base, {
      name: 'Checkout copy',
      description: 'Does the new copy sell more?',
      feature_flag_key: 'checkout-copy',
      parameters: { feature_flag_variants: [{ key: 'control', rollout_percentage: 50 }, { key: 'test', rollout_percentage: 50 }], minimum_detectable_effect: 5 },
      filters: { insight: 'FUNNELS', events: [{ id: 'checkout_view', order: 0 }, { id: 'purchase', order: 1 }] },
      secondary_metrics: [{ name: 'Support tickets', filters: { insight: 'TRENDS', events: [{ id: 'ticket' }] } }],
    });
    expectContract('posthog', 'experiments_create', created, 201);
    expect(created.body.status).toBe('draft');
    const id = created.body.id;
    const sdkKey = await primarySdkKey(api, projectId);
    // A draft's flag serves nobody the experiment.
    expect((await evaluate(api, sdkKey, 'checkout-copy', 'early-bird')).variant).toBe('off');

    const launched = await api.patch<Experiment>(`${base}${id}/`, { start_date: new Date().toISOString() });
    expectContract('posthog', 'experiments_partial_update', launched, 200);
    expect(launched.body).toMatchObject({ status: 'running', feature_flag: { active: true } });

    // Every visitor evaluates the flag (some twice: the variant is sticky); each evaluation is an exposure.
    const byVariant = new Map<string, string[]>();
    for (let i = 0; i < VISITORS; i++) {
      const visitor = `shopper-${i}`;
      const first = await evaluate(api, sdkKey, 'checkout-copy', visitor);
      if (i < 20) expect((await evaluate(api, sdkKey, 'checkout-copy', visitor)).variant).toBe(first.variant);
      byVariant.set(first.variant ?? '', [...(byVariant.get(first.variant ?? '') ?? []), visitor]);
    }
    expect([...byVariant.keys()].sort()).toEqual(['control', 'test']);
    const control = byVariant.get('control') ?? [];
    const test = byVariant.get('test') ?? [];
    expect(control.length).toBeGreaterThan(80);
    expect(test.length).toBeGreaterThan(80);

    // Conversions after the exposures (a funnel converts on its last step): 15 % of control and
    // 45 % of test buy; a few file tickets.
    // Just after the last exposure and well before the end set below (results stop at the end).
    const after = Date.now() + 1;
    const buyers = [...control.slice(0, Math.round(control.length * 0.15)), ...test.slice(0, Math.round(test.length * 0.45))];
    await recordConversions(server, api, projectId, 'purchase', buyers, after + 1);
    await recordConversions(server, api, projectId, 'ticket', [...control.slice(0, 5), ...test.slice(0, 3)], after + 2);

    const results = await api.get<Results>(`${base}${id}/results/`);
    expectContract('posthog', 'experiments_results_retrieve', results, 200);
    const variants = results.body.result.variants ?? [];
    expect(variants.map((v) => v.key).sort()).toEqual(['control', 'test']);
    for (const v of variants) {
      const exposed = (v.key === 'control' ? control : test).length;
      if (v.success_count !== undefined) expect(v.success_count + (v.failure_count ?? 0)).toBe(exposed);
      if (v.absolute_exposure !== undefined) expect(v.absolute_exposure).toBe(exposed);
    }
    const testVariant = variants.find((v) => v.key === 'test');
    if (testVariant?.success_count !== undefined) expect(testVariant.success_count).toBe(Math.round(test.length * 0.45));
    if (results.body.result.probability) expect(results.body.result.probability.test).toBeGreaterThan(0.9);
    const secondary = await api.get(`${base}${id}/secondary_results/?id=0`);
    expectContract('posthog', 'experiments_secondary_results_retrieve', secondary, 200);

    // The visitors exposed so far, as a cohort.
    const cohort = await api.post<{ cohort: { id: number; count: number } }>(`${base}${id}/create_exposure_cohort_for_experiment/`, {});
    expectContract('posthog', 'experiments_create_exposure_cohort_for_experiment_create', cohort, 200);
    expect(cohort.body.cohort.count).toBe(VISITORS);

    const ended = await api.patch<Experiment>(`${base}${id}/`, { end_date: new Date().toISOString() });
    expectContract('posthog', 'experiments_partial_update', ended, 200);
    expect(ended.body).toMatchObject({ status: 'complete', archived: false, feature_flag: { active: false } });
    expect(Date.parse(ended.body.end_date ?? '')).toBeGreaterThanOrEqual(Date.parse(ended.body.start_date ?? ''));
    // Ended: the flag no longer serves the experiment's variants.
    expect(['control', 'test']).not.toContain((await evaluate(api, sdkKey, 'checkout-copy', 'shopper-0')).variant);

    const archived = await api.patch<Experiment>(`${base}${id}/`, { archived: true });
    expectContract('posthog', 'experiments_partial_update', archived, 200);
    expect(archived.body).toMatchObject({ status: 'archived', archived: true, exposure_cohort: cohort.body.cohort.id });
    const listed = await api.get<{ results: Experiment[] }>(`${base}?limit=10`);
    expectContract('posthog', 'experiments_list', listed, 200);
    expect(listed.body.results.find((e) => e.id === id)?.archived).toBe(true);
    // Archived experiments keep their results readable.
    const final = await api.get(`${base}${id}/results/`);
    expect(final.status, final.text).toBe(200);
  });
});
