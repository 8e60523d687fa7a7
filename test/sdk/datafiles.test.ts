/** Serving datafiles: the v4 shape (reference §2.9), validators and 304s, secure mode, CORS, revisions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { buildCompatProject, type CompatProject } from './compat-project.js';

interface Rule { id: string; key: string; status: string; layerId: string; audienceIds: string[]; audienceConditions: unknown; variations: { id: string; key: string; featureEnabled: boolean; variables: unknown[] }[]; trafficAllocation: { entityId: string; endOfRange: number }[]; forcedVariations: Record<string, string> }
interface Datafile {
  version: string; accountId: string; projectId: string; revision: string; sdkKey: string; environmentKey: string;
  attributes: { id: string; key: string }[]; audiences: { id: string; conditions: string }[]; typedAudiences: { id: string; conditions: unknown }[];
  events: { id: string; key: string; experimentIds: string[] }[]; experiments: Rule[]; groups: { id: string; policy: string; trafficAllocation: { entityId: string; endOfRange: number }[]; experiments: Rule[] }[];
  featureFlags: { id: string; key: string; rolloutId: string; experimentIds: string[]; variables: { type: string; subType?: string }[] }[];
  rollouts: { id: string; experiments: Rule[] }[]; integrations: unknown[]; holdouts: (Rule & { includedRules?: string[] })[]; localHoldouts: (Rule & { includedRules: string[] })[];
  anonymizeIP: boolean; botFiltering: boolean; sendFlagDecisions: boolean;
}

describe.each(databases)('datafiles on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let project: CompatProject;
  const path = () => `/datafiles/${project.sdkKey}.json`;
  const get = (headers: Record<string, string> = {}, p = path()) => api.request<Datafile>('GET', p, { token: null, headers });

  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    project = await buildCompatProject(api);
  });
  afterAll(async () => server?.close());

  it('follows the datafile writer rules: every array, string ids, typed and placeholder audiences, everyone-else rules', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const d = res.body;
    expect(d.version).toBe('4');
    for (const key of ['accountId', 'projectId', 'revision', 'sdkKey', 'environmentKey']) expect(typeof d[key as keyof Datafile], key).toBe('string');
    for (const key of ['attributes', 'audiences', 'typedAudiences', 'events', 'experiments', 'groups', 'featureFlags', 'rollouts', 'integrations', 'holdouts', 'localHoldouts']) expect(Array.isArray(d[key as keyof Datafile]), key).toBe(true);
    expect([typeof d.anonymizeIP, typeof d.botFiltering, typeof d.sendFlagDecisions]).toEqual(['boolean', 'boolean', 'boolean']);
    expect(d.sdkKey).toBe(project.sdkKey);
    expect(d.environmentKey).toBe('production');
    expect(d.typedAudiences.map((a) => a.id)).toEqual(d.audiences.map((a) => a.id));
    for (const a of d.audiences) expect(JSON.parse(a.conditions)).toEqual(['or', { match: 'exact', name: '$opt_dummy_attribute', type: 'custom_attribute', value: '$opt_dummy_value' }]);
    const rules = [...d.experiments, ...d.groups.flatMap((g) => g.experiments), ...d.rollouts.flatMap((r) => r.experiments)];
    for (const rule of rules) {
      for (const key of ['id', 'key', 'status', 'layerId', 'audienceIds', 'audienceConditions', 'variations', 'trafficAllocation', 'forcedVariations']) expect(rule, `${rule.key}.${key}`).toHaveProperty(key);
      for (const v of rule.variations) expect(v.id).toMatch(/^\d+$/);
    }
    for (const flag of d.featureFlags) {
      const rollout = d.rollouts.find((r) => r.id === flag.rolloutId);
      const last = rollout?.experiments.at(-1);
      expect(last?.key).toBe(`default-rollout-${flag.id}-${d.projectId}`);
      expect(last?.trafficAllocation).toEqual([{ entityId: last?.variations[0]?.id, endOfRange: 10000 }]);
      for (const id of flag.experimentIds) expect(rules.some((r) => r.id === id)).toBe(true);
    }
    // The A/B test on 80 % of traffic: 50/50 of 8000 buckets, the rest to nobody.
    const ab = d.experiments.find((r) => r.key === 'checkout_ab');
    expect(ab?.status).toBe('Running');
    expect(ab?.layerId).toBe(ab?.id);
    expect(ab?.trafficAllocation.map((t) => t.endOfRange)).toEqual([4000, 8000]);
    expect(ab?.forcedVariations).toEqual({ qa_user: 'treatment', 'user-7': 'control' });
    expect(d.featureFlags.find((f) => f.key === 'checkout_redesign')?.variables.find((v) => v.subType === 'json')?.type).toBe('string');
    expect(d.events.find((e) => e.key === 'purchase')?.experimentIds).toEqual([ab?.id]);
    // The group: its experiments are not repeated at the top level; the shares leave 20 % to nobody.
    expect(d.groups).toHaveLength(1);
    const group = d.groups[0];
    expect(group?.policy).toBe('random');
    expect(group?.experiments.map((r) => r.key)).toEqual(['pricing_ab', 'search_ab']);
    expect(group?.trafficAllocation.map((t) => t.endOfRange)).toEqual([4000, 8000]);
    expect(d.experiments.map((r) => r.key)).not.toContain('pricing_ab');
    // The paused experiment and the disabled ruleset.
    expect(rules.find((r) => r.key === 'onboarding_ab')?.status).toBe('Paused');
    expect(rules.find((r) => r.key === 'legacy_everyone')).toBeUndefined();
    const legacy = d.featureFlags.find((f) => f.key === 'legacy_banner');
    expect(d.rollouts.find((r) => r.id === legacy?.rolloutId)?.experiments.map((r) => r.variations[0]?.key)).toEqual(['off']);
    // Holdouts: the environment's, and the one of nav_mvt only.
    expect(d.holdouts.map((h) => [h.key, h.status, h.trafficAllocation[0]?.endOfRange, h.variations[0]?.featureEnabled])).toEqual([['global_holdout', 'Running', 500, false]]);
    expect(d.localHoldouts.map((h) => [h.key, h.includedRules])).toEqual([['nav_holdout', [String(project.experiments.get('nav_mvt'))]]]);
  });

  it('answers 304 to If-None-Match and If-Modified-Since, and 200 once the revision changes', async () => {
    const first = await get();
    const etag = first.headers.get('etag') as string;
    const lastModified = first.headers.get('last-modified') as string;
    expect(etag).toMatch(/^"\d+-/);
    expect(new Date(lastModified).toUTCString()).toBe(lastModified);
    expect((await get({ 'if-none-match': etag })).status).toBe(304);
    expect((await get({ 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get({ 'if-none-match': '"other"', 'if-modified-since': lastModified })).status).toBe(200);
    // Two changes within one second still give two distinct publish times.
    for (const percentage of [1000, 2000]) {
      const res = await api.patch(`/flags/v1/projects/${project.projectId}/flags/dark_mode/environments/production/ruleset`, { rules: [{ key: 'dark_mode_rollout', type: 'targeted_delivery', percentage_included: percentage, variations: [{ variation_key: 'on' }] }] });
      expect(res.status).toBe(200);
    }
    const changed = await get({ 'if-modified-since': lastModified, 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(Number(changed.body.revision)).toBe(Number(first.body.revision) + 2);
    expect(Date.parse(changed.headers.get('last-modified') as string)).toBeGreaterThanOrEqual(Date.parse(lastModified) + 2000);
    expect(changed.body.rollouts.flatMap((r) => r.experiments).find((r) => r.key === 'dark_mode_rollout')?.trafficAllocation).toEqual([{ entityId: expect.any(String) as string, endOfRange: 2000 }]);
  });

  it('serves the same datafile at the authenticated path, 404 for an unknown key', async () => {
    const plain = await get();
    const auth = await get({}, `/datafiles/auth/${project.sdkKey}.json`);
    expect(auth.status).toBe(200);
    expect(auth.text).toBe(plain.text);
    const missing = await get({}, '/datafiles/NoSuchKey123.json');
    expect(missing.status).toBe(404);
    expect((missing.body as unknown as { code: string }).code).toBe('not_found');
  });

  it('answers CORS preflights and carries Access-Control-Allow-Origin', async () => {
    const preflight = await api.request('OPTIONS', path(), { token: null, headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-modified-since, authorization' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('if-modified-since');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');
    const res = await get({ origin: 'https://app.example.com' });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const ofrep = await api.request('OPTIONS', '/ofrep/v1/evaluate/flags/dark_mode', { token: null, headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
    expect(ofrep.status).toBe(204);
  });

  it('carries validators, caching, CORS and a request id on 200, 304, HEAD and errors; HEAD has no body', async () => {
    const ok = await get();
    const notModified = await get({ 'if-none-match': ok.headers.get('etag') as string });
    const head = await api.request('HEAD', path(), { token: null });
    const missing = await get({}, '/datafiles/NoSuchKey123.json');
    for (const res of [ok, notModified, head, missing]) {
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
    for (const res of [ok, notModified, head]) {
      expect(res.headers.get('etag')).toBe(ok.headers.get('etag'));
      expect(res.headers.get('last-modified')).toBe(ok.headers.get('last-modified'));
      expect(res.headers.get('cache-control')).toBe('public, no-cache');
      expect(res.headers.get('access-control-expose-headers')).toBe('etag, last-modified');
    }
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(Number(ok.headers.get('content-length'))).toBe(Buffer.byteLength(ok.text));
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(ok.headers.get('content-length'));
    expect(head.text).toBe('');
    expect(notModified.text).toBe('');
    expect(notModified.headers.get('content-length')).toBeNull();
    expect(new Set([ok, notModified, head, missing].map((r) => r.headers.get('x-request-id'))).size).toBe(4);
  });

  it('raises the revision of the changed environment only', async () => {
    const envs = await api.get<{ key: string; sdk_key: string }[]>(`/v2/environments?project_id=${project.projectId}`);
    const dev = envs.body.find((e) => e.key === 'development');
    const devBefore = await get({}, `/datafiles/${dev?.sdk_key}.json`);
    const prodBefore = await get();
    await api.post(`/flags/v1/projects/${project.projectId}/flags/dark_mode/environments/development/ruleset/enabled`);
    expect(Number((await get({}, `/datafiles/${dev?.sdk_key}.json`)).body.revision)).toBe(Number(devBefore.body.revision) + 1);
    expect((await get()).body.revision).toBe(prodBefore.body.revision);
    // A project-wide change (an audience) raises both.
    const audiences = await api.get<{ id: number }[]>(`/v2/audiences?project_id=${project.projectId}`);
    await api.patch(`/v2/audiences/${audiences.body[0]?.id}`, { description: 'touched' });
    expect(Number((await get()).body.revision)).toBe(Number(prodBefore.body.revision) + 1);
  });
});
