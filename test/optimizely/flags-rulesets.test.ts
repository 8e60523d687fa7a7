/**
 * Flag rulesets per environment — get, update, enable, disable — with ordered rules of every type,
 * audience conditions, traffic and a default variation, under /flags/v1 and /v2; every a/b test
 * rule is an experiment at /v2/experiments. Validated against the Optimizely contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';
import { abRule, buildAudience, buildProject, expectError, ok, uniqueKey, type Experiment, type Flag, type Project, type Ruleset } from '../helpers/factories.js';

describe.each(databases)('Optimizely rulesets on %s', (engine) => {
  let server: TestServer;
  let api: Client;
  beforeAll(async () => {
    server = await startServer(engine);
    api = client(server.url, server.adminToken);
  });
  afterAll(async () => server.close());

  describe.each(['/flags/v1', '/v2'])('under %s', (base) => {
    // Rule keys are unique per environment: each mount works in a project of its own.
    let project: Project;
    beforeAll(async () => {
      project = await buildProject(api);
    });
    const flags = (projectId = project.id) => `${base}/projects/${projectId}/flags`;

    describe('rulesets', () => {
      const rulesetOf = (key: string, env = 'production') => `${flags()}/${key}/environments/${env}/ruleset`;

      it('reads the default ruleset of every environment, and 404s an unknown environment', async () => {
        const flag = ok(await api.post<Flag>(flags(), { key: uniqueKey('rs') }), 201);
        for (const env of ['production', 'development']) {
          const got = await api.get<Ruleset>(rulesetOf(flag.key, env));
          expectContract('optimizely', 'getRuleset', got, 200);
          expect(got.body).toMatchObject({ flag_key: flag.key, environment_key: env, enabled: false, default_variation_key: 'off', rules: [] });
        }
        expectError(await api.get(rulesetOf(flag.key, 'staging')), 404, 'staging');
      });

      it('stores ordered rules of every type with audience conditions, traffic and a default variation', async () => {
        const beta = await buildAudience(api, project.id, { conditions: '["and", {"type": "custom_attribute", "name": "beta", "match": "exact", "value": true}]' });
        const de = await buildAudience(api, project.id, { conditions: '["or", {"type": "custom_attribute", "name": "country", "value": "DE"}]' });
        const flag = ok(await api.post<Flag>(flags(), { key: uniqueKey('rules'), variations: [{ key: 'on' }, { key: 'blue' }] }), 201);
        const rules = [
          { key: 'beta_users', type: 'targeted_delivery', audience_conditions: JSON.stringify(['and', beta.id]), percentage_included: 10000, variations: [{ variation_key: 'blue' }] },
          abRule('checkout_test', { audience_conditions: JSON.stringify(['or', beta.id, de.id]), percentage_included: 2500 }),
          {
            key: 'germany',
            type: 'personalization',
            audience_conditions: JSON.stringify(['not', de.id]),
            percentage_included: 0,
            variations: [{ variation_key: 'on', weight: 3000 }, { variation_key: 'blue', weight: 7000 }],
          },
          { key: 'everyone', type: 'targeted_delivery', variations: [{ variation_key: 'on', weight: 5000 }] },
        ];
        const updated = await api.patch<Ruleset>(rulesetOf(flag.key), { rules, default_variation_key: 'off' });
        expectContract('optimizely', 'updateRuleset', updated, 200);
        expect(updated.body.rules.map((r) => [r.key, r.type, r.percentage_included])).toEqual([
          ['beta_users', 'targeted_delivery', 10000],
          ['checkout_test', 'a/b_test', 2500],
          ['germany', 'personalization', 0],
          ['everyone', 'targeted_delivery', 10000],
        ]);
        expect(JSON.parse(updated.body.rules[1]?.audience_conditions ?? '')).toEqual(['or', beta.id, de.id]);
        expect(updated.body.rules[3]?.audience_conditions).toBe('');
        expect(updated.body.rules[0]?.variations).toEqual([{ variation_key: 'blue', weight: 10000 }]);
        expect(updated.body.rules[3]?.variations).toEqual([{ variation_key: 'on', weight: 5000 }]);
        expect(updated.body.rules[0]?.experiment_id).toBeNull();
        expect(updated.body.rules[1]?.experiment_id).toBe(Number(updated.body.rules[1]?.id));

        // Reordering keeps rule ids (matched by key).
        const reordered = ok(await api.patch<Ruleset>(rulesetOf(flag.key), { rules: [rules[1], rules[0], rules[2], rules[3]], default_variation_key: 'blue' }));
        expect(reordered.rules.map((r) => r.key)).toEqual(['checkout_test', 'beta_users', 'germany', 'everyone']);
        expect(reordered.rules[0]?.id).toBe(updated.body.rules[1]?.id);
        expect(reordered.default_variation_key).toBe('blue');
        // The other environment is untouched, and the flag shows both.
        const dev = ok(await api.get<Ruleset>(rulesetOf(flag.key, 'development')));
        expect(dev.rules).toEqual([]);
        const whole = ok(await api.get<Flag>(`${flags()}/${flag.key}`));
        expect(whole.environments.production?.ruleset.rules.map((r) => r.key)).toEqual(['checkout_test', 'beta_users', 'germany', 'everyone']);
      });

      it('rejects bad rules with a 400 naming the field, and writes nothing', async () => {
        const audience = await buildAudience(api, project.id);
        const flag = ok(await api.post<Flag>(flags(), { key: uniqueKey('badrules') }), 201);
        ok(await api.patch(rulesetOf(flag.key), { rules: [abRule('keep')] }));
        const before = ok(await api.get<Ruleset>(rulesetOf(flag.key)));
        const cases: [Record<string, unknown>, string][] = [
          [abRule('ab', { variations: [{ variation_key: 'off', weight: 5000 }, { variation_key: 'on', weight: 4000 }] }), 'rules[0].variations'],
          [abRule('ab', { audience_conditions: JSON.stringify(['or', 987654]) }), 'rules[0].audience_conditions'],
          [abRule('ab', { audience_conditions: '["or", ' }), 'rules[0].audience_conditions'],
          [abRule('ab', { audience_conditions: JSON.stringify(['or', audience.id, 'x']) }), 'rules[0].audience_conditions'],
          [abRule('ab', { percentage_included: 10001 }), 'body.rules[0].percentage_included'],
          [abRule('ab', { percentage_included: -1 }), 'body.rules[0].percentage_included'],
          [abRule('ab', { percentage_included: '5000' }), 'body.rules[0].percentage_included'],
          [abRule('ab', { variations: [{ variation_key: 'off', weight: 5000 }, { variation_key: 'nope', weight: 5000 }] }), 'rules[0].variations[1].variation_key'],
          [abRule('ab', { type: 'rollout' }), 'body.rules[0].type'],
          [{ key: 'td', type: 'targeted_delivery', variations: [] }, 'rules[0].variations'],
        ];
        for (const [rule, field] of cases) {
          const res = await api.patch(rulesetOf(flag.key), { rules: [rule] });
          expectError(res, 400, field);
        }
        const unknownDefault = await api.patch(rulesetOf(flag.key), { default_variation_key: 'purple' });
        expectError(unknownDefault, 400, 'default_variation_key');
        const dupKeys = await api.patch(rulesetOf(flag.key), { rules: [abRule('same'), abRule('same')] });
        expect(dupKeys.status).toBeGreaterThanOrEqual(400);
        expect(dupKeys.status).toBeLessThan(500);
        expect(ok(await api.get<Ruleset>(rulesetOf(flag.key)))).toEqual(before);
      });

      it('answers a rule key another flag uses in the environment with 409 naming the rule', async () => {
        const a = ok(await api.post<Flag>(flags(), { key: uniqueKey('keyed') }), 201);
        const b = ok(await api.post<Flag>(flags(), { key: uniqueKey('keyed') }), 201);
        const ruleKey = uniqueKey('shared_rule');
        ok(await api.patch(rulesetOf(a.key), { rules: [abRule(ruleKey)] }));
        const clash = await api.patch(rulesetOf(b.key), { rules: [abRule(uniqueKey('fine')), abRule(ruleKey)] });
        expectError(clash, 409, 'rules[1].key', ruleKey);
        expect(ok(await api.get<Ruleset>(rulesetOf(b.key))).rules).toEqual([]);
        // The same key in another environment is fine.
        ok(await api.patch(rulesetOf(b.key, 'development'), { rules: [abRule(ruleKey)] }));
      });

      it('accepts an audience from another project only as unknown', async () => {
        const other = await buildProject(api);
        const foreign = await buildAudience(api, other.id);
        const flag = ok(await api.post<Flag>(flags(), { key: uniqueKey('foreign') }), 201);
        const res = await api.patch(rulesetOf(flag.key), { rules: [abRule('ab', { audience_conditions: JSON.stringify([foreign.id]) })] });
        expectError(res, 400, 'rules[0].audience_conditions', String(foreign.id));
      });

      it('enables and disables a ruleset; an a/b test rule becomes a running experiment', async () => {
        const flag = ok(await api.post<Flag>(flags(), { key: uniqueKey('switch') }), 201);
        const withRule = ok(await api.patch<Ruleset>(rulesetOf(flag.key), { rules: [abRule('switch_test')] }));
        const experimentId = withRule.rules[0]?.experiment_id as number;
        const draft = ok(await api.get<Experiment>(`/v2/experiments/${experimentId}`));
        expect(draft).toMatchObject({ status: 'not_started', flag_key: flag.key, environment_key: 'production', key: 'switch_test' });

        const enabled = await api.post<Ruleset>(`${rulesetOf(flag.key)}/enabled`);
        expectContract('optimizely', 'enableRuleset', enabled, 200);
        expect(enabled.body.enabled).toBe(true);
        expect(ok(await api.get<Experiment>(`/v2/experiments/${experimentId}`)).status).toBe('active');
        expect(ok(await api.get<Flag>(`${flags()}/${flag.key}`)).environments.production?.enabled).toBe(true);

        const disabled = await api.post<Ruleset>(`${rulesetOf(flag.key)}/disabled`);
        expectContract('optimizely', 'disableRuleset', disabled, 200);
        expect(disabled.body.enabled).toBe(false);
        expect(ok(await api.get<Experiment>(`/v2/experiments/${experimentId}`)).status).toBe('paused');

        // enabled in the update body does the same.
        const again = ok(await api.patch<Ruleset>(rulesetOf(flag.key), { enabled: true }));
        expect(again.enabled).toBe(true);
        expect(ok(await api.get<Experiment>(`/v2/experiments/${experimentId}`)).status).toBe('active');
        expectError(await api.post(`${flags()}/${uniqueKey('nope')}/environments/production/ruleset/enabled`), 404);
      });

      it('lists every a/b test rule at /v2/experiments, with its flag and environment', async () => {
        const p = await buildProject(api);
        const flag = ok(await api.post<Flag>(flags(p.id), { key: 'exp_flag' }), 201);
        const prod = ok(await api.patch<Ruleset>(`${base}/projects/${p.id}/flags/exp_flag/environments/production/ruleset`, {
          rules: [abRule('prod_test'), { key: 'delivery', type: 'targeted_delivery', variations: [{ variation_key: 'on' }] }],
        }));
        const dev = ok(await api.patch<Ruleset>(`${base}/projects/${p.id}/flags/exp_flag/environments/development/ruleset`, { rules: [abRule('dev_test')] }));
        const list = await api.get<Experiment[]>(`/v2/experiments?project_id=${p.id}`);
        expectContract('optimizely', 'listExperiments', list, 200);
        expect(list.body.map((e) => [e.id, e.key, e.flag_key, e.environment_key, e.status]).sort()).toEqual(
          [
            [Number(prod.rules[0]?.id), 'prod_test', flag.key, 'production', 'not_started'],
            [Number(dev.rules[0]?.id), 'dev_test', flag.key, 'development', 'not_started'],
          ].sort(),
        );
        const one = ok(await api.get<Experiment>(`/v2/experiments/${prod.rules[0]?.id}`));
        expect(one.variations.map((v) => [v.key, v.weight])).toEqual([['off', 5000], ['on', 5000]]);
        // Removing the rule archives its experiment.
        ok(await api.patch(`${base}/projects/${p.id}/flags/exp_flag/environments/production/ruleset`, { rules: [] }));
        expect(ok(await api.get<Experiment>(`/v2/experiments/${prod.rules[0]?.id}`)).status).toBe('archived');
      });
    });
  });
});
