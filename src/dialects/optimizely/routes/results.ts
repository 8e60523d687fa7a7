/**
 * GET /v2/experiments/{id}/results and /v2/experiments/{id}/timeseries. Both count against the
 * results rate limit (20 a minute per token, as the v2 conventions list for results routes) and
 * answer 204 while the experiment has no visitors in the window.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { experimentResults, type ResultsQuery as CoreQuery } from '../../../commands/results/experiment-results.js';
import { invalid } from '../../../core/errors.js';
import { commandContext } from '../../shared/command-context.js';
import { resultsOut, timeseriesOut } from '../map/results.js';
import { errorResponses, Id } from '../schemas/common.js';
import { ExperimentResults, ExperimentTimeseries, ResultsQuery } from '../schemas/results.js';

const tags = ['Experiment results'];
const Params = Type.Object({ experiment_id: Id });
const NoData = Type.Null({ description: 'No results data yet: no visitors in the window.' });

function coreQuery(q: { baseline_variation_id?: number; start_time?: string; end_time?: string }): CoreQuery {
  const start = q.start_time === undefined ? undefined : Date.parse(q.start_time);
  const end = q.end_time === undefined ? undefined : Date.parse(q.end_time);
  if (start !== undefined && end !== undefined && end < start) throw invalid('end_time', 'must not be before start_time');
  return {
    ...(start === undefined ? {} : { start }),
    ...(end === undefined ? {} : { end }),
    ...(q.baseline_variation_id === undefined ? {} : { baselineVariationId: q.baseline_variation_id }),
  };
}

const noData = (reply: FastifyReply) => reply.code(204).send();

export async function resultRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/experiments/:experiment_id/results', {
    schema: { operationId: 'getExperimentResults', tags, params: Params, querystring: ResultsQuery, response: { 200: ExperimentResults, 204: NoData, ...errorResponses } },
    config: { permission: 'experiment:read', rateLimit: 'results' },
  }, async (request, reply) => {
    const results = await experimentResults(commandContext(request), request.params.experiment_id, coreQuery(request.query));
    if (results.visitors === 0) return noData(reply);
    return resultsOut(results);
  });

  r.get('/experiments/:experiment_id/timeseries', {
    schema: { operationId: 'getExperimentTimeseries', tags, params: Params, querystring: ResultsQuery, response: { 200: ExperimentTimeseries, 204: NoData, ...errorResponses } },
    config: { permission: 'experiment:read', rateLimit: 'results' },
  }, async (request, reply) => {
    const results = await experimentResults(commandContext(request), request.params.experiment_id, { ...coreQuery(request.query), series: 'analysis' });
    if (results.visitors === 0) return noData(reply);
    return timeseriesOut(results);
  });
}
