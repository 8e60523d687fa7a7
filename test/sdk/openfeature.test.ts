/**
 * OpenFeature against the running server: the real `@openfeature/server-sdk` with the OFREP
 * provider (0.1.3) gets the engine's values for boolean and object flags; the bulk endpoint
 * answers with an ETag and 304s; errors use the OFREP codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenFeature, type Client as OpenFeatureClient } from '@openfeature/server-sdk';
import { OFREPProvider } from '@openfeature/ofrep-provider';
import { compileDatafile, decide, type DecisionConfig } from '../../src/decide/index.js';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { buildCompatProject, testUsers, type CompatProject } from './compat-project.js';

interface Evaluation { key: string; value: unknown; reason: string; variant?: string; metadata: Record<string, unknown> }
interface Failure { key?: string; errorCode: string; errorDetails?: string }

describe.each(databases)('OpenFeature (OFREP) on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let project: CompatProject;
  let config: DecisionConfig;
  let openFeature: OpenFeatureClient;

  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    project = await buildCompatProject(api, `OFREP ${engine}`);
    config = compileDatafile((await api.request('GET', `/datafiles/${project.sdkKey}.json`, { token: null })).text);
    await OpenFeature.setProviderAndWait(`fieldtest-${engine}`, new OFREPProvider({ baseUrl: server.url, headers: { Authorization: `Bearer ${project.sdkKey}` } }));
    openFeature = OpenFeature.getClient(`fieldtest-${engine}`);
  });
  afterAll(async () => {
    await OpenFeature.clearProviders();
    await server?.close();
  });

  it('gives the engine\'s values to the server SDK for boolean and object flags', async () => {
    const users = testUsers(150, 11);
    let checked = 0;
    const check = async (user: (typeof users)[number]) => {
      const context = { targetingKey: user.id, ...user.attributes } as Record<string, string>;
      for (const flagKey of ['dark_mode', 'pricing_banner', 'legacy_banner']) {
        const ours = decide(config, { userId: user.id, attributes: user.attributes }, flagKey);
        const details = await openFeature.getBooleanDetails(flagKey, !ours.enabled, context);
        expect(details.errorCode, `${flagKey} ${user.id}`).toBeUndefined();
        expect([details.value, details.variant, details.flagMetadata.ruleKey]).toEqual([ours.enabled, ours.variationKey, ours.ruleKey]);
        checked++;
      }
      for (const flagKey of ['checkout_redesign', 'search_ranking', 'new_nav']) {
        const ours = decide(config, { userId: user.id, attributes: user.attributes }, flagKey);
        const details = await openFeature.getObjectDetails(flagKey, {}, context);
        expect(details.errorCode).toBeUndefined();
        expect(details.value).toEqual(ours.variables);
        expect(details.flagMetadata).toMatchObject({ flagKey, enabled: ours.enabled, variationKey: ours.variationKey ?? undefined });
        checked++;
      }
    };
    // Users in parallel batches (the provider is stateless per call), flags in order per user.
    for (let i = 0; i < users.length; i += 15) await Promise.all(users.slice(i, i + 15).map(check));
    expect(checked).toBe(900);
  });

  it('reports reasons and the OFREP error codes through the provider', async () => {
    const disabled = await openFeature.getBooleanDetails('legacy_banner', true, { targetingKey: 'user-1' });
    expect([disabled.value, disabled.reason]).toEqual([false, 'DISABLED']);
    const fixed = await openFeature.getObjectDetails('kill_switch', {}, { targetingKey: 'user-1' });
    expect([fixed.value, fixed.reason]).toEqual([{ mode: 'safe' }, 'STATIC']);
    const split = await openFeature.getBooleanDetails('pricing_banner', false, { targetingKey: 'user-2' });
    expect(['SPLIT', 'DEFAULT']).toContain(split.reason);
    const missing = await openFeature.getBooleanDetails('no_such_flag', true, { targetingKey: 'user-1' });
    expect([missing.value, missing.errorCode]).toEqual([true, 'FLAG_NOT_FOUND']);
    const noKey = await openFeature.getBooleanDetails('dark_mode', true, {});
    expect(noKey.errorCode).toBe('TARGETING_KEY_MISSING');
    const mismatch = await openFeature.getStringDetails('dark_mode', 'x', { targetingKey: 'user-1' });
    expect(mismatch.errorCode).toBe('TYPE_MISMATCH');
  });

  it('answers the protocol\'s status codes', async () => {
    const post = (path: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${project.sdkKey}` }) =>
      api.request<Failure>('POST', path, { token: null, headers, rawBody: typeof body === 'string' ? body : JSON.stringify(body), ...(typeof body === 'string' ? {} : {}) });
    expect((await post('/ofrep/v1/evaluate/flags/dark_mode', { context: { targetingKey: 'u' } }, {})).status).toBe(401);
    expect((await post('/ofrep/v1/evaluate/flags/dark_mode', { context: { targetingKey: 'u' } }, { authorization: 'Bearer wrong' })).status).toBe(401);
    const byApiKey = await api.request<Evaluation>('POST', '/ofrep/v1/evaluate/flags/dark_mode', { token: null, headers: { 'x-api-key': project.sdkKey }, body: { context: { targetingKey: 'u' } } });
    expect(byApiKey.status).toBe(200);
    expect(typeof byApiKey.body.value).toBe('boolean');
    const notFound = await post('/ofrep/v1/evaluate/flags/nope', { context: { targetingKey: 'u' } });
    expect([notFound.status, notFound.body.key, notFound.body.errorCode]).toEqual([404, 'nope', 'FLAG_NOT_FOUND']);
    const parse = await post('/ofrep/v1/evaluate/flags/dark_mode', '{"context": ');
    expect([parse.status, parse.body.errorCode]).toEqual([400, 'PARSE_ERROR']);
    const invalid = await post('/ofrep/v1/evaluate/flags/dark_mode', { context: 'user-1' });
    expect([invalid.status, invalid.body.errorCode]).toEqual([400, 'INVALID_CONTEXT']);
    const numeric = await post('/ofrep/v1/evaluate/flags/dark_mode', { context: { targetingKey: 42 } });
    expect(numeric.body.errorCode).toBe('INVALID_CONTEXT');
    const missingKey = await post('/ofrep/v1/evaluate/flags/dark_mode', { context: { country: 'US' } });
    expect([missingKey.status, missingKey.body.errorCode]).toEqual([400, 'TARGETING_KEY_MISSING']);
  });

  it('evaluates every flag in bulk, with an ETag over the datafile and the context', async () => {
    const bulk = (context: Record<string, unknown>, headers: Record<string, string> = {}) =>
      api.request<{ flags: Evaluation[] }>('POST', '/ofrep/v1/evaluate/flags', { token: project.sdkKey, headers, body: { context } });
    const first = await bulk({ targetingKey: 'user-42', country: 'US', age: 30 });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^".+"$/);
    expect(first.body.flags.map((f) => f.key)).toEqual(config.flagKeys);
    for (const f of first.body.flags) {
      const ours = decide(config, { userId: 'user-42', attributes: { country: 'US', age: 30 } }, f.key);
      expect([f.variant, f.metadata.ruleKey]).toEqual([ours.variationKey ?? undefined, ours.ruleKey ?? undefined]);
    }
    // The same context (in any key order) is the same ETag; another context or revision is not.
    expect((await bulk({ age: 30, country: 'US', targetingKey: 'user-42' }, { 'if-none-match': etag })).status).toBe(304);
    const other = await bulk({ targetingKey: 'user-43', country: 'US', age: 30 }, { 'if-none-match': etag });
    expect(other.status).toBe(200);
    expect(other.headers.get('etag')).not.toBe(etag);
    await api.post(`/flags/v1/projects/${project.projectId}/flags/legacy_banner/environments/production/ruleset/enabled`);
    const afterChange = await bulk({ targetingKey: 'user-42', country: 'US', age: 30 }, { 'if-none-match': etag });
    expect(afterChange.status).toBe(200);
    expect(afterChange.body.flags.find((f) => f.key === 'legacy_banner')?.value).toBe(true);
    const failure = await api.request<Failure>('POST', '/ofrep/v1/evaluate/flags', { token: project.sdkKey, body: { context: {} } });
    expect([failure.status, failure.body.errorCode]).toEqual([400, 'TARGETING_KEY_MISSING']);
  });
});
