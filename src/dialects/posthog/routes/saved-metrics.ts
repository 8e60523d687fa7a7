/** /api/projects/{project_id}/experiment_saved_metrics/: reusable metrics experiments link by id. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { createSavedMetric, deleteSavedMetric, getSavedMetric, listSavedMetrics, updateSavedMetric } from '../../../commands/experiment/saved-metrics.js';
import type { SavedMetric as CoreSavedMetric } from '../../../core/experiment/saved-metric.js';
import { commandContext } from '../../shared/command-context.js';
import { assertSavedQuery } from '../map/metrics.js';
import { envelope, LimitOffsetQuery, windowOf } from '../pagination.js';
import { errorResponses, Id, Paginated, ProjectParams } from '../schemas/common.js';

const tags = ['PostHog experiment saved metrics'];
const Json = Type.Record(Type.String(), Type.Unknown());

const SavedMetric = Type.Object({
  id: Id,
  name: Type.String(),
  description: Type.String(),
  query: Json,
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});

const SavedMetricRequest = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 3000 }), Type.Null()])),
  query: Type.Optional(Json),
});

const Params = Type.Object({ project_id: Type.Integer({ minimum: 1 }), id: Id });

const out = (m: CoreSavedMetric) => ({ id: m.id, name: m.name, description: m.description, query: m.query, created_at: m.createdAt, updated_at: m.updatedAt });

export async function savedMetricRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const path = '/experiment_saved_metrics/';

  r.get(path, {
    schema: { operationId: 'experiment_saved_metrics_list', tags, params: ProjectParams, querystring: Type.Object(LimitOffsetQuery), response: { 200: Paginated(SavedMetric), ...errorResponses } },
    config: { permission: 'experiment:read' },
  }, async (request) => {
    const window = windowOf(request.query);
    const page = await listSavedMetrics(commandContext(request), request.params.project_id, window);
    return envelope(request, window, page.total, page.items.map(out));
  });

  r.post(path, {
    schema: { operationId: 'experiment_saved_metrics_create', tags, params: ProjectParams, body: SavedMetricRequest, response: { 201: SavedMetric, ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request, reply) => {
    const b = request.body;
    if (b.query !== undefined) assertSavedQuery(b.query);
    const metric = await createSavedMetric(commandContext(request), request.params.project_id, { name: b.name, description: b.description ?? '', query: b.query });
    return reply.code(201).send(out(metric));
  });

  r.get(`${path}:id/`, {
    schema: { operationId: 'experiment_saved_metrics_retrieve', tags, params: Params, response: { 200: SavedMetric, ...errorResponses } },
    config: { permission: 'experiment:read' },
  }, async (request) => out(await getSavedMetric(commandContext(request), request.params.project_id, request.params.id)));

  r.patch(`${path}:id/`, {
    schema: { operationId: 'experiment_saved_metrics_partial_update', tags, params: Params, body: SavedMetricRequest, response: { 200: SavedMetric, ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request) => {
    const b = request.body;
    if (b.query !== undefined) assertSavedQuery(b.query);
    return out(await updateSavedMetric(commandContext(request), request.params.project_id, request.params.id, {
      ...(b.name === undefined ? {} : { name: b.name }),
      ...(b.description === undefined ? {} : { description: b.description ?? '' }),
      ...(b.query === undefined ? {} : { query: b.query }),
    }));
  });

  r.delete(`${path}:id/`, {
    schema: { operationId: 'experiment_saved_metrics_destroy', tags, params: Params, response: { 204: Type.Null(), ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request, reply) => {
    await deleteSavedMetric(commandContext(request), request.params.project_id, request.params.id);
    return reply.code(204).send(null);
  });
}
