/**
 * Exposure cohorts: `POST …/experiments/{id}/create_exposure_cohort_for_experiment/`, and the
 * cohort itself under `/api/projects/{project_id}/cohorts/{id}/` with its members at `…/persons/`.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { createExposureCohort, getCohort, listCohortMembers } from '../../../commands/cohort/exposure-cohort.js';
import { experimentKeys } from '../../../store/read/experiment-keys.js';
import { commandContext } from '../../shared/command-context.js';
import { cohortOut, exposureCohortDefinition, exposureCohortName, personOut } from '../map/cohorts.js';
import { envelope, LimitOffsetQuery, windowOf } from '../pagination.js';
import { errorResponses, ExperimentParams, Id, Paginated } from '../schemas/common.js';
import { experimentIn } from './experiments.js';

const Json = Type.Record(Type.String(), Type.Unknown());
const Cohort = Type.Object({
  id: Id,
  name: Type.String(),
  description: Type.String(),
  filters: Json,
  count: Type.Integer(),
  is_static: Type.Boolean(),
  is_calculating: Type.Boolean(),
  last_calculation: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  deleted: Type.Boolean(),
  experiment_id: Type.Union([Type.Integer(), Type.Null()]),
});
const Person = Type.Object({ id: Type.String(), distinct_ids: Type.Array(Type.String()), properties: Json, created_at: Type.String() });
const CohortParams = Type.Object({ project_id: Type.Integer({ minimum: 1 }), id: Id });

export async function cohortRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post('/experiments/:id/create_exposure_cohort_for_experiment/', {
    schema: {
      operationId: 'experiments_create_exposure_cohort_for_experiment_create',
      tags: ['PostHog experiments'],
      params: ExperimentParams,
      response: { 200: Type.Object({ cohort: Cohort }), ...errorResponses },
    },
    config: { permission: 'experiment:write' },
  }, async (request) => {
    const experiment = await experimentIn(request, request.params.project_id, request.params.id);
    const flagKey = (await experimentKeys(request.server.fieldtest.db, [experiment.id])).get(experiment.id)?.flagKey ?? '';
    const cohort = await createExposureCohort(commandContext(request), experiment.id, {
      name: exposureCohortName(experiment.name),
      definition: exposureCohortDefinition(flagKey, experiment.startedAt ?? ''),
    });
    return { cohort: cohortOut(cohort) };
  });

  r.get('/cohorts/:id/', {
    schema: { operationId: 'cohorts_retrieve', tags: ['PostHog cohorts'], params: CohortParams, response: { 200: Cohort, ...errorResponses } },
    config: { permission: 'experiment:read' },
  }, async (request) => cohortOut(await getCohort(commandContext(request), request.params.project_id, request.params.id)));

  r.get('/cohorts/:id/persons/', {
    schema: { operationId: 'cohorts_persons_retrieve', tags: ['PostHog cohorts'], params: CohortParams, querystring: Type.Object(LimitOffsetQuery), response: { 200: Paginated(Person), ...errorResponses } },
    config: { permission: 'experiment:read' },
  }, async (request) => {
    const window = windowOf(request.query);
    const page = await listCohortMembers(commandContext(request), request.params.project_id, request.params.id, window);
    return envelope(request, window, page.total, page.items.map(personOut));
  });
}
