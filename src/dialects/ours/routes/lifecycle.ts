/** /rest/v1/experiments/{id}/start|stop|pause|resume: lifecycle actions. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { resolveWebExperiment } from '../../../commands/web/read-web-experiments.js';
import { runWebLifecycle } from '../../../commands/web/web-lifecycle.js';
import { commandContext, expectedVersion } from '../../shared/command-context.js';
import { experimentOut } from '../map/experiments.js';
import { errorResponses } from '../schemas/common.js';
import { LifecycleInput, LifecycleResult } from '../schemas/experiments.js';
import { ExperimentParams } from './experiments.js';

const tags = ['Experiments (Ours)'];
const actions = [
  ['start', 'oursStartExperiment'],
  ['stop', 'oursStopExperiment'],
  ['pause', 'oursPauseExperiment'],
  ['resume', 'oursResumeExperiment'],
] as const;

export async function lifecycleRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  for (const [verb, operationId] of actions) {
    r.post(`/experiments/:id/${verb}`, {
      schema: { operationId, tags, params: ExperimentParams, body: LifecycleInput, response: { 200: LifecycleResult, ...errorResponses } },
      config: { permission: 'experiment:write' },
    }, async (request) => {
      const ctx = commandContext(request);
      const id = await resolveWebExperiment(ctx, request.params.id);
      const body = request.body ?? {};
      const version = expectedVersion(request, body.version);
      const outcome = await runWebLifecycle(ctx, id, verb, {
        ...(body.winnerVariantId === undefined ? {} : { winnerVariantId: body.winnerVariantId }),
        ...(version === undefined ? {} : { expectedVersion: version }),
      });
      return { publishStatus: outcome.publishStatus, concurrentVersionChanges: outcome.concurrentVersionChanges, experiment: experimentOut(outcome.experiment) };
    });
  }
}
