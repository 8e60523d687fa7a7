/** /v2/experiments: experiments as flag rules with a lifecycle. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { createExperiment } from '../../../commands/experiment/create-experiment.js';
import { deleteExperiment } from '../../../commands/experiment/delete-experiment.js';
import { getExperiment, listProjectExperiments } from '../../../commands/experiment/read-experiments.js';
import { updateExperiment } from '../../../commands/experiment/update-experiment.js';
import { parseRuleAudienceConditions } from '../../../core/audience/conditions.js';
import { invalid, isDomainError } from '../../../core/errors.js';
import type { Experiment as CoreExperiment } from '../../../core/experiment/types.js';
import { experimentKeys } from '../../../store/read/experiment-keys.js';
import type { FastifyRequest } from 'fastify';
import { commandContext, expectedVersion } from '../../shared/command-context.js';
import { errorResponses, Id, ProjectIdQuery } from '../schemas/common.js';
import { Experiment, ExperimentInput } from '../schemas/experiments.js';
import { coreStatus, experimentOut, illegalStatusChange, metricsIn, typeIn } from '../map/experiments.js';
import { PageQuery, pageOf, setLinks } from '../pagination.js';

const tags = ['Experiments'];
const Params = Type.Object({ experiment_id: Id });

async function render(request: FastifyRequest, experiments: readonly CoreExperiment[]) {
  const keys = await experimentKeys(request.server.fieldtest.db, experiments.map((e) => e.id));
  return experiments.map((e) => experimentOut(e, keys.get(e.id) ?? { flagKey: '', environmentKey: '' }));
}

async function renderOne(request: FastifyRequest, experiment: CoreExperiment) {
  const [out] = await render(request, [experiment]);
  if (!out) throw new Error('rendering an experiment gave nothing');
  return out;
}

export async function experimentRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/experiments', {
    schema: { operationId: 'listExperiments', tags, querystring: Type.Object({ ...ProjectIdQuery, ...PageQuery }), response: { 200: Type.Array(Experiment), ...errorResponses } },
    config: { permission: 'experiment:read' },
  }, async (request, reply) => {
    const page = pageOf(request.query);
    const result = await listProjectExperiments(commandContext(request), request.query.project_id, page);
    setLinks(request, reply, page, result.total);
    return render(request, result.items);
  });

  r.post('/experiments', {
    schema: { operationId: 'createExperiment', tags, body: ExperimentInput, response: { 201: Experiment, ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request, reply) => {
    const b = request.body;
    if (b.project_id === undefined) throw invalid('project_id', 'is required');
    if (b.name === undefined) throw invalid('name', 'is required');
    const status = coreStatus(b.status);
    if (status !== undefined && status !== 'draft' && status !== 'running') {
      throw invalid('status', `a new experiment starts as not_started or active, not ${b.status}`);
    }
    const experiment = await createExperiment(commandContext(request), b.project_id, {
      name: b.name,
      key: b.key,
      description: b.description,
      type: typeIn(b.type),
      flagKey: b.flag_key,
      environmentKey: b.environment_key,
      variations: b.variations,
      percentageIncluded: b.percentage_included,
      audienceConditions: b.audience_conditions === undefined ? undefined : parseRuleAudienceConditions('audience_conditions', b.audience_conditions),
      metrics: metricsIn(b.metrics),
      start: status === 'running',
    });
    const out = await renderOne(request, experiment);
    return reply.code(201).header('etag', `"${experiment.version}"`).send(out);
  });

  r.get('/experiments/:experiment_id', {
    schema: { operationId: 'getExperiment', tags, params: Params, response: { 200: Experiment, ...errorResponses } },
    config: { permission: 'experiment:read' },
  }, async (request, reply) => {
    const experiment = await getExperiment(commandContext(request), request.params.experiment_id);
    const out = await renderOne(request, experiment);
    return reply.header('etag', `"${experiment.version}"`).send(out);
  });

  r.patch('/experiments/:experiment_id', {
    schema: { operationId: 'updateExperiment', tags, params: Params, body: ExperimentInput, response: { 200: Experiment, ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request, reply) => {
    const b = request.body;
    if (b.flag_key !== undefined || b.environment_key !== undefined || b.key !== undefined) {
      const current = await getExperiment(commandContext(request), request.params.experiment_id);
      const out = await renderOne(request, current);
      for (const [field, value, now] of [['flag_key', b.flag_key, out.flag_key], ['environment_key', b.environment_key, out.environment_key], ['key', b.key, out.key]] as const) {
        if (value !== undefined && value !== now) throw invalid(field, 'cannot change after the experiment was created');
      }
    }
    const experiment = await updateExperiment(commandContext(request), request.params.experiment_id, {
      name: b.name,
      description: b.description,
      metrics: metricsIn(b.metrics),
      variations: b.variations,
      percentageIncluded: b.percentage_included,
      audienceConditions: b.audience_conditions === undefined ? undefined : parseRuleAudienceConditions('audience_conditions', b.audience_conditions),
      status: coreStatus(b.status),
      winnerVariationId: b.winner_variation_id,
      expectedVersion: expectedVersion(request, b.version),
    }).catch(async (error: unknown) => {
      // The core names statuses in its own words; say it in the ones this client sent.
      if (!isDomainError(error) || error.kind !== 'illegal_transition' || b.status === undefined) throw error;
      throw illegalStatusChange(await getExperiment(commandContext(request), request.params.experiment_id), b.status);
    });
    const out = await renderOne(request, experiment);
    return reply.header('etag', `"${experiment.version}"`).send(out);
  });

  r.delete('/experiments/:experiment_id', {
    schema: { operationId: 'deleteExperiment', tags, params: Params, response: { 204: Type.Null(), ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request, reply) => {
    await deleteExperiment(commandContext(request), request.params.experiment_id, expectedVersion(request));
    return reply.code(204).send(null);
  });
}
