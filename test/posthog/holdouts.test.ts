/**
 * PostHog experiment holdouts over HTTP: CRUD in PostHog's shape on the core holdouts, experiments
 * linking one by `holdout_id` (which must exist and cannot change after launch), and the proof that
 * it holds users back — OFREP and the official Optimizely SDK, reading the served datafile, give a
 * held-back user the variant `holdout-{id}` and everyone else the experiment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstance, createPollingProjectConfigManager, type Client as SdkClient } from '@optimizely/optimizely-sdk';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';
import { evaluate, primarySdkKey } from './helpers.js';

interface Holdout {
  id: number;
  name: string;
  description: string;
  filters: { properties: unknown[]; rollout_percentage: number; variant: string }[];
  created_by: { id: number; email: string } | null;
  created_at: string;
  updated_at: string;
}
interface Page<T> { count: number; next: string | null; previous: string | null; results: T[] }
interface Experiment { id: number; holdout_id?: number; holdout: Holdout | null; status: string; start_date?: string }
interface PhError { type: string; code: string; detail: string; attr: string | null }

describe.each(databases)('PostHog experiment holdouts on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let projectId: number;
  let base: string;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    projectId = (await api.post<{ id: number }>('/v2/projects', { name: 'Holdouts' })).body.id;
    base = `/api/projects/${projectId}/`;
  });
  afterAll(async () => server?.close());

  it('creates, reads, lists, updates and deletes holdouts in PostHog\'s shape', async () => {
    const created = await api.post<Holdout>(`${base}experiment_holdouts/`, { name: 'Q3 holdout', description: 'Long-term effect', filters: [{ properties: [], rollout_percentage: 12.5 }] });
    expect(created.status, created.text).toBe(201);
    const h = created.body;
    expect(h).toMatchObject({ name: 'Q3 holdout', description: 'Long-term effect', filters: [{ properties: [], rollout_percentage: 12.5, variant: `holdout-${h.id}` }] });
    expect(h.created_by).toMatchObject({ email: expect.any(String) as string });
    expect(Date.parse(h.created_at)).not.toBeNaN();

    // The same core holdout the Optimizely dialect serves: experiment-scoped, running, 1250 bp.
    const core = await api.get<{ key: string; scope: string; status: string; percentage_included: number; variation: { key: string } }>(`/v2/holdouts/${h.id}`);
    expect(core.body).toMatchObject({ key: `holdout-${h.id}`, scope: 'experiments', status: 'running', percentage_included: 1250, variation: { key: `holdout-${h.id}` } });

    expect((await api.get<Holdout>(`${base}experiment_holdouts/${h.id}/`)).body).toEqual(h);
    expect((await api.get<Holdout>(`${base}experiment_holdouts/${h.id}`)).status).toBe(200);
    await api.post(`${base}experiment_holdouts/`, { name: 'Second', filters: [{ rollout_percentage: 5 }] });
    const page = await api.get<Page<Holdout>>(`${base}experiment_holdouts/?limit=1`);
    expect(page.body.count).toBe(2);
    expect(page.body.results.map((x) => x.name)).toEqual(['Second']);
    expect(page.body.next).toBe(`${server.url}${base}experiment_holdouts/?limit=1&offset=1`);
    const rest = await api.get<Page<Holdout>>(page.body.next!.replace(server.url, ''));
    expect(rest.body.results.map((x) => x.name)).toEqual(['Q3 holdout']);
    expect(rest.body.previous).toBe(`${server.url}${base}experiment_holdouts/?limit=1`);

    const updated = await api.patch<Holdout>(`${base}experiment_holdouts/${h.id}/`, { name: 'Q3', filters: [{ properties: [], rollout_percentage: 20 }] });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Q3', description: 'Long-term effect', filters: [{ rollout_percentage: 20, variant: `holdout-${h.id}` }] });

    expect((await api.delete(`${base}experiment_holdouts/${h.id}/`)).status).toBe(204);
    expect((await api.get(`${base}experiment_holdouts/${h.id}/`)).status).toBe(404);
    const other = (await api.post<{ id: number }>('/v2/projects', { name: 'Other' })).body.id;
    const foreign = await api.get<PhError>(`/api/projects/${other}/experiment_holdouts/${rest.body.results[0]?.id ?? 0}/`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.type).toBe('invalid_request');
  });

  it('answers bad holdouts with a 400 naming the field, and writes nothing', async () => {
    const before = (await api.get<Page<Holdout>>(`${base}experiment_holdouts/`)).body.count;
    const cases: [unknown, string][] = [
      [{ filters: [{ rollout_percentage: 10 }] }, 'name'],
      [{ name: 'No filters' }, 'filters'],
      [{ name: 'Too much', filters: [{ rollout_percentage: 150 }] }, 'filters[0].rollout_percentage'],
      [{ name: 'No percentage', filters: [{ properties: [] }] }, 'filters[0].rollout_percentage'],
      [{ name: 'Fine grained', filters: [{ rollout_percentage: 10.125 }] }, 'filters[0].rollout_percentage'],
      [{ name: 'Targeted', filters: [{ properties: [{ key: 'email', value: 'a@b.c', type: 'person' }], rollout_percentage: 10 }] }, 'filters[0].properties'],
      [{ name: 'Two groups', filters: [{ rollout_percentage: 10 }, { rollout_percentage: 20 }] }, 'filters'],
      [{ name: 'Empty', filters: [] }, 'filters'],
    ];
    for (const [body, attr] of cases) {
      const res = await api.post<PhError>(`${base}experiment_holdouts/`, body);
      expect(res.status, `${JSON.stringify(body)} → ${res.text}`).toBe(400);
      expect(res.body).toMatchObject({ type: 'validation_error', attr });
    }
    expect((await api.get<Page<Holdout>>(`${base}experiment_holdouts/`)).body.count).toBe(before);

    // A holdout runs as soon as it exists, like a launch: editors may not create one; viewers only read.
    const roles = { editor: 403, viewer: 403 } as const;
    for (const [role, status] of Object.entries(roles)) {
      const user = await api.post<{ id: number }>('/v2/users', { email: `${role}-holdouts@example.com`, name: role, project_roles: [{ project_id: projectId, role }] });
      const as = client(server.url, (await api.post<{ token: string }>('/v2/tokens', { name: role, user_id: user.body.id })).body.token);
      const denied = await as.post<PhError>(`${base}experiment_holdouts/`, { name: `By ${role}`, filters: [{ rollout_percentage: 5 }] });
      expect(denied.status, denied.text).toBe(status);
      expect(denied.body).toMatchObject({ type: 'authentication_error', code: 'permission_denied' });
      expect((await as.get(`${base}experiment_holdouts/`)).status).toBe(200);
    }
    expect((await api.get<Page<Holdout>>(`${base}experiment_holdouts/`)).body.count).toBe(before);
  });

  it('links experiments by holdout_id: it must exist in the project and is frozen after launch', async () => {
    const { body: holdout } = await api.post<Holdout>(`${base}experiment_holdouts/`, { name: 'Linked', filters: [{ rollout_percentage: 10 }] });
    const missing = await api.post<PhError>(`${base}experiments/`, { name: 'Missing holdout', feature_flag_key: 'missing-holdout', holdout_id: 999999 });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ type: 'validation_error', attr: 'holdout_id', detail: 'Invalid pk "999999" - object does not exist.' });
    expect((await api.get(`/flags/v1/projects/${projectId}/flags/missing-holdout`)).status).toBe(404);
    const other = (await api.post<{ id: number }>('/v2/projects', { name: 'Other holdouts' })).body.id;
    const { body: foreign } = await api.post<Holdout>(`/api/projects/${other}/experiment_holdouts/`, { name: 'Elsewhere', filters: [{ rollout_percentage: 10 }] });
    expect((await api.post<PhError>(`${base}experiments/`, { name: 'Foreign', feature_flag_key: 'foreign-holdout', holdout_id: foreign.id })).body.attr).toBe('holdout_id');

    const created = await api.post<Experiment>(`${base}experiments/`, { name: 'With holdout', feature_flag_key: 'with-holdout', holdout_id: holdout.id });
    expectContract('posthog', 'experiments_create', created, 201);
    expect(created.body.holdout_id).toBe(holdout.id);
    expect(created.body.holdout).toMatchObject({ id: holdout.id, name: 'Linked', filters: [{ rollout_percentage: 10, variant: `holdout-${holdout.id}` }] });
    const id = created.body.id;
    const { body: second } = await api.post<Holdout>(`${base}experiment_holdouts/`, { name: 'Second linked', filters: [{ rollout_percentage: 10 }] });
    // A draft may change its holdout.
    const moved = await api.patch<Experiment>(`${base}experiments/${id}/`, { holdout_id: second.id });
    expectContract('posthog', 'experiments_partial_update', moved, 200);
    expect(moved.body.holdout_id).toBe(second.id);
    expect((await api.patch<PhError>(`${base}experiments/${id}/`, { holdout_id: 424242 })).body.attr).toBe('holdout_id');
    const back = await api.patch<Experiment>(`${base}experiments/${id}/`, { holdout_id: holdout.id, start_date: new Date().toISOString() });
    expect(back.body).toMatchObject({ holdout_id: holdout.id, status: 'running' });

    for (const change of [second.id, null]) {
      const refused = await api.patch<PhError>(`${base}experiments/${id}/`, { holdout_id: change });
      expect(refused.status, refused.text).toBe(400);
      expect(refused.body).toMatchObject({ type: 'validation_error', attr: 'holdout_id' });
    }
    const after = await api.get<Experiment>(`${base}experiments/${id}/`);
    expectContract('posthog', 'experiments_retrieve', after, 200);
    expect(after.body.holdout_id).toBe(holdout.id);
    // Unchanged is fine after launch.
    expect((await api.patch(`${base}experiments/${id}/`, { holdout_id: holdout.id, name: 'With holdout (running)' })).status).toBe(200);
  });

  it('holds users back: OFREP and the official SDK give them holdout-{id}, everyone else the experiment', async () => {
    const { body: holdout } = await api.post<Holdout>(`${base}experiment_holdouts/`, { name: 'Half', filters: [{ rollout_percentage: 50 }] });
    const launched = await api.post<Experiment>(`${base}experiments/`, { name: 'Held', feature_flag_key: 'held', holdout_id: holdout.id, start_date: new Date().toISOString() });
    expect(launched.status, launched.text).toBe(201);
    const sdkKey = await primarySdkKey(api, projectId);

    const sdk: SdkClient = createInstance({
      projectConfigManager: createPollingProjectConfigManager({ sdkKey, urlTemplate: `${server.url}/datafiles/%s.json`, autoUpdate: false }),
      logger: undefined,
    });
    try {
      await sdk.onReady({ timeout: 10_000 });
      const held: string[] = [];
      const inExperiment: string[] = [];
      for (let i = 0; i < 200; i++) {
        const visitor = `visitor-${i}`;
        const ours = await evaluate(api, sdkKey, 'held', visitor);
        const theirs = sdk.createUserContext(visitor).decide('held');
        expect(theirs.variationKey, visitor).toBe(ours.variant);
        if (ours.variant === `holdout-${holdout.id}`) {
          held.push(visitor);
          expect(ours.value).toBe(false);
          expect(theirs.enabled).toBe(false);
        } else {
          inExperiment.push(visitor);
          expect(['control', 'test']).toContain(ours.variant);
          expect(theirs.ruleKey).toBe(ours.metadata.ruleKey);
        }
      }
      // 50 % held back: both groups are well represented (the split is deterministic).
      expect(held.length).toBeGreaterThan(60);
      expect(inExperiment.length).toBeGreaterThan(60);

      // A user outside the holdout sees the experiment change when the holdout shrinks to 0 %.
      await api.patch(`${base}experiment_holdouts/${holdout.id}/`, { filters: [{ rollout_percentage: 0 }] });
      for (const visitor of held.slice(0, 20)) expect(['control', 'test']).toContain((await evaluate(api, sdkKey, 'held', visitor)).variant);
    } finally {
      await sdk.close();
    }
  });
});
