/** /rest/v1/experiments: web experiments (list, create, get, update, delete). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { createWebExperiment } from '../../../commands/web/create-web-experiment.js';
import { getWebExperiment, listWebExperiments, resolveWebExperiment } from '../../../commands/web/read-web-experiments.js';
import { deleteWebExperiment, updateWebExperiment } from '../../../commands/web/update-web-experiment.js';
import { commandContext, expectedVersion } from '../../shared/command-context.js';
import { clampLimit, decodeCursor, paginationOf } from '../cursor.js';
import { experimentOut, experimentWithVariantsOut, variantDraftIn } from '../map/experiments.js';
import { errorResponses, PageQuery, PublicId } from '../schemas/common.js';
import { Experiment, ExperimentInput, ExperimentList, ExperimentWithVariants, ListQuery } from '../schemas/experiments.js';

const tags = ['Experiments (Ours)'];
export const ExperimentParams = Type.Object({ id: PublicId('exp') });

export async function experimentRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/experiments', {
    schema: { operationId: 'oursListExperiments', tags, querystring: Type.Object({ ...PageQuery, ...ListQuery.properties }), response: { 200: ExperimentList, ...errorResponses } },
    config: { permission: 'experiment:read' },
  }, async (request) => {
    const { cursor, limit, status, type, search } = request.query;
    const after = cursor === undefined ? undefined : await decodeCursor(request, 'experiments', cursor);
    const page = await listWebExperiments(commandContext(request), {
      limit: clampLimit(limit),
      ...(after === undefined ? {} : { after }),
      ...(status === undefined ? {} : { status }),
      ...(type === undefined ? {} : { type }),
      ...(search === undefined || search === '' ? {} : { search }),
    });
    return {
      entities: page.items.map(experimentOut),
      pagination: await paginationOf(request, 'experiments', { hasMore: page.hasMore, lastId: page.items.at(-1)?.experiment.publicId }),
    };
  });

  r.post('/experiments', {
    schema: { operationId: 'oursCreateExperiment', tags, body: ExperimentInput, response: { 201: ExperimentWithVariants, ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request, reply) => {
    const { variants, ...rest } = request.body;
    const created = await createWebExperiment(commandContext(request), {
      ...rest,
      ...(variants === undefined ? {} : { variants: variants.map((v, i) => variantDraftIn(`variants[${i}]`, v)) }),
    });
    return reply.code(201).header('etag', `"${created.experiment.version}"`).send(experimentWithVariantsOut(created));
  });

  r.get('/experiments/:id', {
    schema: { operationId: 'oursGetExperiment', tags, params: ExperimentParams, response: { 200: ExperimentWithVariants, ...errorResponses } },
    config: { permission: 'experiment:read' },
  }, async (request, reply) => {
    const found = await getWebExperiment(commandContext(request), request.params.id);
    return reply.header('etag', `"${found.experiment.version}"`).send(experimentWithVariantsOut(found));
  });

  r.patch('/experiments/:id', {
    schema: { operationId: 'oursUpdateExperiment', tags, params: ExperimentParams, body: ExperimentInput, response: { 200: Experiment, ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request, reply) => {
    const ctx = commandContext(request);
    const id = await resolveWebExperiment(ctx, request.params.id);
    const version = expectedVersion(request, request.body.version);
    const { variants, ...rest } = request.body;
    const updated = await updateWebExperiment(ctx, id, { ...rest, ...(variants === undefined ? {} : { variants: [] }), ...(version === undefined ? {} : { expectedVersion: version }) });
    return reply.header('etag', `"${updated.experiment.version}"`).send(experimentOut(updated));
  });

  r.delete('/experiments/:id', {
    schema: { operationId: 'oursDeleteExperiment', tags, params: ExperimentParams, response: { 200: Type.Boolean(), ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request) => {
    const ctx = commandContext(request);
    const id = await resolveWebExperiment(ctx, request.params.id);
    await deleteWebExperiment(ctx, id, expectedVersion(request));
    return true;
  });
}
