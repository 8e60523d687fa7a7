/** Flags and their rulesets: /projects/{project_id}/flags… (served under /flags/v1 and /v2). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { createFlag, updateFlag } from '../../../commands/flag/save-flag.js';
import { deleteFlag } from '../../../commands/flag/delete-flag.js';
import { getFlag, listProjectFlags } from '../../../commands/flag/read-flags.js';
import { getRuleset } from '../../../commands/ruleset/read-ruleset.js';
import { updateRuleset } from '../../../commands/ruleset/update-ruleset.js';
import { setRulesetEnabled } from '../../../commands/ruleset/set-ruleset-enabled.js';
import { commandContext, expectedVersion } from '../../shared/command-context.js';
import { errorResponses, ProjectIdParam } from '../schemas/common.js';
import { Flag, FlagInput, FlagParams, Ruleset, RulesetInput, RulesetParams } from '../schemas/flags.js';
import { flagIn, flagOut, rulesetOut, rulesIn } from '../map/flags.js';
import { PageQuery, pageOf, setLinks } from '../pagination.js';

/** `hide`: the second mount (under /v2) stays out of the OpenAPI document to keep operationIds unique. */
export function flagRoutes(options: { hide: boolean }) {
  return async function register(app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    const op = (id: string) => (options.hide ? { hide: true } : { operationId: id });
    const tags = ['Flags'];
    const rsTags = ['Rulesets'];

    r.get('/projects/:project_id/flags', {
      schema: { ...op('listFlags'), tags, params: ProjectIdParam, querystring: Type.Object(PageQuery), response: { 200: Type.Array(Flag), ...errorResponses } },
      config: { permission: 'flag:read' },
    }, async (request, reply) => {
      const page = pageOf(request.query);
      const result = await listProjectFlags(commandContext(request), request.params.project_id, page);
      setLinks(request, reply, page, result.total);
      return result.items.map((v) => flagOut(v.flag, v.rulesets));
    });

    r.post('/projects/:project_id/flags', {
      schema: { ...op('createFlag'), tags, params: ProjectIdParam, body: FlagInput, response: { 201: Flag, ...errorResponses } },
      config: { permission: 'flag:write' },
    }, async (request, reply) => {
      const ctx = commandContext(request);
      const flag = await createFlag(ctx, request.params.project_id, flagIn(request.body));
      const view = await getFlag(ctx, request.params.project_id, flag.key);
      return reply.code(201).header('etag', `"${flag.version}"`).send(flagOut(view.flag, view.rulesets));
    });

    r.get('/projects/:project_id/flags/:flag_key', {
      schema: { ...op('getFlag'), tags, params: FlagParams, response: { 200: Flag, ...errorResponses } },
      config: { permission: 'flag:read' },
    }, async (request, reply) => {
      const view = await getFlag(commandContext(request), request.params.project_id, request.params.flag_key);
      return reply.header('etag', `"${view.flag.version}"`).send(flagOut(view.flag, view.rulesets));
    });

    r.patch('/projects/:project_id/flags/:flag_key', {
      schema: { ...op('updateFlag'), tags, params: FlagParams, body: FlagInput, response: { 200: Flag, ...errorResponses } },
      config: { permission: 'flag:write' },
    }, async (request, reply) => {
      const ctx = commandContext(request);
      const { project_id, flag_key } = request.params;
      const flag = await updateFlag(ctx, project_id, flag_key, { ...flagIn(request.body), expectedVersion: expectedVersion(request, request.body.version) });
      const view = await getFlag(ctx, project_id, flag.key);
      return reply.header('etag', `"${flag.version}"`).send(flagOut(view.flag, view.rulesets));
    });

    r.delete('/projects/:project_id/flags/:flag_key', {
      schema: { ...op('deleteFlag'), tags, params: FlagParams, response: { 204: Type.Null(), ...errorResponses } },
      config: { permission: 'flag:write' },
    }, async (request, reply) => {
      await deleteFlag(commandContext(request), request.params.project_id, request.params.flag_key, expectedVersion(request));
      return reply.code(204).send(null);
    });

    const rulesetPath = '/projects/:project_id/flags/:flag_key/environments/:environment_key/ruleset';

    r.get(rulesetPath, {
      schema: { ...op('getRuleset'), tags: rsTags, params: RulesetParams, response: { 200: Ruleset, ...errorResponses } },
      config: { permission: 'flag:read' },
    }, async (request, reply) => {
      const { project_id, flag_key, environment_key } = request.params;
      const ruleset = await getRuleset(commandContext(request), project_id, flag_key, environment_key);
      return reply.header('etag', `"${ruleset.version}"`).send(rulesetOut(ruleset));
    });

    r.patch(rulesetPath, {
      schema: { ...op('updateRuleset'), tags: rsTags, params: RulesetParams, body: RulesetInput, response: { 200: Ruleset, ...errorResponses } },
      config: { permission: 'flag:write' },
    }, async (request, reply) => {
      const { project_id, flag_key, environment_key } = request.params;
      const b = request.body;
      const ruleset = await updateRuleset(commandContext(request), project_id, flag_key, environment_key, {
        rules: b.rules ? rulesIn(b.rules) : undefined,
        defaultVariationKey: b.default_variation_key,
        enabled: b.enabled,
        expectedVersion: expectedVersion(request, b.version),
      });
      return reply.header('etag', `"${ruleset.version}"`).send(rulesetOut(ruleset));
    });

    for (const [suffix, enabled, id] of [['enabled', true, 'enableRuleset'], ['disabled', false, 'disableRuleset']] as const) {
      r.post(`${rulesetPath}/${suffix}`, {
        schema: { ...op(id), tags: rsTags, params: RulesetParams, response: { 200: Ruleset, ...errorResponses } },
        config: { permission: 'flag:write' },
      }, async (request, reply) => {
        const { project_id, flag_key, environment_key } = request.params;
        const ruleset = await setRulesetEnabled(commandContext(request), project_id, flag_key, environment_key, enabled, expectedVersion(request));
        return reply.header('etag', `"${ruleset.version}"`).send(rulesetOut(ruleset));
      });
    }
  };
}
