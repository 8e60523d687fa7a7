/** PostHog experiments over HTTP: CRUD, scopes, lifecycle and the flag, against the PostHog contract. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';

interface Experiment {
  id: number;
  name: string;
  start_date?: string;
  end_date?: string;
  archived: boolean;
  status: string;
  feature_flag_key: string;
  feature_flag: { id: number; key: string; active: boolean };
  parameters: { feature_flag_variants: { key: string; rollout_percentage: number }[] };
  filters: Record<string, unknown>;
}
interface PhError { type: string; code: string; detail: string; attr: string | null }
interface Page { count: number; next: string | null; previous: string | null; results: Experiment[] }

describe.each(databases)('PostHog experiments on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let projectId: number;
  let base: string;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    projectId = (await api.post<{ id: number }>('/v2/projects', { name: 'PostHog' })).body.id;
    base = `/api/projects/${projectId}/experiments/`;
  });
  afterAll(async () => server.close());

  it('creates an experiment with its flag (control/test 50/50 by default) that the Optimizely dialect sees', async () => {
    const created = await api.post<Experiment>(base, { name: 'Checkout button', feature_flag_key: 'checkout-button', filters: { insight: 'TRENDS', events: [{ id: 'purchase', order: 0 }] } });
    expectContract('posthog', 'experiments_create', created, 201);
    expect(created.body).toMatchObject({ name: 'Checkout button', feature_flag_key: 'checkout-button', archived: false, status: 'draft' });
    expect(created.body.start_date).toBeUndefined();
    expect(created.body.parameters.feature_flag_variants).toEqual([
      { key: 'control', name: 'Control', rollout_percentage: 50 },
      { key: 'test', name: 'Test', rollout_percentage: 50 },
    ]);
    const flag = await api.get<{ key: string; name: string; variations: Record<string, unknown> }>(`/flags/v1/projects/${projectId}/flags/checkout-button`);
    expect(flag.status).toBe(200);
    expect(flag.body.name).toBe('Feature Flag for Experiment Checkout button');
    const events = await api.get<{ key: string }[]>(`/v2/events?project_id=${projectId}`);
    expect(events.body.map((e) => e.key)).toContain('purchase');
    const got = await api.get<Experiment>(`${base}${created.body.id}/`);
    expectContract('posthog', 'experiments_retrieve', got, 200);
    const noSlash = await api.get<Experiment>(`${base}${created.body.id}`);
    expect(noSlash.status).toBe(200);
  });

  it('lists newest first with limit/offset and absolute next/previous URLs', async () => {
    for (const n of [1, 2, 3]) await api.post(base, { name: `List ${n}`, feature_flag_key: `list-${n}` });
    const first = await api.get<Page>(`${base}?limit=2`);
    expectContract('posthog', 'experiments_list', first, 200);
    expect(first.body.results.map((e) => e.name)).toEqual(['List 3', 'List 2']);
    expect(first.body.previous).toBeNull();
    expect(first.body.next).toBe(`${server.url}${base}?limit=2&offset=2`);
    const second = await api.get<Page>(first.body.next!.replace(server.url, ''));
    expectContract('posthog', 'experiments_list', second, 200);
    expect(second.body.results[0]?.name).toBe('List 1');
    expect(second.body.previous).toBe(`${server.url}${base}?limit=2`);
    expect(first.body.count).toBe(second.body.count);
    const noSlash = await api.get<Page>(`/api/projects/${projectId}/experiments?limit=1`);
    expect(noSlash.status).toBe(200);
  });

  it('validates variants, filters and required fields in PostHog\'s error shape', async () => {
    const noControl = await api.post<PhError>(base, { name: 'x', feature_flag_key: 'x1', parameters: { feature_flag_variants: [{ key: 'a', rollout_percentage: 50 }, { key: 'b', rollout_percentage: 50 }] } });
    expect(noControl.status).toBe(400);
    expect(noControl.body).toMatchObject({ type: 'validation_error', code: 'invalid_input', attr: 'parameters.feature_flag_variants' });
    expect(noControl.body.detail).toContain('control');
    const eleven = Array.from({ length: 11 }, (_, i) => ({ key: i === 0 ? 'control' : `v${i}`, rollout_percentage: i === 0 ? 0 : 10 }));
    const tooMany = await api.post<PhError>(base, { name: 'x', feature_flag_key: 'x2', parameters: { feature_flag_variants: eleven } });
    expect(tooMany.body.detail).toContain('less than 11');
    const badSum = await api.post<PhError>(base, { name: 'x', feature_flag_key: 'x3', parameters: { feature_flag_variants: [{ key: 'control', rollout_percentage: 50 }, { key: 'test', rollout_percentage: 40 }] } });
    expect(badSum.body.detail).toContain('sum to 100');
    const global = await api.post<PhError>(base, { name: 'x', feature_flag_key: 'x4', filters: { events: [{ id: 'purchase' }], properties: [{ key: 'email', value: 'a' }] } });
    expect(global.status).toBe(400);
    expect(global.body).toMatchObject({ attr: 'filters.properties', detail: 'Experiments do not support global filter properties' });
    const noFlag = await api.post<PhError>(base, { name: 'x' });
    expect(noFlag.body).toMatchObject({ type: 'validation_error', attr: 'feature_flag_key' });
    const badType = await api.post<PhError>(base, { name: 'x', feature_flag_key: 'x5', archived: 'yes' });
    expect(badType.body).toMatchObject({ type: 'validation_error', attr: 'archived' });
    const missing = await api.get<PhError>(`${base}999999/`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ type: 'invalid_request', code: 'not_found' });
    const unauthenticated = await api.get<PhError>(base, null);
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.body.type).toBe('authentication_error');
  });

  it('launches with start_date, freezes variant keys, ends with end_date and archives', async () => {
    const { body: e } = await api.post<Experiment>(base, { name: 'Lifecycle', feature_flag_key: 'lifecycle' });
    const reweighted = await api.patch<Experiment>(`${base}${e.id}/`, { parameters: { feature_flag_variants: [{ key: 'control', rollout_percentage: 34 }, { key: 'test', rollout_percentage: 33 }, { key: 'test-2', rollout_percentage: 33 }] } });
    expectContract('posthog', 'experiments_partial_update', reweighted, 200);
    expect(reweighted.body.parameters.feature_flag_variants.map((v) => v.key)).toEqual(['control', 'test', 'test-2']);
    const launched = await api.patch<Experiment>(`${base}${e.id}/`, { start_date: new Date().toISOString() });
    expectContract('posthog', 'experiments_partial_update', launched, 200);
    expect(launched.body).toMatchObject({ status: 'running', feature_flag: { active: true } });
    expect(launched.body.start_date).toBeDefined();
    const ruleset = await api.get<{ enabled: boolean }>(`/flags/v1/projects/${projectId}/flags/lifecycle/environments/production/ruleset`);
    expect(ruleset.body.enabled).toBe(true);
    const frozen = await api.patch<PhError>(`${base}${e.id}/`, { parameters: { feature_flag_variants: [{ key: 'control', rollout_percentage: 50 }, { key: 'other', rollout_percentage: 50 }] } });
    expect(frozen.status).toBe(400);
    expect(frozen.body.attr).toBe('parameters.feature_flag_variants');
    expect(frozen.body.detail).toContain('control, test, test-2');
    const keys = await api.patch<PhError>(`${base}${e.id}/`, { type: 'web' });
    expect(keys.body.detail).toContain("Can't update keys: type");
    const ended = await api.patch<Experiment>(`${base}${e.id}/`, { end_date: new Date().toISOString() });
    expectContract('posthog', 'experiments_partial_update', ended, 200);
    expect(ended.body.status).toBe('complete');
    expect(ended.body.end_date).toBeDefined();
    const back = await api.patch<PhError>(`${base}${e.id}/`, { start_date: null });
    expect(back.status).toBe(400);
    expect(back.body.attr).toBe('start_date');
    const archived = await api.patch<Experiment>(`${base}${e.id}/`, { archived: true });
    expect(archived.body).toMatchObject({ archived: true, status: 'archived' });
  });

  it('links an existing flag unless a running experiment uses it', async () => {
    const { body: running } = await api.post<Experiment>(base, { name: 'First', feature_flag_key: 'shared-flag', start_date: new Date().toISOString() });
    expect(running.status).toBe('running');
    const taken = await api.post<PhError>(base, { name: 'Second', feature_flag_key: 'shared-flag' });
    expect(taken.status).toBe(400);
    expect(taken.body.attr).toBe('feature_flag_key');
    await api.patch(`${base}${running.id}/`, { end_date: new Date().toISOString() });
    const linked = await api.post<Experiment>(base, { name: 'Second', feature_flag_key: 'shared-flag' });
    expectContract('posthog', 'experiments_create', linked, 201);
    expect(linked.body.feature_flag.id).toBe(running.feature_flag.id);
  });

  it('deletes a draft with 204', async () => {
    const { body: e } = await api.post<Experiment>(base, { name: 'Doomed', feature_flag_key: 'doomed' });
    const deleted = await api.delete(`${base}${e.id}/`);
    expectContract('posthog', 'experiments_destroy', deleted, 204);
    expect((await api.get(`${base}${e.id}/`)).status).toBe(404);
  });

  it('needs experiment:read for GET and experiment:write for writes; editors cannot launch', async () => {
    const reader = (await api.post<{ token: string }>('/v2/tokens', { name: 'reader', scopes: ['experiment:read'] })).body.token;
    const asReader = client(server.url, reader);
    expect((await asReader.get(base)).status).toBe(200);
    const denied = await asReader.post<PhError>(base, { name: 'nope', feature_flag_key: 'nope' });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ type: 'authentication_error', code: 'permission_denied' });
    expect(denied.body.detail).toContain('experiment:write');
    const flagsOnly = (await api.post<{ token: string }>('/v2/tokens', { name: 'flags', scopes: ['flag:read'] })).body.token;
    const noRead = await client(server.url, flagsOnly).get<PhError>(base);
    expect(noRead.status).toBe(403);
    expect(noRead.body.detail).toContain('experiment:read');

    const editor = await api.post<{ id: number }>('/v2/users', { email: 'editor@example.com', name: 'Ed', project_roles: [{ project_id: projectId, role: 'editor' }] });
    const editorToken = (await api.post<{ token: string }>('/v2/tokens', { name: 'ed', user_id: editor.body.id })).body.token;
    const asEditor = client(server.url, editorToken);
    const draft = await asEditor.post<Experiment>(base, { name: 'By editor', feature_flag_key: 'by-editor' });
    expectContract('posthog', 'experiments_create', draft, 201);
    const launch = await asEditor.patch<PhError>(`${base}${draft.body.id}/`, { start_date: new Date().toISOString() });
    expect(launch.status).toBe(403);
    expect(launch.body.code).toBe('permission_denied');
  });

  it('maps metric queries and secondary metrics onto conversion events', async () => {
    const created = await api.post<Experiment>(base, {
      name: 'Metrics',
      feature_flag_key: 'metrics-flag',
      metrics: [{ kind: 'ExperimentMetric', metric_type: 'funnel', series: [{ kind: 'EventsNode', event: 'signup' }, { kind: 'EventsNode', event: 'paid' }] }],
      secondary_metrics: [{ name: 'Revenue', filters: { insight: 'TRENDS', events: [{ id: 'checkout', math: 'sum', math_property: 'revenue' }] } }],
    });
    expectContract('posthog', 'experiments_create', created, 201);
    const optimizely = await api.get<{ metrics: { event_id: number; aggregator: string; field?: string }[] }>(`/v2/experiments/${created.body.id}`);
    const events = await api.get<{ id: number; key: string }[]>(`/v2/events?project_id=${projectId}`);
    const keyOf = (id: number) => events.body.find((e) => e.id === id)?.key;
    expect(optimizely.body.metrics.map((m) => [keyOf(m.event_id), m.aggregator, m.field ?? null])).toEqual([['paid', 'unique', null], ['checkout', 'sum', 'revenue']]);
    const bad = await api.post<PhError>(base, { name: 'Bad', feature_flag_key: 'bad-metric', filters: { events: [{ id: '$pageview' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.attr).toBe('filters.events[0].id');
  });

  it('writes nothing when a request is refused part way (an editor launching, a holdout of another kind)', async () => {
    const editor = await api.post<{ id: number }>('/v2/users', { email: 'editor2@example.com', name: 'Edna', project_roles: [{ project_id: projectId, role: 'editor' }] });
    const asEditor = client(server.url, (await api.post<{ token: string }>('/v2/tokens', { name: 'ed2', user_id: editor.body.id })).body.token);
    const eventKeys = async () => (await api.get<{ key: string }[]>(`/v2/events?project_id=${projectId}&per_page=100`)).body.map((e) => e.key).sort();
    const countBefore = (await api.get<Page>(base)).body.count;
    const eventsBefore = await eventKeys();

    const launched = await asEditor.post<PhError>(base, { name: 'Editor launch', feature_flag_key: 'editor-launch', filters: { events: [{ id: 'editor_only_event' }] }, start_date: new Date().toISOString() });
    expect(launched.status).toBe(403);
    expect(launched.body.code).toBe('permission_denied');
    // An environment-wide (Optimizely) holdout cannot be named by an experiment.
    const global = await api.post<{ id: number }>('/v2/holdouts', { project_id: projectId, key: 'everyone', percentage_included: 100 });
    const wrongKind = await api.post<PhError>(base, { name: 'Wrong holdout', feature_flag_key: 'wrong-holdout', filters: { events: [{ id: 'holdout_only_event' }] }, holdout_id: global.body.id });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.attr).toBe('holdout_id');

    expect((await api.get<Page>(base)).body.count).toBe(countBefore);
    expect(await eventKeys()).toEqual(eventsBefore);
    for (const flag of ['editor-launch', 'wrong-holdout']) expect((await api.get(`/flags/v1/projects/${projectId}/flags/${flag}`)).status).toBe(404);

    const { body: draft } = await asEditor.post<Experiment>(base, { name: 'Editor draft', feature_flag_key: 'editor-draft' });
    const refused = await asEditor.patch<PhError>(`${base}${draft.id}/`, { name: 'Renamed', filters: { events: [{ id: 'renamed_event' }] }, start_date: new Date().toISOString() });
    expect(refused.status).toBe(403);
    const after = await api.get<Experiment>(`${base}${draft.id}/`);
    expect(after.body).toMatchObject({ name: 'Editor draft', status: 'draft', filters: {} });
    expect(await eventKeys()).toEqual(eventsBefore);
  });
});
