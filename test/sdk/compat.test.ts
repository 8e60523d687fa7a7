/**
 * The proof that Fieldtest decides exactly like the official Optimizely SDK (6.6.1) on the
 * datafile it serves: the SDK polls the running server, and for 10,000 users × every flag of a
 * project built through the REST API its decisions equal the engine's (`decide` on the compiled
 * served datafile) and — for a sample — OFREP's over HTTP. Then a ruleset changes through the API
 * and the polling SDK decides differently without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstance, createPollingProjectConfigManager, NOTIFICATION_TYPES, type Client as SdkClient, type UserAttributes } from '@optimizely/optimizely-sdk';
import { compileDatafile, decide, type DecisionConfig } from '../../src/decide/index.js';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { buildCompatProject, testUsers, type CompatProject, type TestUser } from './compat-project.js';

const USERS = 10_000;
const OFREP_SAMPLE = 1_000;

interface Compared { variationKey: string | null; enabled: boolean; ruleKey: string | null; variables: Record<string, unknown> }

function sdkClient(url: string, sdkKey: string, extra: { datafileAccessToken?: string } = {}): SdkClient {
  return createInstance({
    projectConfigManager: createPollingProjectConfigManager({ sdkKey, urlTemplate: `${url}/datafiles/%s.json`, autoUpdate: true, updateInterval: 500, ...extra }),
    logger: undefined,
  });
}

async function servedConfig(api: Client, sdkKey: string): Promise<{ config: DecisionConfig; revision: string }> {
  const res = await api.request<{ revision: string }>('GET', `/datafiles/${sdkKey}.json`, { token: null });
  expect(res.status).toBe(200);
  return { config: compileDatafile(res.text), revision: res.body.revision };
}

function compareAll(sdk: SdkClient, config: DecisionConfig, users: readonly TestUser[], flagKeys: readonly string[]) {
  let compared = 0;
  const mismatches: string[] = [];
  const ruleKeys = new Map<string, number>();
  for (const user of users) {
    const context = sdk.createUserContext(user.id, user.attributes as UserAttributes);
    for (const flagKey of flagKeys) {
      const theirs = context.decide(flagKey);
      const ours = decide(config, { userId: user.id, attributes: user.attributes }, flagKey);
      const a: Compared = { variationKey: theirs.variationKey, enabled: theirs.enabled, ruleKey: theirs.ruleKey, variables: theirs.variables };
      const b: Compared = { variationKey: ours.variationKey, enabled: ours.enabled, ruleKey: ours.ruleKey, variables: { ...ours.variables } };
      compared++;
      if (JSON.stringify(a) !== JSON.stringify(b) && mismatches.length < 20) mismatches.push(`${user.id} ${flagKey}: sdk ${JSON.stringify(a)} engine ${JSON.stringify(b)}`);
      ruleKeys.set(`${flagKey}/${String(ours.ruleKey)}`, (ruleKeys.get(`${flagKey}/${String(ours.ruleKey)}`) ?? 0) + 1);
    }
  }
  return { compared, mismatches, ruleKeys };
}

describe.each(databases)('the official Optimizely SDK against Fieldtest on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  let project: CompatProject;
  let sdk: SdkClient;
  const users = testUsers(USERS);

  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
    project = await buildCompatProject(api);
    sdk = sdkClient(server.url, project.sdkKey);
    await sdk.onReady({ timeout: 10_000 });
  });
  afterAll(async () => {
    await sdk?.close();
    await server?.close();
  });

  it(`decides like the engine for ${USERS} users × every flag`, async () => {
    const { config, revision } = await servedConfig(api, project.sdkKey);
    expect(sdk.getOptimizelyConfig()?.revision).toBe(revision);
    const result = compareAll(sdk, config, users, project.flagKeys);
    console.log(`[compat ${engine}] SDK vs engine: ${result.compared} decisions (${users.length} users × ${project.flagKeys.length} flags), ${result.mismatches.length} mismatches`);
    expect(result.mismatches).toEqual([]);
    expect(result.compared).toBe(USERS * project.flagKeys.length);
    // Every path the project was built to exercise was taken by some users.
    for (const path of ['checkout_redesign/checkout_ab', 'checkout_redesign/checkout_company', 'pricing_banner/pricing_ab', 'search_ranking/search_ab', 'onboarding/onboarding_beta', 'dark_mode/dark_mode_rollout', 'new_nav/nav_mvt', 'new_nav/nav_holdout', 'checkout_redesign/global_holdout']) {
      expect(result.ruleKeys.get(path) ?? 0, path).toBeGreaterThan(0);
    }
    // Mutual exclusion: nobody is in both group experiments; the paused experiment serves nobody.
    for (const user of users.slice(0, 2000)) {
      const d = (flag: string) => decide(config, { userId: user.id, attributes: user.attributes }, flag).ruleKey;
      expect(d('pricing_banner') === 'pricing_ab' && d('search_ranking') === 'search_ab').toBe(false);
      expect(d('onboarding')).not.toBe('onboarding_ab');
      expect(d('legacy_banner')).not.toBe('legacy_everyone');
    }
    expect(decide(config, { userId: 'qa_user', attributes: { country: 'DE' } }, 'checkout_redesign').variationKey).toMatch(/treatment|off/);
  });

  it(`OFREP answers like the engine for ${OFREP_SAMPLE} users × every flag, and logs their exposures`, async () => {
    const { config } = await servedConfig(api, project.sdkKey);
    const before = await server.store.db.selectFrom('event_log').select((eb) => eb.fn.countAll<number>().as('n')).where('source', '=', 'ofrep').executeTakeFirstOrThrow();
    let compared = 0;
    let exposures = 0;
    const mismatches: string[] = [];
    const sample = users.slice(0, OFREP_SAMPLE);
    for (let i = 0; i < sample.length; i += 25) {
      await Promise.all(sample.slice(i, i + 25).flatMap((user) => project.flagKeys.map(async (flagKey) => {
        const res = await api.request<{ value: unknown; variant?: string; reason: string; metadata: Record<string, unknown> }>('POST', `/ofrep/v1/evaluate/flags/${flagKey}`, { token: project.sdkKey, body: { context: { targetingKey: user.id, ...user.attributes } } });
        const ours = decide(config, { userId: user.id, attributes: user.attributes }, flagKey);
        if (ours.ruleType === 'experiment' || ours.ruleType === 'holdout') exposures++;
        const expected = { value: Object.keys(ours.variables).length ? ours.variables : ours.enabled, variant: ours.variationKey ?? undefined, ruleKey: ours.ruleKey ?? undefined };
        const got = { value: res.body.value, variant: res.body.variant, ruleKey: res.body.metadata.ruleKey };
        compared++;
        if (res.status !== 200 || JSON.stringify(got) !== JSON.stringify(expected)) mismatches.push(`${user.id} ${flagKey}: ${res.status} ${JSON.stringify(got)} vs ${JSON.stringify(expected)}`);
      })));
    }
    console.log(`[compat ${engine}] OFREP vs engine: ${compared} evaluations over HTTP, ${mismatches.length} mismatches, ${exposures} exposures`);
    expect(mismatches.slice(0, 20)).toEqual([]);
    const after = await server.store.db.selectFrom('event_log').select((eb) => eb.fn.countAll<number>().as('n')).where('source', '=', 'ofrep').executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(exposures);
  });

  it('picks up a ruleset change through polling, without a restart', async () => {
    const before = await servedConfig(api, project.sdkKey);
    const updated = new Promise<void>((resolve) => {
      sdk.notificationCenter.addNotificationListener(NOTIFICATION_TYPES.OPTIMIZELY_CONFIG_UPDATE, () => resolve());
    });
    const res = await api.patch(`/flags/v1/projects/${project.projectId}/flags/dark_mode/environments/production/ruleset`, { rules: [{ key: 'dark_mode_rollout', type: 'targeted_delivery', percentage_included: 10000, variations: [{ variation_key: 'on' }] }] });
    expect(res.status).toBe(200);
    await updated;
    const after = await servedConfig(api, project.sdkKey);
    expect(Number(after.revision)).toBeGreaterThan(Number(before.revision));
    expect(sdk.getOptimizelyConfig()?.revision).toBe(after.revision);
    let changed = 0;
    for (const user of users.slice(0, 2000)) {
      const theirs = sdk.createUserContext(user.id, user.attributes as UserAttributes).decide('dark_mode');
      const old = decide(before.config, { userId: user.id, attributes: user.attributes }, 'dark_mode');
      const now = decide(after.config, { userId: user.id, attributes: user.attributes }, 'dark_mode');
      expect([theirs.variationKey, theirs.enabled, theirs.ruleKey]).toEqual([now.variationKey, now.enabled, now.ruleKey]);
      if (theirs.variationKey !== old.variationKey) changed++;
    }
    expect(changed).toBeGreaterThan(500);
  });

  it('serves a secure environment only to an SDK with its datafile access token', async () => {
    const env = await api.patch<{ datafile_access_token?: string }>(`/v2/environments/${project.environmentId}`, { datafile_secure: true });
    const token = env.body.datafile_access_token;
    expect(token).toMatch(/^dat_/);
    const secured = sdkClient(server.url, project.sdkKey, { datafileAccessToken: token as string });
    await secured.onReady({ timeout: 10_000 });
    expect(secured.createUserContext('user-1', {}).decide('kill_switch').variationKey).toBe('on');
    await secured.close();
    const anonymous = sdkClient(server.url, project.sdkKey);
    await expect(anonymous.onReady({ timeout: 1500 })).rejects.toThrow();
    await anonymous.close();
    expect((await api.request('GET', `/datafiles/${project.sdkKey}.json`, { token: null })).status).toBe(401);
    expect((await api.request('GET', `/datafiles/auth/${project.sdkKey}.json`, { token: 'dat_wrong' })).status).toBe(403);
    expect((await api.request('GET', `/datafiles/auth/${project.sdkKey}.json`, { token: token as string })).status).toBe(200);
  });
});
