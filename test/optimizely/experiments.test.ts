/**
 * /v2/experiments: CRUD, the lifecycle (not_started → active ⇄ paused, archived from any, the
 * FAQ's Running/Paused/Archived on input), metrics on conversion events, and variation keys
 * frozen once an experiment has started — validated against the Optimizely contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';
import {
  buildEvent,
  buildExperiment,
  buildFlag,
  buildProject,
  expectError,
  ok,
  uniqueKey,
  type EventDef,
  type Experiment,
  type Flag,
  type Project,
  type Ruleset,
} from '../helpers/factories.js';

const metric = (eventId: number, extra: Record<string, unknown> = {}) => ({ event_id: eventId, aggregator: 'unique', scope: 'visitor', winning_direction: 'increasing', ...extra });

describe.each(databases)('Optimizely experiments on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let project: Project;
  let purchase: EventDef;
  let revenue: EventDef;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    project = await buildProject(api);
    purchase = await buildEvent(api, project.id, { key: 'purchase' });
    revenue = await buildEvent(api, project.id, { key: 'revenue' });
  });
  afterAll(async () => server.close());

  const patch = (id: number, body: Record<string, unknown>) => api.patch<Experiment>(`/v2/experiments/${id}`, body);

  it('creates an experiment as an a/b test rule of a flag in the primary environment', async () => {
    const key = uniqueKey('checkout');
    const created = await api.post<Experiment>('/v2/experiments', {
      project_id: project.id,
      name: 'Checkout button',
      key,
      description: 'does blue sell more?',
      variations: [{ key: 'control', weight: 5000 }, { key: 'blue', name: 'Blue', weight: 5000 }],
      percentage_included: 8000,
      metrics: [metric(purchase.id), metric(revenue.id, { aggregator: 'sum', winning_direction: 'increasing' })],
    });
    expectContract('optimizely', 'createExperiment', created, 201);
    expect(created.headers.get('etag')).toBe(`"${created.body.version}"`);
    expect(created.body).toMatchObject({
      project_id: project.id,
      key,
      name: 'Checkout button',
      description: 'does blue sell more?',
      status: 'not_started',
      type: 'a/b_test',
      flag_key: key,
      environment_key: 'production',
      percentage_included: 8000,
    });
    expect(created.body.variations.map((v) => [v.key, v.weight])).toEqual([['control', 5000], ['blue', 5000]]);
    expect(created.body.metrics).toEqual([metric(purchase.id), { ...metric(revenue.id, { aggregator: 'sum' }), field: 'value' }]);
    // The flag it runs on was created with its variations, and the rule is in the ruleset.
    const flag = ok(await api.get<Flag>(`/flags/v1/projects/${project.id}/flags/${key}`));
    expect(flag.variations.map((v) => v.key)).toEqual(['off', 'control', 'blue']);
    const rule = flag.environments.production?.ruleset.rules[0];
    expect(rule).toMatchObject({ key, type: 'a/b_test', percentage_included: 8000, experiment_id: created.body.id });

    const got = await api.get<Experiment>(`/v2/experiments/${created.body.id}`);
    expectContract('optimizely', 'getExperiment', got, 200);
    expect(got.body).toEqual(created.body);
  });

  it('creates an experiment on an existing flag, in a named environment', async () => {
    const flag = await buildFlag(api, project.id, { variations: [{ key: 'on' }, { key: 'red' }] });
    const created = await api.post<Experiment>('/v2/experiments', {
      project_id: project.id,
      name: 'Red or on',
      flag_key: flag.key,
      environment_key: 'development',
      variations: [{ key: 'on', weight: 2500 }, { key: 'red', weight: 7500 }],
    });
    expectContract('optimizely', 'createExperiment', created, 201);
    expect(created.body).toMatchObject({ flag_key: flag.key, environment_key: 'development', key: 'red-or-on' });
    const dev = ok(await api.get<Ruleset>(`/flags/v1/projects/${project.id}/flags/${flag.key}/environments/development/ruleset`));
    expect(dev.rules.map((r) => r.experiment_id)).toEqual([created.body.id]);
    expectError(await api.post('/v2/experiments', { project_id: project.id, name: 'x', environment_key: 'staging' }), 400, 'environment_key');
  });

  it('rejects incomplete or invalid experiments with a 400 naming the field, writing nothing', async () => {
    expectError(await api.post('/v2/experiments', { name: 'No project' }), 400, 'project_id');
    expectError(await api.post('/v2/experiments', { project_id: project.id }), 400, 'name');
    expectError(await api.post('/v2/experiments', { project_id: project.id, name: 'x', status: 'paused' }), 400, 'status');
    expectError(await api.post('/v2/experiments', { project_id: project.id, name: 'x', status: 'sleeping' }), 400, 'body.status');
    expectError(await api.post('/v2/experiments', { project_id: 999999, name: 'x' }), 404, '999999');
    const key = uniqueKey('bad');
    const weights = await api.post('/v2/experiments', { project_id: project.id, name: 'x', key, variations: [{ key: 'a', weight: 5000 }, { key: 'b', weight: 4000 }] });
    expectError(weights, 400, 'variations', '10000');
    const unknownEvent = await api.post('/v2/experiments', { project_id: project.id, name: 'x', key, metrics: [metric(purchase.id), metric(987654)] });
    expectError(unknownEvent, 400, 'metrics[1].event_id', '987654');
    const other = await buildProject(api);
    const foreignEvent = await buildEvent(api, other.id);
    expectError(await api.post('/v2/experiments', { project_id: project.id, name: 'x', key, metrics: [metric(foreignEvent.id)] }), 400, 'metrics[0].event_id');
    expectError(await api.post('/v2/experiments', { project_id: project.id, name: 'x', key, metrics: [metric(purchase.id, { aggregator: 'median' })] }), 400, 'body.metrics[0].aggregator');
    // None of these left an experiment or the flag it would have created behind.
    expectError(await api.get(`/flags/v1/projects/${project.id}/flags/${key}`), 404);
    const list = ok(await api.get<Experiment[]>(`/v2/experiments?project_id=${project.id}&per_page=100`));
    expect(list.map((e) => e.key)).not.toContain(key);
  });

  it('lists the experiments of one project', async () => {
    const p = await buildProject(api);
    const a = await buildExperiment(api, p.id, { name: 'Alpha' });
    const b = await buildExperiment(api, p.id, { name: 'Beta' });
    await buildExperiment(api, project.id);
    const list = await api.get<Experiment[]>(`/v2/experiments?project_id=${p.id}`);
    expectContract('optimizely', 'listExperiments', list, 200);
    expect(list.body.map((e) => e.id)).toEqual([a.id, b.id]);
    expectError(await api.get('/v2/experiments'), 400, 'project_id');
  });

  it('updates name, description, traffic and metrics', async () => {
    const e = await buildExperiment(api, project.id);
    const updated = await patch(e.id, {
      name: 'Renamed',
      description: 'now with metrics',
      percentage_included: 5000,
      variations: [{ key: 'control', weight: 3000 }, { key: 'treatment', weight: 7000 }],
      metrics: [metric(revenue.id, { winning_direction: 'decreasing', aggregator: 'count' })],
    });
    expectContract('optimizely', 'updateExperiment', updated, 200);
    expect(updated.body).toMatchObject({ name: 'Renamed', description: 'now with metrics', percentage_included: 5000, version: e.version + 1 });
    expect(updated.body.variations.map((v) => v.weight)).toEqual([3000, 7000]);
    expect(updated.body.metrics).toEqual([metric(revenue.id, { winning_direction: 'decreasing', aggregator: 'count' })]);
    expectError(await patch(e.id, { metrics: [metric(123456789)] }), 400, 'metrics[0].event_id');
    expectError(await patch(e.id, { variations: [{ key: 'control', weight: 3000 }, { key: 'treatment', weight: 3000 }] }), 400, 'variations');
    expectError(await patch(e.id, { flag_key: 'another' }), 400, 'flag_key');
    expectError(await patch(999999, { name: 'x' }), 404, '999999');
    expect(ok(await api.get<Experiment>(`/v2/experiments/${e.id}`))).toEqual(updated.body);
  });

  it('moves along the lifecycle: not_started → active ⇄ paused → archived', async () => {
    const e = await buildExperiment(api, project.id, { metrics: [metric(purchase.id)] });
    expect(e.status).toBe('not_started');
    const started = await patch(e.id, { status: 'active' });
    expectContract('optimizely', 'updateExperiment', started, 200);
    expect(started.body).toMatchObject({ status: 'active' });
    expect((started.body as unknown as { started: string | null }).started).not.toBeNull();
    // Starting switched the delivering ruleset on.
    const rs = ok(await api.get<Ruleset>(`/flags/v1/projects/${project.id}/flags/${e.flag_key}/environments/production/ruleset`));
    expect(rs.enabled).toBe(true);
    expect(ok(await patch(e.id, { status: 'paused' })).status).toBe('paused');
    expect(ok(await patch(e.id, { status: 'active' })).status).toBe('active');
    // Asking for the status it already has changes nothing and is no error.
    expect(ok(await patch(e.id, { status: 'active' })).status).toBe('active');
    expect(ok(await patch(e.id, { status: 'archived' })).status).toBe('archived');
  });

  it('accepts the FAQ words Running, Paused and Archived', async () => {
    const e = await buildExperiment(api, project.id);
    expect(ok(await patch(e.id, { status: 'Running' })).status).toBe('active');
    expect(ok(await patch(e.id, { status: 'Paused' })).status).toBe('paused');
    expect(ok(await patch(e.id, { status: 'Running' })).status).toBe('active');
    expect(ok(await patch(e.id, { status: 'Archived' })).status).toBe('archived');
    const started = await api.post<Experiment>('/v2/experiments', { project_id: project.id, name: uniqueKey('Started'), status: 'Running' });
    expectContract('optimizely', 'createExperiment', started, 201);
    expect(started.body.status).toBe('active');
  });

  it.each([
    ['not_started', [], 'archived'],
    ['active', ['active'], 'archived'],
    ['paused', ['active', 'paused'], 'archived'],
  ])('archives from %s', async (_from, path, to) => {
    const e = await buildExperiment(api, project.id);
    for (const status of path) ok(await patch(e.id, { status }));
    expect(ok(await patch(e.id, { status: to })).status).toBe('archived');
  });

  it.each([
    [[], 'paused', 'not_started'],
    [['active'], 'not_started', 'active'],
    [['active', 'paused'], 'not_started', 'paused'],
    [['archived'], 'active', 'archived'],
    [['active', 'archived'], 'paused', 'archived'],
    [['archived'], 'not_started', 'archived'],
  ])('after %j refuses %s with a 400 naming the current status %s', async (path, to, current) => {
    const e = await buildExperiment(api, project.id);
    for (const status of path) ok(await patch(e.id, { status }));
    const before = ok(await api.get<Experiment>(`/v2/experiments/${e.id}`));
    const res = await patch(e.id, { status: to, name: 'should not stick' });
    const error = expectError(res, 400, 'status');
    expect(error.code).toBe('illegal_transition');
    expect(error.message).toContain(`status is ${current}`);
    expect(error.message).toContain(to);
    expect(ok(await api.get<Experiment>(`/v2/experiments/${e.id}`))).toEqual(before);
  });

  it('needs two variations whose weights sum to 10000 to start', async () => {
    const flag = await buildFlag(api, project.id);
    const single = await buildExperiment(api, project.id, { flag_key: flag.key, variations: [{ key: 'on', weight: 10000 }] });
    expectError(await patch(single.id, { status: 'active' }), 400, 'variations');
    expect(ok(await api.get<Experiment>(`/v2/experiments/${single.id}`)).status).toBe('not_started');
  });

  it('freezes variation keys once started, but lets weights and traffic change', async () => {
    const e = await buildExperiment(api, project.id);
    ok(await patch(e.id, { variations: [{ key: 'control', weight: 5000 }, { key: 'treatment', weight: 5000 }] }));
    ok(await patch(e.id, { status: 'active' }));
    const changedKeys = await patch(e.id, { variations: [{ key: 'control', weight: 5000 }, { key: 'other', weight: 5000 }] });
    expectError(changedKeys, 400, 'variations', 'cannot change');
    const dropped = await patch(e.id, { variations: [{ key: 'control', weight: 10000 }] });
    expectError(dropped, 400, 'variations');
    const reweighted = ok(await patch(e.id, { variations: [{ key: 'control', weight: 2000 }, { key: 'treatment', weight: 8000 }], percentage_included: 100 }));
    expect(reweighted.variations.map((v) => [v.key, v.weight])).toEqual([['control', 2000], ['treatment', 8000]]);
    // The same holds for the rule in the ruleset.
    const rulesetPath = `/flags/v1/projects/${project.id}/flags/${e.flag_key}/environments/production/ruleset`;
    const viaRuleset = await api.patch(rulesetPath, {
      rules: [{ key: e.key, type: 'a/b_test', variations: [{ variation_key: 'control', weight: 5000 }, { variation_key: 'off', weight: 5000 }] }],
    });
    expectError(viaRuleset, 400, 'rules[0].variations', 'cannot change');
  });

  it('deletes an experiment: one that never ran is gone, one that ran is archived', async () => {
    const fresh = await buildExperiment(api, project.id);
    const deleted = await api.delete(`/v2/experiments/${fresh.id}`);
    expectContract('optimizely', 'deleteExperiment', deleted, 204);
    expectError(await api.get(`/v2/experiments/${fresh.id}`), 404, String(fresh.id));
    expectError(await api.delete(`/v2/experiments/${fresh.id}`), 404);
    const rs = ok(await api.get<Ruleset>(`/flags/v1/projects/${project.id}/flags/${fresh.flag_key}/environments/production/ruleset`));
    expect(rs.rules).toEqual([]);

    const ran = await buildExperiment(api, project.id);
    ok(await patch(ran.id, { status: 'active' }));
    expect((await api.delete(`/v2/experiments/${ran.id}`)).status).toBe(204);
    expect(ok(await api.get<Experiment>(`/v2/experiments/${ran.id}`)).status).toBe('archived');
  });
});
