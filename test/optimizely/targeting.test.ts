/**
 * Audiences (Optimizely condition trees), attributes and conversion events. Audiences and the
 * attribute list are in the contract; attribute create/update and events are not, so their
 * shapes are asserted here directly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';
import { buildProject, expectError, ok, uniqueKey, type Attribute, type Audience, type EventDef, type Project } from '../helpers/factories.js';

const leaf = (name: string, match: string | undefined, value: unknown) => ({ type: 'custom_attribute', name, ...(match ? { match } : {}), ...(value === undefined ? {} : { value }) });

const validTrees: [string, unknown][] = [
  ['exact string', ['and', leaf('plan', 'exact', 'pro')]],
  ['exact without match (defaults to exact)', ['or', leaf('country', undefined, 'DE')]],
  ['exact number and boolean', ['and', leaf('age', 'exact', 42), leaf('beta', 'exact', true)]],
  ['exists', ['and', leaf('email', 'exists', undefined)]],
  ['substring', ['and', leaf('url', 'substring', '/checkout')]],
  ['gt ge lt le', ['and', leaf('n', 'gt', 1), leaf('n', 'ge', 1.5), leaf('n', 'lt', 10), leaf('n', 'le', -2)]],
  ['semver', ['or', leaf('v', 'semver_eq', '1.2.3'), leaf('v', 'semver_gt', '1.0'), leaf('v', 'semver_ge', '2'), leaf('v', 'semver_lt', '3.0.0-beta'), leaf('v', 'semver_le', '4.1')]],
  ['nested and/or/not', ['and', ['or', leaf('a', 'exact', 'x'), ['not', leaf('b', 'exists', undefined)]], ['not', ['and', leaf('c', 'lt', 3)]]]],
  ['a single leaf', leaf('plan', 'exact', 'pro')],
];

const invalidTrees: [string, string, string][] = [
  ['not JSON', '["and", {"type": "custom_attribute"', 'is not valid JSON'],
  ['unknown operator', JSON.stringify(['xor', leaf('a', 'exact', 1)]), '"and", "or" or "not"'],
  ['unknown match type', JSON.stringify(['and', leaf('a', 'exact', 1), leaf('b', 'regex', 'x')]), 'conditions[2].match'],
  ['unknown leaf type', JSON.stringify(['and', { type: 'cookie', name: 'a', value: 'b' }]), 'conditions[1].type'],
  ['leaf without name', JSON.stringify(['and', { type: 'custom_attribute', match: 'exists' }]), 'conditions[1].name'],
  ['numeric match with a string', JSON.stringify(['and', leaf('n', 'gt', '5')]), 'conditions[1].value'],
  ['substring with a number', JSON.stringify(['and', leaf('u', 'substring', 5)]), 'conditions[1].value'],
  ['semver with spaces', JSON.stringify(['and', leaf('v', 'semver_eq', '1. 2')]), 'conditions[1].value'],
  ['not with two children', JSON.stringify(['not', leaf('a', 'exists', undefined), leaf('b', 'exists', undefined)]), 'conditions'],
  ['a bare number', '42', 'conditions'],
];

describe.each(databases)('Optimizely targeting on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let project: Project;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    project = await buildProject(api);
  });
  afterAll(async () => server.close());

  describe('audiences', () => {
    it('creates, reads, updates and lists audiences', async () => {
      const conditions = JSON.stringify(['and', leaf('plan', 'exact', 'pro')]);
      const created = await api.post<Audience>('/v2/audiences', { project_id: project.id, name: 'Pro users', description: 'paying', conditions });
      expectContract('optimizely', 'createAudience', created, 201);
      expect(created.body).toMatchObject({ project_id: project.id, name: 'Pro users', description: 'paying', conditions, archived: false, version: 1 });
      const got = await api.get<Audience>(`/v2/audiences/${created.body.id}`);
      expectContract('optimizely', 'getAudience', got, 200);
      expect(got.body).toEqual(created.body);
      const next = JSON.stringify(['or', leaf('plan', 'exact', 'pro'), leaf('plan', 'exact', 'team')]);
      const updated = await api.patch<Audience>(`/v2/audiences/${created.body.id}`, { name: 'Paying', conditions: next });
      expectContract('optimizely', 'updateAudience', updated, 200);
      expect(updated.body).toMatchObject({ name: 'Paying', description: 'paying', conditions: next, version: 2 });
      const list = await api.get<Audience[]>(`/v2/audiences?project_id=${project.id}`);
      expectContract('optimizely', 'listAudiences', list, 200);
      expect(list.body.find((a) => a.id === created.body.id)).toEqual(updated.body);
      const noConditions = ok(await api.post<Audience>('/v2/audiences', { project_id: project.id, name: 'Everyone' }), 201);
      expect(JSON.parse(noConditions.conditions)).toEqual(['and']);
    });

    it.each(validTrees)('accepts conditions: %s', async (_label, tree) => {
      const created = await api.post<Audience>('/v2/audiences', { project_id: project.id, name: uniqueKey('valid'), conditions: JSON.stringify(tree) });
      expectContract('optimizely', 'createAudience', created, 201);
      expect(JSON.parse(created.body.conditions)).toEqual(tree);
    });

    it.each(invalidTrees)('rejects conditions (%s) with a 400 naming the field', async (_label, conditions, mention) => {
      const name = uniqueKey('invalid');
      const res = await api.post('/v2/audiences', { project_id: project.id, name, conditions });
      expect(expectError(res, 400, mention).code).toBe('invalid');
      const list = ok(await api.get<Audience[]>(`/v2/audiences?project_id=${project.id}&per_page=100`));
      expect(list.map((a) => a.name)).not.toContain(name);
    });

    it('rejects invalid conditions on update and keeps the stored ones', async () => {
      const a = ok(await api.post<Audience>('/v2/audiences', { project_id: project.id, name: uniqueKey('keep'), conditions: '["and"]' }), 201);
      expectError(await api.patch(`/v2/audiences/${a.id}`, { conditions: JSON.stringify(['and', leaf('x', 'fuzzy', 1)]) }), 400, 'conditions[1].match', 'fuzzy');
      expectError(await api.patch(`/v2/audiences/${a.id}`, { conditions: '{' }), 400, 'conditions', 'JSON');
      expectError(await api.patch(`/v2/audiences/${a.id}`, { conditions: ['and'] }), 400, 'body.conditions');
      expect(ok(await api.get<Audience>(`/v2/audiences/${a.id}`))).toEqual(a);
    });

    it('requires a project and a name, and 404s unknown ids', async () => {
      expectError(await api.post('/v2/audiences', { name: 'x' }), 400, 'project_id');
      expectError(await api.post('/v2/audiences', { project_id: project.id }), 400, 'name');
      expectError(await api.post('/v2/audiences', { project_id: 999999, name: 'x' }), 404, '999999');
      expectError(await api.get('/v2/audiences/999999'), 404, '999999');
      expectError(await api.patch('/v2/audiences/999999', { name: 'x' }), 404, '999999');
    });
  });

  describe('attributes', () => {
    it('creates, reads, updates and lists attributes', async () => {
      const created = await api.post<Attribute>('/v2/attributes', { project_id: project.id, key: 'plan', name: 'Plan', description: 'billing plan' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ project_id: project.id, key: 'plan', name: 'Plan', description: 'billing plan', condition_type: 'custom_attribute', archived: false, version: 1 });
      expect(typeof created.body.id).toBe('number');
      const got = ok(await api.get<Attribute>(`/v2/attributes/${created.body.id}`));
      expect(got).toEqual(created.body);
      const updated = ok(await api.patch<Attribute>(`/v2/attributes/${created.body.id}`, { name: 'Billing plan', archived: true }));
      expect(updated).toMatchObject({ key: 'plan', name: 'Billing plan', archived: true, version: 2 });
      ok(await api.post('/v2/attributes', { project_id: project.id, key: 'country' }), 201);
      const list = await api.get<Attribute[]>(`/v2/attributes?project_id=${project.id}`);
      expectContract('optimizely', 'listAttributes', list, 200);
      expect(list.body.map((a) => a.key)).toEqual(['plan', 'country']);
      expect(list.body[0]).toEqual(updated);
    });

    it('keeps attribute keys unique per project and rejects reserved or missing keys', async () => {
      const key = uniqueKey('attr');
      ok(await api.post('/v2/attributes', { project_id: project.id, key }), 201);
      expectError(await api.post('/v2/attributes', { project_id: project.id, key }), 409, key);
      const other = await buildProject(api);
      ok(await api.post('/v2/attributes', { project_id: other.id, key }), 201);
      expectError(await api.post('/v2/attributes', { project_id: project.id, key: '$opt_user_agent' }), 400, 'key');
      expectError(await api.post('/v2/attributes', { project_id: project.id }), 400, 'key');
      const second = ok(await api.post<Attribute>('/v2/attributes', { project_id: project.id, key: uniqueKey('attr') }), 201);
      expectError(await api.patch(`/v2/attributes/${second.id}`, { key }), 409, key);
      expectError(await api.get('/v2/attributes/999999'), 404);
    });
  });

  describe('events', () => {
    it('creates, reads, updates and lists conversion events', async () => {
      const p = await buildProject(api);
      const created = await api.post<EventDef>('/v2/events', { project_id: p.id, key: 'purchase', name: 'Purchase', event_type: 'custom', category: 'purchase' });
      expect(created.status).toBe(201);
      expect(created.headers.get('etag')).toBe('"1"');
      expect(created.body).toMatchObject({ project_id: p.id, key: 'purchase', name: 'Purchase', description: '', event_type: 'custom', category: 'purchase', archived: false, version: 1 });
      const got = ok(await api.get<EventDef>(`/v2/events/${created.body.id}`));
      expect(got).toEqual(created.body);
      const updated = ok(await api.patch<EventDef>(`/v2/events/${created.body.id}`, { description: 'completed checkout', key: 'order' }));
      expect(updated).toMatchObject({ key: 'order', description: 'completed checkout', version: 2 });
      ok(await api.post('/v2/events', { project_id: p.id, key: 'signup' }), 201);
      const list = ok(await api.get<EventDef[]>(`/v2/events?project_id=${p.id}`));
      expect(list.map((e) => e.key)).toEqual(['order', 'signup']);
      expect(list[0]).toEqual(updated);
    });

    it('validates events: unique keys, known types, a project', async () => {
      const key = uniqueKey('ev');
      ok(await api.post('/v2/events', { project_id: project.id, key }), 201);
      expectError(await api.post('/v2/events', { project_id: project.id, key }), 409, key);
      expectError(await api.post('/v2/events', { project_id: project.id, key: uniqueKey('ev'), event_type: 'scroll' }), 400, 'body.event_type');
      expectError(await api.post('/v2/events', { project_id: project.id, key: 'bad key!' }), 400, 'key');
      expectError(await api.post('/v2/events', { key: uniqueKey('ev') }), 400, 'project_id');
      expectError(await api.get('/v2/events/999999'), 404, '999999');
      expectError(await api.get(`/v2/events?project_id=${project.id}&per_page=101`), 400, 'per_page');
    });
  });
});
