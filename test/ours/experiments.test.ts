/** The Ours Privacy experiments API over HTTP, validated against its contract, on every database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';
import { projectWithSettings, startable, tokenFor, type ErrorBody, type Experiment, type Settings } from './helpers.js';

describe.each(databases)('Ours experiments on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let settings: Settings;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    settings = await projectWithSettings(api, 'Marketing site');
  });
  afterAll(async () => server.close());

  it('creates an experiment in the project and environment of its settings', async () => {
    const created = await api.post<Experiment>('/rest/v1/experiments', {
      ...startable(settings.id, 'Homepage Hero Headline Test'),
      description: 'Benefit-led copy',
      trafficAllocation: 80,
      includeQueryString: true,
      targetingRules: { urlPatterns: ['/pricing*'], queryParams: [{ key: 'utm_campaign', operator: 'contains', value: 'spring' }], visitorStatus: 'new', visitorProperties: { plan: 'pro' } },
      metrics: { primary: { eventName: 'demo_requested' }, secondary: [{ eventName: 'signup', funnelId: 'f1' }] },
    });
    expectContract('ours', 'createExperiment', created, 201);
    const e = created.body;
    expect(e.id).toMatch(/^exp_[0-9A-Z]{26}$/);
    expect(e).toMatchObject({ key: 'homepage-hero-headline-test', status: 'draft', type: 'ab', trafficAllocation: 80, includeQueryString: true });
    expect(e.variants?.map((v) => [v.name, v.isControl, v.weight])).toEqual([['Control', true, 50], ['Treatment', false, 50]]);
    expect(e.variants?.[0]?.id).toMatch(/^var_[0-9A-Z]{26}$/);
    expect(e.metrics.secondary?.[0]?.eventName).toBe('signup');

    const got = await api.get<Experiment>(`/rest/v1/experiments/${e.id}`);
    expectContract('ours', 'getExperiment', got, 200);
    expect(got.body.variants).toHaveLength(2);
    // The experiment is a core experiment: the Optimizely dialect sees its rule and events.
    const events = await api.get<{ key: string }[]>(`/v2/events?project_id=${settings.projectId}`);
    expect(events.body.map((x) => x.key).sort()).toEqual(['demo_requested', 'signup']);
    const rules = await api.get<{ key: string; percentage_included: number; variations: { weight: number }[] }[]>(`/v2/experiments?project_id=${settings.projectId}`);
    expect(rules.body.find((x) => x.key === e.key)).toMatchObject({ percentage_included: 8000, variations: [{ weight: 5000 }, { weight: 5000 }] });
  });

  it('requires experimentSettingsId and answers errors as {error, details}', async () => {
    const missing = await api.post<ErrorBody>('/rest/v1/experiments', { name: 'No settings' });
    expectContract('ours', 'createExperiment', missing, 400);
    expect(missing.body.details).toContain('experimentSettingsId');
    expect(missing.body.requestId).toBe(missing.headers.get('x-request-id'));
    const unknown = await api.get<ErrorBody>('/rest/v1/experiments/exp_01HZX8TK6TSN91C5XWZP3N1M4E');
    expectContract('ours', 'getExperiment', unknown, 404);
    expect(unknown.body.error).toBe('not_found');
    const unauthenticated = await api.request<ErrorBody>('GET', '/rest/v1/experiments', { token: null });
    expectContract('ours', 'listExperiments', unauthenticated, 401);
    const duplicate = await api.post<ErrorBody>('/rest/v1/experiments', startable(settings.id, 'Homepage Hero Headline Test'));
    expectContract('ours', 'createExperiment', duplicate, 409);
    const tooBig = await api.request<ErrorBody>('POST', '/rest/v1/experiments', { rawBody: JSON.stringify({ name: 'x'.repeat(2_000_000) }), headers: { 'content-type': 'application/json' } });
    expectContract('ours', 'createExperiment', tooBig, 413);
  });

  it('refuses invalid selectors, unsafe redirects, unknown actions and two controls', async () => {
    const bad = async (variant: Record<string, unknown>, field: string) => {
      const res = await api.post<ErrorBody>('/rest/v1/experiments', {
        experimentSettingsId: settings.id,
        name: `Bad ${field} ${Math.random()}`,
        variants: [{ name: 'Control', isControl: true, weight: 50 }, { name: 'B', isControl: false, weight: 50, ...variant }],
      });
      expectContract('ours', 'createExperiment', res, 400);
      expect(res.body.details).toContain(field);
    };
    for (const selector of ['h1[[', 'div >', '#', 'a{color:red}', '.', 'p:', 'h1)']) {
      await bad({ domModifications: [{ selector, action: 'text', value: 'x' }] }, 'selector');
    }
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>', ' JaVa\nScript:alert(1)', 'vbscript:x', '//evil.example']) {
      await bad({ redirectUrl: url }, 'redirectUrl');
    }
    await bad({ domModifications: [{ selector: 'h1', action: 'explode' }] }, 'action');
    await bad({ domModifications: [{ selector: 'a', action: 'attribute', attribute: { name: 'onclick', value: 'x()' } }] }, 'attribute.name');
    await bad({ isControl: true }, 'control');
    await bad({ weight: 50.5 }, 'weight');
  });

  it('updates with PATCH and answers 409 for a stale version', async () => {
    const { body: e } = await api.post<Experiment>('/rest/v1/experiments', startable(settings.id, 'Patch me'));
    const updated = await api.patch<Experiment>(`/rest/v1/experiments/${e.id}`, { name: 'Patched', trafficAllocation: 50, targetingRules: { urlPatterns: ['/a*'] }, version: e.version });
    expectContract('ours', 'updateExperiment', updated, 200);
    expect(updated.body).toMatchObject({ name: 'Patched', trafficAllocation: 50, targetingRules: { urlPatterns: ['/a*'] } });
    expect(updated.body.version).toBe(e.version + 1);
    const stale = await api.request<ErrorBody>('PATCH', `/rest/v1/experiments/${e.id}`, { body: { name: 'Lost' }, headers: { 'if-match': `"${e.version}"` } });
    expectContract('ours', 'updateExperiment', stale, 409);
    const keyChange = await api.patch<ErrorBody>(`/rest/v1/experiments/${e.id}`, { key: 'other-key' });
    expectContract('ours', 'updateExperiment', keyChange, 400);
  });

  it('deletes an experiment, answering true, and frees its key', async () => {
    const { body: e } = await api.post<Experiment>('/rest/v1/experiments', startable(settings.id, 'Delete me'));
    const deleted = await api.delete(`/rest/v1/experiments/${e.id}`);
    expectContract('ours', 'deleteExperiment', deleted, 200);
    expect(deleted.body).toBe(true);
    expect((await api.get(`/rest/v1/experiments/${e.id}`)).status).toBe(404);
    const again = await api.post<Experiment>('/rest/v1/experiments', startable(settings.id, 'Delete me'));
    expectContract('ours', 'createExperiment', again, 201);
  });

  it('runs the lifecycle: start, pause, resume, stop with a winner; illegal steps name the status', async () => {
    const { body: e } = await api.post<Experiment>('/rest/v1/experiments', startable(settings.id, 'Lifecycle'));
    const pauseDraft = await api.post<ErrorBody>(`/rest/v1/experiments/${e.id}/pause`, {});
    expectContract('ours', 'pauseExperiment', pauseDraft, 400);
    expect(pauseDraft.body.details).toContain('draft');

    const started = await api.post<{ publishStatus: string; concurrentVersionChanges: number; experiment: Experiment }>(`/rest/v1/experiments/${e.id}/start`, { version: e.version });
    expectContract('ours', 'startExperiment', started, 200);
    expect(started.body).toMatchObject({ publishStatus: 'published', concurrentVersionChanges: 0, experiment: { status: 'running' } });
    expect(started.body.experiment.startedAt).toBeDefined();

    const startAgain = await api.post<ErrorBody>(`/rest/v1/experiments/${e.id}/start`, {});
    expectContract('ours', 'startExperiment', startAgain, 400);
    expect(startAgain.body.details).toContain('running');

    const paused = await api.request<{ concurrentVersionChanges: number; experiment: Experiment }>('POST', `/rest/v1/experiments/${e.id}/pause`, { body: {}, headers: { 'if-match': `"${e.version}"` } });
    expectContract('ours', 'pauseExperiment', paused, 200);
    expect(paused.body.concurrentVersionChanges).toBe(1);
    expect(paused.body.experiment.status).toBe('paused');
    const resumed = await api.post(`/rest/v1/experiments/${e.id}/resume`, {});
    expectContract('ours', 'resumeExperiment', resumed, 200);

    const foreign = await api.post<ErrorBody>(`/rest/v1/experiments/${e.id}/stop`, { winnerVariantId: 'var_01HZX8YJH3Z3W1R2Q4M5N6P7Q8' });
    expectContract('ours', 'stopExperiment', foreign, 400);
    expect(foreign.body.details).toContain('winnerVariantId');
    const winner = e.variants?.[1]?.id as string;
    const stopped = await api.post<{ experiment: Experiment }>(`/rest/v1/experiments/${e.id}/stop`, { winnerVariantId: winner });
    expectContract('ours', 'stopExperiment', stopped, 200);
    expect(stopped.body.experiment).toMatchObject({ status: 'completed', winnerVariantId: winner });
    expect(stopped.body.experiment.stoppedAt).toBeDefined();
    const resumeCompleted = await api.post<ErrorBody>(`/rest/v1/experiments/${e.id}/resume`, {});
    expect(resumeCompleted.status).toBe(400);
    expect(resumeCompleted.body.details).toContain('completed');
  });

  it('will not start without a primary metric or with weights that do not sum to 100', async () => {
    const noMetric = await api.post<Experiment>('/rest/v1/experiments', { ...startable(settings.id, 'No metric'), metrics: {} });
    const a = await api.post<ErrorBody>(`/rest/v1/experiments/${noMetric.body.id}/start`, {});
    expectContract('ours', 'startExperiment', a, 400);
    expect(a.body.details).toContain('metric');
    const uneven = await api.post<Experiment>('/rest/v1/experiments', {
      ...startable(settings.id, 'Uneven'),
      variants: [{ name: 'Control', isControl: true, weight: 50 }, { name: 'B', isControl: false, weight: 40 }],
    });
    expectContract('ours', 'createExperiment', uneven, 201);
    const b = await api.post<ErrorBody>(`/rest/v1/experiments/${uneven.body.id}/start`, {});
    expect(b.status).toBe(400);
    expect(b.body.details).toContain('sum to 90');
  });

  it('lets editors edit but not start; viewers only read', async () => {
    const { body: e } = await api.post<Experiment>('/rest/v1/experiments', startable(settings.id, 'Roles'));
    const editor = client(server.url, await tokenFor(server, 'editor@example.com', 'editor', settings.projectId));
    const viewer = client(server.url, await tokenFor(server, 'viewer@example.com', 'viewer', settings.projectId));
    expect((await editor.patch(`/rest/v1/experiments/${e.id}`, { description: 'edited' })).status).toBe(200);
    const start = await editor.post<ErrorBody>(`/rest/v1/experiments/${e.id}/start`, {});
    expectContract('ours', 'startExperiment', start, 403);
    expect((await viewer.get(`/rest/v1/experiments/${e.id}`)).status).toBe(200);
    expect((await viewer.patch(`/rest/v1/experiments/${e.id}`, { description: 'no' })).status).toBe(403);
    const outsider = client(server.url, await tokenFor(server, 'outsider@example.com', 'viewer', (await api.post<{ id: number }>('/v2/projects', { name: 'Other' })).body.id));
    const list = await outsider.get<{ entities: Experiment[] }>('/rest/v1/experiments');
    expectContract('ours', 'listExperiments', list, 200);
    expect(list.body.entities).toEqual([]);
  });

  it('answers 429 with retry-after when the rate limit is exceeded', async () => {
    const limited = await startServer(engine, { rateLimit: { perMinute: 2, resultsPerMinute: 2 } });
    try {
      const c = client(limited.url, limited.adminToken);
      await c.get('/rest/v1/experiments');
      await c.get('/rest/v1/experiments');
      const res = await c.get<ErrorBody>('/rest/v1/experiments');
      expectContract('ours', 'listExperiments', res, 429);
      expect(res.headers.get('retry-after')).not.toBeNull();
    } finally {
      await limited.close();
    }
  });
});
