/** /api/projects/{project_id}/experiments/: PostHog experiments over the core experiment commands. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createExperiment, type MetricsIn } from '../../../commands/experiment/create-experiment.js';
import { deleteExperiment } from '../../../commands/experiment/delete-experiment.js';
import { getExperiment, listRecentExperiments } from '../../../commands/experiment/read-experiments.js';
import { updateExperiment } from '../../../commands/experiment/update-experiment.js';
import { linkSavedMetricsIn, savedMetricsFor } from '../../../commands/experiment/saved-metrics.js';
import { ensureEventsIn } from '../../../commands/targeting/ensure-events.js';
import { requiresFlagImplementation } from '../../../commands/experiment/requires-flag-implementation.js';
import type { SavedMetricRole } from '../../../core/experiment/saved-metric.js';
import { invalid, notFound } from '../../../core/errors.js';
import type { Experiment as CoreExperiment } from '../../../core/experiment/types.js';
import { slugify } from '../../../core/keys.js';
import { experimentKeys } from '../../../store/read/experiment-keys.js';
import { savedMetricLinksOf } from '../../../store/read/saved-metrics.js';
import { exposureCohortIds } from '../../../store/read/cohorts.js';
import { userSummaries } from '../../../store/read/user-summaries.js';
import { holdoutsOf } from '../../../commands/holdout/read-holdouts.js';
import { holdoutOut } from '../map/holdouts.js';
import { commandContext } from '../../shared/command-context.js';
import { errorResponses, ExperimentParams, Paginated, ProjectParams } from '../schemas/common.js';
import { Experiment, ExperimentRequest } from '../schemas/experiments.js';
import { EXTRAS_KEY, experimentOut, extrasOf, type PostHogExtras } from '../map/experiments.js';
import { assertUpdatableKeys, mergeExtras, metricDrafts, metricsOfExtras, statsMethodOf, touchesMetrics, variationsOf } from '../map/experiment-input.js';
import { asField, statusSteps } from '../map/lifecycle.js';
import { eventKeysOfQuery } from '../map/metrics.js';
import { envelope, LimitOffsetQuery, windowOf } from '../pagination.js';
import Type from 'typebox';

const tags = ['PostHog experiments'];

async function render(request: FastifyRequest, experiments: readonly CoreExperiment[]) {
  const db = request.server.fieldtest.db;
  const ids = experiments.map((e) => e.id);
  const holdoutIds = experiments.flatMap((e) => (e.holdoutId === null ? [] : [e.holdoutId]));
  const projectId = experiments[0]?.projectId ?? 0;
  const [keys, saved, cohorts, holdouts] = await Promise.all([
    experimentKeys(db, ids),
    savedMetricLinksOf(db, ids),
    exposureCohortIds(db, ids),
    holdoutsOf(commandContext(request), projectId, holdoutIds),
  ]);
  const users = await userSummaries(db, holdouts.map((h) => h.createdBy));
  const holdoutById = new Map(holdouts.map((h) => [h.id, holdoutOut(h, users)]));
  return experiments.map((e) =>
    experimentOut(e, keys.get(e.id)?.flagKey ?? '', saved.filter((s) => s.link.experimentId === e.id), cohorts.get(e.id) ?? null, e.holdoutId === null ? null : (holdoutById.get(e.holdoutId) ?? null)),
  );
}

/**
 * PostHog answers a `holdout_id` that names no holdout of the project with a 400 on the field
 * (the core's rules — its scope, its environment, no change after launch — follow in the command).
 */
async function assertHoldoutExists(request: FastifyRequest, projectId: number, holdoutId: number | null | undefined): Promise<void> {
  if (holdoutId === undefined || holdoutId === null) return;
  const found = await holdoutsOf(commandContext(request), projectId, [holdoutId]);
  if (found.length === 0) throw invalid('holdout_id', `Invalid pk "${holdoutId}" - object does not exist.`);
}

async function renderOne(request: FastifyRequest, experiment: CoreExperiment) {
  const [out] = await render(request, [experiment]);
  if (!out) throw new Error('rendering an experiment gave nothing');
  return out;
}

/** The experiment, if it belongs to the project in the path. */
export async function experimentIn(request: FastifyRequest, projectId: number, id: number): Promise<CoreExperiment> {
  const experiment = await getExperiment(commandContext(request), id);
  if (experiment.projectId !== projectId) throw notFound('experiment', id);
  return experiment;
}

type Links = { savedMetricId: number; role: SavedMetricRole; query: Readonly<Record<string, unknown>> }[];

/** The saved metrics a request links (every id must exist), or undefined when it names none. */
async function linksOf(request: FastifyRequest, projectId: number, given: ExperimentRequest['saved_metrics_ids']): Promise<Links | undefined> {
  if (given === undefined) return undefined;
  const items = given ?? [];
  const metrics = await savedMetricsFor(commandContext(request), projectId, items.map((i) => i.id));
  return items.map((item, i) => ({ savedMetricId: item.id, role: item.metadata?.type ?? 'primary', query: metrics[i]?.query ?? {} }));
}

/**
 * Core metrics (and how many are primary) for the extras. The events they name are created when
 * missing inside the experiment command's transaction, so a refused request creates none.
 */
function metricsFor(request: FastifyRequest, projectId: number, extras: PostHogExtras, links: Links): { metrics: MetricsIn; primaryCount: number } {
  const saved = { primary: links.filter((l) => l.role === 'primary').map((l) => l.query), secondary: links.filter((l) => l.role === 'secondary').map((l) => l.query) };
  const { refs, primaryCount } = metricsOfExtras(extras, saved);
  const ctx = commandContext(request);
  const metrics: MetricsIn = async (tx) => metricDrafts(refs, await ensureEventsIn(ctx, tx, projectId, refs.map((r) => ({ key: r.eventKey, field: r.field }))));
  return { metrics, primaryCount };
}

export async function experimentRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/experiments/', {
    schema: { operationId: 'experiments_list', tags, params: ProjectParams, querystring: Type.Object(LimitOffsetQuery), response: { 200: Paginated(Experiment), ...errorResponses } },
    config: { permission: 'experiment:read' },
  }, async (request) => {
    const window = windowOf(request.query);
    const page = await listRecentExperiments(commandContext(request), request.params.project_id, window);
    return envelope(request, window, page.total, await render(request, page.items));
  });

  r.post('/experiments/', {
    schema: { operationId: 'experiments_create', tags, params: ProjectParams, body: ExperimentRequest, response: { 201: Experiment, ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request, reply) => {
    const b = request.body;
    const projectId = request.params.project_id;
    const { name, feature_flag_key: flagKey } = b;
    if (name === undefined) throw invalid('name', 'This field is required.');
    if (flagKey === undefined) throw invalid('feature_flag_key', 'This field is required.');
    await assertHoldoutExists(request, projectId, b.holdout_id);
    const variations = variationsOf(b.parameters, true);
    const extras = mergeExtras(extrasOf({ extras: {}, statsMethod: null } as unknown as CoreExperiment), b);
    const links = (await linksOf(request, projectId, b.saved_metrics_ids)) ?? [];
    const { metrics, primaryCount } = metricsFor(request, projectId, extras, links);
    const ctx = commandContext(request);
    // One transaction for the experiment, its saved metric links and its launch: all or nothing.
    const [first, ...later] = statusSteps('draft', false, false, b);
    const launch = first?.status === 'running';
    let experiment = await asField(first?.field ?? 'start_date', () => createExperiment(ctx, projectId, {
      name,
      key: `${slugify(flagKey).slice(0, 50)}-${randomBytes(4).toString('hex')}`,
      description: b.description ?? '',
      flagKey,
      flagName: `Feature Flag for Experiment ${name}`,
      variations,
      metrics,
      statsMethod: statsMethodOf(b.stats_config) ?? null,
      holdoutId: b.holdout_id ?? null,
      extras: { [EXTRAS_KEY]: { ...extras, primary_count: primaryCount } },
      ...(links.length ? { within: (tx, id) => linkSavedMetricsIn(ctx, tx, id, links) } : {}),
      start: launch,
    }));
    for (const step of launch ? later : [first, ...later].filter((s) => s !== undefined)) {
      experiment = await asField(step.field, () => updateExperiment(ctx, experiment.id, { status: step.status }));
    }
    return reply.code(201).send(await renderOne(request, experiment));
  });

  r.get('/experiments/requires_flag_implementation/', {
    schema: {
      operationId: 'experiments_requires_flag_implementation_retrieve',
      tags,
      params: ProjectParams,
      querystring: Type.Object({
        events: Type.Optional(Type.String({ description: 'The metric\'s insight events, as JSON: [{"id": "purchase"}].' })),
        actions: Type.Optional(Type.String()),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
      }, { additionalProperties: true }),
      response: { 200: Type.Object({ result: Type.Boolean() }), ...errorResponses },
    },
    config: { permission: 'experiment:read' },
  }, async (request) => {
    const keys = eventKeysOfQuery(request.query.events);
    return { result: await requiresFlagImplementation(commandContext(request), request.params.project_id, keys, request.query.limit) };
  });

  r.get('/experiments/:id/', {
    schema: { operationId: 'experiments_retrieve', tags, params: ExperimentParams, response: { 200: Experiment, ...errorResponses } },
    config: { permission: 'experiment:read' },
  }, async (request) => renderOne(request, await experimentIn(request, request.params.project_id, request.params.id)));

  r.patch('/experiments/:id/', {
    schema: { operationId: 'experiments_partial_update', tags, params: ExperimentParams, body: ExperimentRequest, response: { 200: Experiment, ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request) => {
    const b = request.body;
    const current = await experimentIn(request, request.params.project_id, request.params.id);
    const [shown] = await render(request, [current]);
    assertUpdatableKeys(b, shown?.feature_flag_key ?? '');
    if (b.holdout_id !== current.holdoutId) await assertHoldoutExists(request, current.projectId, b.holdout_id);
    const extras = mergeExtras(extrasOf(current), b);
    const given = await linksOf(request, current.projectId, b.saved_metrics_ids);
    const links = given ?? (await savedMetricLinksOf(request.server.fieldtest.db, [current.id])).map(({ link, metric }) => ({ savedMetricId: metric.id, role: link.role, query: metric.query }));
    const measured = touchesMetrics(b) ? metricsFor(request, current.projectId, extras, links) : null;
    const ctx = commandContext(request);
    const variations = variationsOf(b.parameters, false);
    const statsMethod = statsMethodOf(b.stats_config);
    // The fields, the saved metric links and the first status move in one transaction, so a
    // refused launch (an editor's, say) leaves the experiment as it was.
    const [first, ...later] = statusSteps(current.status, current.startedAt !== null, current.stoppedAt !== null, b);
    let experiment = await asField(first?.field ?? 'start_date', () => updateExperiment(ctx, current.id, {
      ...(b.name === undefined ? {} : { name: b.name }),
      ...(b.description === undefined ? {} : { description: b.description ?? '' }),
      ...(variations === undefined ? {} : { variations }),
      ...(measured ? { metrics: measured.metrics } : {}),
      ...(statsMethod === undefined ? {} : { statsMethod }),
      ...(b.holdout_id === undefined ? {} : { holdoutId: b.holdout_id }),
      extras: { [EXTRAS_KEY]: { ...extras, primary_count: measured?.primaryCount ?? extras.primary_count } },
      ...(first ? { status: first.status } : {}),
      ...(given ? { within: (tx) => linkSavedMetricsIn(ctx, tx, current.id, given) } : {}),
    }));
    for (const step of later) {
      experiment = await asField(step.field, () => updateExperiment(ctx, experiment.id, { status: step.status }));
    }
    return renderOne(request, experiment);
  });

  r.delete('/experiments/:id/', {
    schema: { operationId: 'experiments_destroy', tags, params: ExperimentParams, response: { 204: Type.Null(), ...errorResponses } },
    config: { permission: 'experiment:write' },
  }, async (request, reply) => {
    const experiment = await experimentIn(request, request.params.project_id, request.params.id);
    await deleteExperiment(commandContext(request), experiment.id);
    return reply.code(204).send(null);
  });
}
