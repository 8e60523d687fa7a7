/** PostHog saved metrics: CRUD, and experiments linking them through saved_metrics_ids. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';

interface SavedMetric { id: number; name: string; query: Record<string, unknown> }
interface Experiment { id: number; saved_metrics: { saved_metric: number; metadata: { type: string }; name: string }[] }
interface PhError { type: string; detail: string; attr: string | null }

const revenue = { kind: 'ExperimentMetric', metric_type: 'mean', source: { kind: 'EventsNode', event: 'purchase', math: 'sum', math_property: 'revenue' } };
const signup = { kind: 'ExperimentMetric', metric_type: 'funnel', series: [{ kind: 'EventsNode', event: 'signup' }] };

describe.each(databases)('PostHog saved metrics on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let projectId: number;
  let base: string;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    projectId = (await api.post<{ id: number }>('/v2/projects', { name: 'Saved' })).body.id;
    base = `/api/projects/${projectId}/experiment_saved_metrics/`;
  });
  afterAll(async () => server.close());

  it('creates, lists, reads, updates and deletes saved metrics', async () => {
    const created = await api.post<SavedMetric>(base, { name: 'Revenue', query: revenue });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Revenue', query: revenue });
    const second = await api.post<SavedMetric>(base, { name: 'Signups', query: signup });
    const list = await api.get<{ count: number; results: SavedMetric[] }>(`${base}?limit=1`);
    expect(list.body.count).toBe(2);
    expect(list.body.results.map((m) => m.id)).toEqual([second.body.id]);
    const renamed = await api.patch<SavedMetric>(`${base}${created.body.id}/`, { name: 'Revenue per user' });
    expect(renamed.body.name).toBe('Revenue per user');
    expect((await api.get<SavedMetric>(`${base}${created.body.id}/`)).body.name).toBe('Revenue per user');
    expect((await api.delete(`${base}${second.body.id}/`)).status).toBe(204);
    expect((await api.get(`${base}${second.body.id}/`)).status).toBe(404);
  });

  it('rejects a query that is not a metric query', async () => {
    const bad = await api.post<PhError>(base, { name: 'Bad', query: { kind: 'TrendsQuery' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ type: 'validation_error', attr: 'query' });
    const noQuery = await api.post<PhError>(base, { name: 'Bad' });
    expect(noQuery.body.attr).toBe('query');
  });

  it('links saved metrics to experiments by id with a primary or secondary type', async () => {
    const { body: metric } = await api.post<SavedMetric>(base, { name: 'Signups', query: signup });
    const experiments = `/api/projects/${projectId}/experiments/`;
    const created = await api.post<Experiment>(experiments, { name: 'Linked', feature_flag_key: 'linked', saved_metrics_ids: [{ id: metric.id, metadata: { type: 'secondary' } }] });
    expectContract('posthog', 'experiments_create', created, 201);
    expect(created.body.saved_metrics).toMatchObject([{ saved_metric: metric.id, metadata: { type: 'secondary' }, name: 'Signups' }]);
    const missing = await api.post<PhError>(experiments, { name: 'Missing', feature_flag_key: 'missing', saved_metrics_ids: [{ id: 999999 }] });
    expect(missing.status).toBe(400);
    expect(missing.body.attr).toBe('saved_metrics_ids[0].id');
    const noType = await api.post<PhError>(experiments, { name: 'No type', feature_flag_key: 'no-type', saved_metrics_ids: [{ id: metric.id, metadata: {} }] });
    expect(noType.status).toBe(400);
    expect(noType.body.attr).toContain('saved_metrics_ids');
    const unlinked = await api.patch<Experiment>(`${experiments}${created.body.id}/`, { saved_metrics_ids: [] });
    expectContract('posthog', 'experiments_partial_update', unlinked, 200);
    expect(unlinked.body.saved_metrics).toEqual([]);
  });
});
