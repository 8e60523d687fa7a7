/** The variants sub-resource: exactly one control, weights, web fields, frozen once started. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';
import { projectWithSettings, startable, type ErrorBody, type Experiment, type Settings, type Variant } from './helpers.js';

describe.each(databases)('Ours variants on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let settings: Settings;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    settings = await projectWithSettings(api, 'Variants');
  });
  afterAll(async () => server.close());

  it('adds, changes and removes variants, keeping exactly one control', async () => {
    const { body: e } = await api.post<Experiment>('/rest/v1/experiments', startable(settings.id, 'Three ways'));
    const [control, treatment] = e.variants as [Variant, Variant];
    const added = await api.post<Variant>(`/rest/v1/experiments/${e.id}/variants`, {
      name: 'Redirect', weight: 20, redirectUrl: 'https://example.com/pricing-v2',
    });
    expect(added.status, added.text).toBe(201);
    expect(added.body).toMatchObject({ name: 'Redirect', weight: 20, isControl: false, variantType: 'redirect', redirectUrl: 'https://example.com/pricing-v2', experimentId: e.id });
    // 50 + 50 + 20: a draft may be incomplete, but it cannot start that way.
    const early = await api.post<ErrorBody>(`/rest/v1/experiments/${e.id}/start`, {});
    expect(early.status).toBe(400);
    expect(early.body.details).toContain('sum to 120');
    expect((await api.patch(`/rest/v1/experiments/${e.id}/variants/${control.id}`, { weight: 40 })).status).toBe(200);
    const t = await api.patch<Variant>(`/rest/v1/experiments/${e.id}/variants/${treatment.id}`, {
      weight: 40, domModifications: [{ selector: 'h1.hero-title', action: 'customCss', styles: [{ property: 'background-color', value: '#10B981' }] }],
    });
    expect(t.body.domModifications).toHaveLength(1);

    const unControl = await api.patch<ErrorBody>(`/rest/v1/experiments/${e.id}/variants/${control.id}`, { isControl: false });
    expect(unControl.status).toBe(400);
    const deleteControl = await api.delete<ErrorBody>(`/rest/v1/experiments/${e.id}/variants/${control.id}`);
    expect(deleteControl.status).toBe(400);
    const switched = await api.patch<Variant>(`/rest/v1/experiments/${e.id}/variants/${treatment.id}`, { isControl: true });
    expect(switched.body.isControl).toBe(true);
    const list = await api.get<{ entities: Variant[] }>(`/rest/v1/experiments/${e.id}/variants`);
    expect(list.body.entities.map((v) => [v.name, v.isControl, v.weight])).toEqual([['Control', false, 40], ['Treatment', true, 40], ['Redirect', false, 20]]);

    const badSelector = await api.patch<ErrorBody>(`/rest/v1/experiments/${e.id}/variants/${control.id}`, { domModifications: [{ selector: 'div[', action: 'hide' }] });
    expect(badSelector.status).toBe(400);
    const badUrl = await api.post<ErrorBody>(`/rest/v1/experiments/${e.id}/variants`, { name: 'X', weight: 0, redirectUrl: 'javascript:alert(1)' });
    expect(badUrl.status).toBe(400);

    const started = await api.post(`/rest/v1/experiments/${e.id}/start`, {});
    expectContract('ours', 'startExperiment', started, 200);
    // The rule carries the weights ×100 in basis points, keyed by the variant ids.
    const rules = await api.get<{ key: string; variations: { key: string; weight: number }[] }[]>(`/v2/experiments?project_id=${settings.projectId}`);
    const served = rules.body.find((r) => r.key === e.key)?.variations.map((v) => [v.key, v.weight]);
    expect(served).toEqual(list.body.entities.map((v) => [v.id, v.weight * 100]));
    const frozen = await api.post<ErrorBody>(`/rest/v1/experiments/${e.id}/variants`, { name: 'Late', weight: 0 });
    expect(frozen.status).toBe(400);
    expect(frozen.body.details).toContain('started');
    const removed = await api.delete<ErrorBody>(`/rest/v1/experiments/${e.id}/variants/${added.body.id}`);
    expect(removed.status).toBe(400);
    const reweigh = await api.patch<ErrorBody>(`/rest/v1/experiments/${e.id}/variants/${added.body.id}`, { weight: 30 });
    expect(reweigh.status).toBe(400);
  });

  it('deletes a variant of a draft and 404s an unknown one', async () => {
    const { body: e } = await api.post<Experiment>('/rest/v1/experiments', startable(settings.id, 'Two ways'));
    const b = e.variants?.[1] as Variant;
    const gone = await api.delete(`/rest/v1/experiments/${e.id}/variants/${b.id}`);
    expect(gone.status).toBe(200);
    expect(gone.body).toBe(true);
    const got = await api.get<Experiment>(`/rest/v1/experiments/${e.id}`);
    expect(got.body.variants?.map((v) => v.name)).toEqual(['Control']);
    expect((await api.patch(`/rest/v1/experiments/${e.id}/variants/${b.id}`, { weight: 1 })).status).toBe(404);
  });
});
