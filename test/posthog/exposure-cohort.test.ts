/** PostHog exposure cohorts: the visitors exposed to a launched experiment, as a pageable cohort. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents } from '../../src/events/append.js';
import { cohortsOfVisitor } from '../../src/store/read/cohorts.js';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';
import { evaluate, primarySdkKey } from './helpers.js';

interface Experiment { id: number; exposure_cohort: number | null }
interface Cohort { id: number; name: string; count: number; is_static: boolean; filters: Record<string, unknown> }
interface PhError { type: string; detail: string; attr: string | null }

describe.each(databases)('PostHog exposure cohorts on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let projectId: number;
  let base: string;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    projectId = (await api.post<{ id: number }>('/v2/projects', { name: 'Cohorts' })).body.id;
    base = `/api/projects/${projectId}/`;
  });
  afterAll(async () => server.close());

  /** Exposures as the event log records them (the event endpoints write the same rows). */
  async function expose(experimentId: number, visitors: string[], at = Date.now()) {
    await appendEvents(server.store.db, visitors.map((v) => ({
      projectId, uuid: randomUUID(), kind: 'exposure' as const, visitorId: v, experimentId, variationId: null, eventId: null, eventKey: null,
      timestamp: at, value: null, revenue: null, source: 'native' as const, attributes: null,
    })), Date.now());
  }

  it('needs a launched experiment', async () => {
    const { body: draft } = await api.post<Experiment>(`${base}experiments/`, { name: 'Draft', feature_flag_key: 'draft-flag' });
    const res = await api.post<PhError>(`${base}experiments/${draft.id}/create_exposure_cohort_for_experiment/`, {});
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'validation_error', detail: 'Experiment does not have a start date' });
  });

  it('creates the cohort of exposed visitors, pages its members and keeps it up to date', async () => {
    const { body: e } = await api.post<Experiment>(`${base}experiments/`, { name: 'Banner', feature_flag_key: 'banner', start_date: new Date().toISOString() });
    await expose(e.id, ['v1', 'v2', 'v3', 'v1']);
    await expose(e.id, ['early'], Date.now() - 86_400_000);
    const created = await api.request<{ cohort: Cohort }>('POST', `${base}experiments/${e.id}/create_exposure_cohort_for_experiment/`);
    expectContract('posthog', 'experiments_create_exposure_cohort_for_experiment_create', created, 200);
    expect(created.body.cohort).toMatchObject({ name: 'Users exposed to experiment "Banner"', count: 3, is_static: false });
    expect(JSON.stringify(created.body.cohort.filters)).toContain('$feature_flag_called');
    const again = await api.post<PhError>(`${base}experiments/${e.id}/create_exposure_cohort_for_experiment/`, {});
    expect(again.body.detail).toBe('Experiment already has an exposure cohort');
    const experiment = await api.get<Experiment>(`${base}experiments/${e.id}/`);
    expectContract('posthog', 'experiments_retrieve', experiment, 200);
    expect(experiment.body.exposure_cohort).toBe(created.body.cohort.id);

    await expose(e.id, ['v4']);
    const cohort = await api.get<Cohort>(`${base}cohorts/${created.body.cohort.id}/`);
    expect(cohort.body.count).toBe(4);
    const page = await api.get<{ count: number; next: string | null; results: { distinct_ids: string[] }[] }>(`${base}cohorts/${created.body.cohort.id}/persons/?limit=3`);
    expect(page.body.count).toBe(4);
    expect(page.body.results).toHaveLength(3);
    expect(page.body.next).toContain('offset=3');
    const rest = await api.get<{ results: { distinct_ids: string[] }[] }>(page.body.next!.replace(server.url, ''));
    const all = [...page.body.results, ...rest.body.results].map((p) => p.distinct_ids[0]).sort();
    expect(all).toEqual(['v1', 'v2', 'v3', 'v4']);
    expect((await api.get(`/api/projects/${projectId}/cohorts/999999/`)).status).toBe(404);

    // The cohort can be named in an audience for later targeting.
    const conditions = JSON.stringify(['and', { type: 'cohort', name: 'cohort', value: created.body.cohort.id }]);
    const audience = await api.post<{ id: number }>('/v2/audiences', { project_id: projectId, name: 'Exposed to Banner', conditions });
    expect(audience.status).toBe(201);
    const members = await cohortsOfVisitor(server.store.db, projectId, 'v2');
    expect(members.has(String(created.body.cohort.id))).toBe(true);
  });

  it('targets a later flag at the exposure cohort: OFREP serves members, not others, and sees new members after a refresh', async () => {
    const sdkKey = await primarySdkKey(api, projectId);
    const { body: e } = await api.post<Experiment>(`${base}experiments/`, { name: 'Onboarding', feature_flag_key: 'onboarding', start_date: new Date().toISOString() });
    // Exposed through OFREP, as an SDK's flag call would be.
    for (const visitor of ['m1', 'm2']) await evaluate(api, sdkKey, 'onboarding', visitor);
    const { body: created } = await api.post<{ cohort: Cohort }>(`${base}experiments/${e.id}/create_exposure_cohort_for_experiment/`, {});
    expect(created.cohort.count).toBe(2);

    const badLeaf = await api.post<{ message: string }>('/v2/audiences', { project_id: projectId, name: 'Nobody', conditions: JSON.stringify(['and', { type: 'cohort', name: 'cohort', value: 987654 }]) });
    expect(badLeaf.status).toBe(400);
    expect(badLeaf.body.message).toContain('conditions[1].value');
    const audience = await api.post<{ id: number }>('/v2/audiences', { project_id: projectId, name: 'Onboarded', conditions: JSON.stringify(['and', { type: 'cohort', name: 'cohort', value: created.cohort.id }]) });
    expect(audience.status, audience.text).toBe(201);
    expect((await api.post(`/flags/v1/projects/${projectId}/flags`, { key: 'perk', variations: [{ key: 'on' }] })).status).toBe(201);
    const ruleset = await api.patch(`/flags/v1/projects/${projectId}/flags/perk/environments/production/ruleset`, {
      rules: [{ key: 'onboarded_only', type: 'targeted_delivery', audience_conditions: JSON.stringify([audience.body.id]), variations: [{ variation_key: 'on' }] }],
    });
    expect(ruleset.status, ruleset.text).toBe(200);
    expect((await api.post(`/flags/v1/projects/${projectId}/flags/perk/environments/production/ruleset/enabled`)).status).toBe(200);

    const member = await evaluate(api, sdkKey, 'perk', 'm1');
    expect(member).toMatchObject({ variant: 'on', value: true, reason: 'TARGETING_MATCH' });
    const outsider = await evaluate(api, sdkKey, 'perk', 'n1');
    expect(outsider).toMatchObject({ variant: 'off', value: false });
    const bulk = await api.request<{ flags: { key: string; variant?: string }[] }>('POST', '/ofrep/v1/evaluate/flags', { token: sdkKey, body: { context: { targetingKey: 'm2' } } });
    expect(bulk.body.flags.find((f) => f.key === 'perk')?.variant).toBe('on');

    // m3 is exposed after the cohort was made: not a member until the cohort is refreshed (read).
    await evaluate(api, sdkKey, 'onboarding', 'm3');
    expect((await evaluate(api, sdkKey, 'perk', 'm3')).variant).toBe('off');
    const bulkBefore = await api.request('POST', '/ofrep/v1/evaluate/flags', { token: sdkKey, body: { context: { targetingKey: 'm3' } } });
    expect((await api.get<Cohort>(`${base}cohorts/${created.cohort.id}/`)).body.count).toBe(3);
    expect((await evaluate(api, sdkKey, 'perk', 'm3')).variant).toBe('on');
    // The bulk ETag covers memberships: the old one no longer matches.
    const bulkAfter = await api.request<{ flags: { key: string; variant?: string }[] }>('POST', '/ofrep/v1/evaluate/flags', {
      token: sdkKey, body: { context: { targetingKey: 'm3' } }, headers: { 'if-none-match': bulkBefore.headers.get('etag') ?? '' },
    });
    expect(bulkAfter.status).toBe(200);
    expect(bulkAfter.body.flags.find((f) => f.key === 'perk')?.variant).toBe('on');
  });
});
