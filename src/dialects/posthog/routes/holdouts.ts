/** /api/projects/{project_id}/experiment_holdouts/: holdouts experiments name by `holdout_id`. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { deleteHoldout, getHoldout, listRecentHoldouts } from '../../../commands/holdout/read-holdouts.js';
import { createHoldout, updateHoldout } from '../../../commands/holdout/save-holdout.js';
import { invalid, notFound } from '../../../core/errors.js';
import type { Holdout as CoreHoldout } from '../../../core/holdout/types.js';
import { userSummaries } from '../../../store/read/user-summaries.js';
import { commandContext } from '../../shared/command-context.js';
import { holdoutOut, percentageOf, POSTHOG_HOLDOUT_KEY } from '../map/holdouts.js';
import { envelope, LimitOffsetQuery, windowOf } from '../pagination.js';
import { errorResponses, Id, Paginated, ProjectParams } from '../schemas/common.js';
import { Holdout, HoldoutRequest } from '../schemas/holdouts.js';

const tags = ['PostHog experiment holdouts'];
const Params = Type.Object({ project_id: Type.Integer({ minimum: 1 }), id: Id });

async function render(request: FastifyRequest, holdouts: readonly CoreHoldout[]) {
  const users = await userSummaries(request.server.fieldtest.db, holdouts.map((h) => h.createdBy));
  return holdouts.map((h) => holdoutOut(h, users));
}

async function renderOne(request: FastifyRequest, holdout: CoreHoldout) {
  const [out] = await render(request, [holdout]);
  if (!out) throw new Error('rendering a holdout gave nothing');
  return out;
}

/** The holdout, if it belongs to the project in the path. */
async function holdoutIn(request: FastifyRequest, projectId: number, id: number): Promise<CoreHoldout> {
  const holdout = await getHoldout(commandContext(request), id);
  if (holdout.projectId !== projectId) throw notFound('holdout', id);
  return holdout;
}

export async function holdoutRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const path = '/experiment_holdouts/';

  r.get(path, {
    schema: { operationId: 'experiment_holdouts_list', tags, params: ProjectParams, querystring: Type.Object(LimitOffsetQuery), response: { 200: Paginated(Holdout), ...errorResponses } },
    config: { permission: 'experiment:read' },
  }, async (request) => {
    const window = windowOf(request.query);
    const page = await listRecentHoldouts(commandContext(request), request.params.project_id, window);
    return envelope(request, window, page.total, await render(request, page.items));
  });

  r.post(path, {
    schema: { operationId: 'experiment_holdouts_create', tags, params: ProjectParams, body: HoldoutRequest, response: { 201: Holdout, ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request, reply) => {
    const b = request.body;
    if (b.name === undefined) throw invalid('name', 'This field is required.');
    if (b.filters === undefined) throw invalid('filters', 'This field is required.');
    const holdout = await createHoldout(commandContext(request), request.params.project_id, {
      key: POSTHOG_HOLDOUT_KEY,
      variationKey: POSTHOG_HOLDOUT_KEY,
      name: b.name,
      description: b.description ?? '',
      scope: 'experiments',
      // Always on: it holds users back only in the experiments that name it, once they run.
      status: 'running',
      percentageIncluded: percentageOf(b.filters) ?? 0,
    });
    return reply.code(201).send(await renderOne(request, holdout));
  });

  r.get(`${path}:id/`, {
    schema: { operationId: 'experiment_holdouts_retrieve', tags, params: Params, response: { 200: Holdout, ...errorResponses } },
    config: { permission: 'experiment:read' },
  }, async (request) => renderOne(request, await holdoutIn(request, request.params.project_id, request.params.id)));

  r.patch(`${path}:id/`, {
    schema: { operationId: 'experiment_holdouts_partial_update', tags, params: Params, body: HoldoutRequest, response: { 200: Holdout, ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request) => {
    const b = request.body;
    const current = await holdoutIn(request, request.params.project_id, request.params.id);
    const percentage = percentageOf(b.filters);
    const holdout = await updateHoldout(commandContext(request), current.id, {
      ...(b.name === undefined ? {} : { name: b.name }),
      ...(b.description === undefined ? {} : { description: b.description ?? '' }),
      ...(percentage === undefined ? {} : { percentageIncluded: percentage }),
    });
    return renderOne(request, holdout);
  });

  r.delete(`${path}:id/`, {
    schema: { operationId: 'experiment_holdouts_destroy', tags, params: Params, response: { 204: Type.Null(), ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request, reply) => {
    const holdout = await holdoutIn(request, request.params.project_id, request.params.id);
    await deleteHoldout(commandContext(request), holdout.id);
    return reply.code(204).send(null);
  });
}
