/**
 * /rest/v1/experiments/{id}/results and /results-time-series, counted against the results rate
 * limit. `eventName` picks the conversion event; without it the primary metric's event counts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { experimentResults, type ResultsQuery as CoreQuery } from '../../../commands/results/experiment-results.js';
import { getWebExperiment } from '../../../commands/web/read-web-experiments.js';
import { invalid } from '../../../core/errors.js';
import type { WebExperiment } from '../../../store/read/web-experiments.js';
import { commandContext } from '../../shared/command-context.js';
import { dateWindow, resultsOut, timeSeriesOut } from '../map/results.js';
import { errorResponses } from '../schemas/common.js';
import { ExperimentResults, ExperimentResultsTimeSeries, ResultsQuery, TimeSeriesQuery } from '../schemas/results.js';
import { ExperimentParams } from './experiments.js';

const tags = ['Experiments (Ours)'];

/** The metric to count, and the control variant as the baseline. */
function metricQuery(found: WebExperiment, eventName: string | undefined): CoreQuery {
  if (eventName === undefined && found.experiment.metrics.length === 0) throw invalid('eventName', 'is required: the experiment has no primary metric');
  const control = found.web.variants.find((v) => v.isControl);
  return {
    ...(eventName === undefined ? { metricIndexes: [0] } : { eventKey: eventName }),
    ...(control ? { baselineVariationId: control.variationId } : {}),
  };
}

async function load(request: FastifyRequest, publicId: string) {
  const ctx = commandContext(request);
  return { ctx, found: await getWebExperiment(ctx, publicId) };
}

export async function resultRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/experiments/:id/results', {
    schema: { operationId: 'oursGetExperimentResults', tags, params: ExperimentParams, querystring: ResultsQuery, response: { 200: ExperimentResults, ...errorResponses } },
    config: { permission: 'experiment:read', rateLimit: 'results' },
  }, async (request) => {
    const { ctx, found } = await load(request, request.params.id);
    const results = await experimentResults(ctx, found.experiment.id, metricQuery(found, request.query.eventName));
    return resultsOut(found, results);
  });

  r.get('/experiments/:id/results-time-series', {
    schema: { operationId: 'oursGetExperimentResultsTimeSeries', tags, params: ExperimentParams, querystring: TimeSeriesQuery, response: { 200: ExperimentResultsTimeSeries, ...errorResponses } },
    config: { permission: 'experiment:read', rateLimit: 'results' },
  }, async (request) => {
    const { ctx, found } = await load(request, request.params.id);
    const window = dateWindow(request.query, found.experiment, ctx.clock().getTime());
    const results = await experimentResults(ctx, found.experiment.id, { ...metricQuery(found, request.query.eventName), ...window, series: 'totals' });
    return timeSeriesOut(found, results);
  });
}
