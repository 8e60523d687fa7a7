/** /v2/groups (exclusion groups) and /v2/holdouts. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { createGroup, updateGroup } from '../../../commands/group/save-group.js';
import { deleteGroup, getGroup, listProjectGroups } from '../../../commands/group/read-groups.js';
import { createHoldout, updateHoldout } from '../../../commands/holdout/save-holdout.js';
import { deleteHoldout, getHoldout, listProjectHoldouts } from '../../../commands/holdout/read-holdouts.js';
import { invalid } from '../../../core/errors.js';
import { commandContext, expectedVersion } from '../../shared/command-context.js';
import { errorResponses, Id, ProjectIdQuery } from '../schemas/common.js';
import { Group, GroupInput, Holdout, HoldoutInput } from '../schemas/groups.js';
import { groupOut, holdoutOut } from '../map/groups.js';
import { PageQuery, pageOf, setLinks } from '../pagination.js';

const entitiesIn = (b: GroupInput) => b.entities?.map((e) => ({ experimentId: e.id, weight: e.weight }));

function holdoutIn(b: HoldoutInput) {
  return {
    environmentKey: b.environment_key,
    key: b.key,
    name: b.name,
    description: b.description,
    status: b.status,
    scope: b.scope,
    percentageIncluded: b.percentage_included,
    audienceConditions: b.audience_conditions,
    experimentIds: b.experiment_ids,
  };
}

export async function groupRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Groups'];
  const Params = Type.Object({ group_id: Id });

  r.get('/groups', {
    schema: { operationId: 'listGroups', tags, querystring: Type.Object({ ...ProjectIdQuery, ...PageQuery }), response: { 200: Type.Array(Group), ...errorResponses } },
    config: { permission: 'experiment:read' },
  }, async (request, reply) => {
    const page = pageOf(request.query);
    const result = await listProjectGroups(commandContext(request), request.query.project_id, page);
    setLinks(request, reply, page, result.total);
    return result.items.map(groupOut);
  });

  r.post('/groups', {
    schema: { operationId: 'createGroup', tags, body: GroupInput, response: { 201: Group, ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request, reply) => {
    const b = request.body;
    if (b.project_id === undefined) throw invalid('project_id', 'is required');
    const group = await createGroup(commandContext(request), b.project_id, { name: b.name, description: b.description, policy: b.policy, entities: entitiesIn(b), archived: b.archived });
    return reply.code(201).header('etag', `"${group.version}"`).send(groupOut(group));
  });

  r.get('/groups/:group_id', {
    schema: { operationId: 'getGroup', tags, params: Params, response: { 200: Group, ...errorResponses } },
    config: { permission: 'experiment:read' },
  }, async (request, reply) => {
    const group = await getGroup(commandContext(request), request.params.group_id);
    return reply.header('etag', `"${group.version}"`).send(groupOut(group));
  });

  r.patch('/groups/:group_id', {
    schema: { operationId: 'updateGroup', tags, params: Params, body: GroupInput, response: { 200: Group, ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request, reply) => {
    const b = request.body;
    const group = await updateGroup(commandContext(request), request.params.group_id, {
      name: b.name, description: b.description, policy: b.policy, entities: entitiesIn(b), archived: b.archived, expectedVersion: expectedVersion(request, b.version),
    });
    return reply.header('etag', `"${group.version}"`).send(groupOut(group));
  });

  r.delete('/groups/:group_id', {
    schema: { operationId: 'deleteGroup', tags, params: Params, response: { 204: Type.Null(), ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request, reply) => {
    await deleteGroup(commandContext(request), request.params.group_id, expectedVersion(request));
    return reply.code(204).send(null);
  });
}

export async function holdoutRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Holdouts'];
  const Params = Type.Object({ holdout_id: Id });

  r.get('/holdouts', {
    schema: { operationId: 'listHoldouts', tags, querystring: Type.Object({ ...ProjectIdQuery, ...PageQuery }), response: { 200: Type.Array(Holdout), ...errorResponses } },
    config: { permission: 'experiment:read' },
  }, async (request, reply) => {
    const page = pageOf(request.query);
    const result = await listProjectHoldouts(commandContext(request), request.query.project_id, page);
    setLinks(request, reply, page, result.total);
    return result.items.map(holdoutOut);
  });

  r.post('/holdouts', {
    schema: { operationId: 'createHoldout', tags, body: HoldoutInput, response: { 201: Holdout, ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request, reply) => {
    const b = request.body;
    if (b.project_id === undefined) throw invalid('project_id', 'is required');
    if (b.key === undefined) throw invalid('key', 'is required');
    const holdout = await createHoldout(commandContext(request), b.project_id, holdoutIn(b));
    return reply.code(201).header('etag', `"${holdout.version}"`).send(holdoutOut(holdout));
  });

  r.get('/holdouts/:holdout_id', {
    schema: { operationId: 'getHoldout', tags, params: Params, response: { 200: Holdout, ...errorResponses } },
    config: { permission: 'experiment:read' },
  }, async (request, reply) => {
    const holdout = await getHoldout(commandContext(request), request.params.holdout_id);
    return reply.header('etag', `"${holdout.version}"`).send(holdoutOut(holdout));
  });

  r.patch('/holdouts/:holdout_id', {
    schema: { operationId: 'updateHoldout', tags, params: Params, body: HoldoutInput, response: { 200: Holdout, ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request, reply) => {
    const b = request.body;
    const holdout = await updateHoldout(commandContext(request), request.params.holdout_id, { ...holdoutIn(b), expectedVersion: expectedVersion(request, b.version) });
    return reply.header('etag', `"${holdout.version}"`).send(holdoutOut(holdout));
  });

  r.delete('/holdouts/:holdout_id', {
    schema: { operationId: 'deleteHoldout', tags, params: Params, response: { 204: Type.Null(), ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request, reply) => {
    await deleteHoldout(commandContext(request), request.params.holdout_id, expectedVersion(request));
    return reply.code(204).send(null);
  });
}
