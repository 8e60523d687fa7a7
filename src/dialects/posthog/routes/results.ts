/** `experiments/{id}/results/` and `…/secondary_results/?id=N` in PostHog's legacy shape. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { experimentResults, type ResultsQuery } from '../../../commands/results/experiment-results.js';
import type { Experiment as CoreExperiment } from '../../../core/experiment/types.js';
import { invalid } from '../../../core/errors.js';
import { commandContext } from '../../shared/command-context.js';
import { extrasOf } from '../map/experiments.js';
import { assertHasData, noMetricError, primaryResult, secondaryResult } from '../map/results.js';
import { errorResponses, ExperimentParams } from '../schemas/common.js';
import { experimentIn } from './experiments.js';

const tags = ['PostHog experiments'];
const Envelope = Type.Object({ result: Type.Record(Type.String(), Type.Unknown()), last_refresh: Type.String(), is_cached: Type.Boolean() });

/**
 * One metric against the `control` variant (else the first). The fixed-horizon analysis gives
 * the p-values PostHog's trend gate reads; the Bayesian numbers come with it whatever the method.
 * PostHog corrects nothing across metrics and shows 95 % intervals.
 */
function posthogQuery(experiment: CoreExperiment, metricIndex: number): ResultsQuery {
  const control = experiment.variations.find((v) => v.key === 'control') ?? experiment.variations[0];
  return {
    metricIndexes: [metricIndex],
    ...(control ? { baselineVariationId: control.variationId } : {}),
    analysis: { method: 'frequentist', confidenceLevel: 0.95, falseDiscoveryControl: false },
  };
}

export async function resultRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/experiments/:id/results/', {
    schema: { operationId: 'experiments_results_retrieve', tags, params: ExperimentParams, querystring: Type.Object({ refresh: Type.Optional(Type.Unknown()) }), response: { 200: Envelope, ...errorResponses } },
    config: { permission: 'experiment:read', rateLimit: 'results' },
  }, async (request) => {
    const experiment = await experimentIn(request, request.params.project_id, request.params.id);
    const method = extrasOf(experiment).stats_config.method === 'frequentist' || experiment.statsMethod === 'frequentist' ? 'frequentist' : 'bayesian';
    if (experiment.metrics[0] === undefined) throw noMetricError();
    const results = await experimentResults(commandContext(request), experiment.id, posthogQuery(experiment, 0));
    assertHasData(results);
    return { result: primaryResult(results, method), last_refresh: results.computedAt, is_cached: false };
  });

  r.get('/experiments/:id/secondary_results/', {
    schema: { operationId: 'experiments_secondary_results_retrieve', tags, params: ExperimentParams, querystring: Type.Object({ id: Type.Integer({ minimum: 0, description: 'Index of the metric in secondary_metrics.' }) }), response: { 200: Envelope, ...errorResponses } },
    config: { permission: 'experiment:read', rateLimit: 'results' },
  }, async (request) => {
    const experiment = await experimentIn(request, request.params.project_id, request.params.id);
    const index = extrasOf(experiment).primary_count + request.query.id;
    if (experiment.metrics[index] === undefined) throw invalid('id', `the experiment has no secondary metric ${request.query.id}`);
    const results = await experimentResults(commandContext(request), experiment.id, posthogQuery(experiment, index));
    assertHasData(results);
    return { result: secondaryResult(results), last_refresh: results.computedAt, is_cached: false };
  });
}
