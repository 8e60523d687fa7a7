/**
 * Exposure cohorts: the visitors exposed to an experiment while it ran (first exposure at or
 * after its start, up to its stop), kept as a cohort that audience conditions can name for later
 * targeting. Membership only grows, so a refresh adds the visitors exposed since the last one.
 */
import { invalid, notFound } from '../../core/errors.js';
import type { Cohort, CohortMember } from '../../core/cohort/types.js';
import type { PageOf } from '../../store/repos/common.js';
import { addExposedVisitors, findCohort, insertCohort } from '../../store/repos/cohorts.js';
import { findExperimentRow } from '../../store/repos/experiments.js';
import { cohortMembersPage, exposureCohortIds } from '../../store/read/cohorts.js';
import { inTransaction, projectFor, type CommandContext, type Tx } from '../context.js';

export interface ExposureCohortInput {
  readonly name: string;
  readonly description?: string;
  /** The definition in the caller's words, stored as given. */
  readonly definition: Readonly<Record<string, unknown>>;
}

/**
 * Adds the visitors exposed since the last refresh. New members change what `cohort` audience
 * leaves match in server-side evaluation, so they are announced as a change of the project that
 * alters no datafile (no environment): OFREP drops the memberships it cached for the project.
 */
async function refresh(tx: Tx, cohort: Cohort): Promise<void> {
  if (cohort.kind !== 'experiment_exposure' || cohort.experimentId === null) return;
  const experiment = await findExperimentRow(tx.db, cohort.experimentId);
  if (!experiment?.started_at) return;
  const toMs = experiment.stopped_at === null ? null : Date.parse(experiment.stopped_at);
  const joined = await addExposedVisitors(tx.db, { id: cohort.id, projectId: cohort.projectId, experimentId: cohort.experimentId }, { fromMs: Date.parse(experiment.started_at), toMs }, tx.at);
  if (joined > 0) tx.changed({ projectId: cohort.projectId, environmentIds: [] });
}

/** Creates the experiment's exposure cohort; 400 unless it was launched and has none yet. */
export async function createExposureCohort(ctx: CommandContext, experimentId: number, input: ExposureCohortInput): Promise<Cohort> {
  const id = await inTransaction(ctx, async (tx) => {
    const row = await findExperimentRow(tx.db, experimentId);
    if (!row) throw notFound('experiment', experimentId);
    await projectFor(ctx, tx.db, row.project_id, 'experiment:write');
    if (row.started_at === null) throw invalid('start_date', 'Experiment does not have a start date');
    if ((await exposureCohortIds(tx.db, [experimentId])).has(experimentId)) throw invalid('exposure_cohort', 'Experiment already has an exposure cohort');
    const cohortId = await insertCohort(tx.db, { projectId: row.project_id, name: input.name, description: input.description ?? '', kind: 'experiment_exposure', experimentId, definition: input.definition }, tx.at);
    const cohort = await findCohort(tx.db, cohortId);
    if (cohort) await refresh(tx, cohort);
    return cohortId;
  });
  return (await findCohort(ctx.db, id)) as Cohort;
}

/** The cohort, brought up to date with the exposures received since its last refresh. */
export async function getCohort(ctx: CommandContext, projectId: number, id: number): Promise<Cohort> {
  await projectFor(ctx, ctx.db, projectId, 'experiment:read');
  const found = await findCohort(ctx.db, id);
  if (!found || found.projectId !== projectId) throw notFound('cohort', id);
  await inTransaction(ctx, (tx) => refresh(tx, found));
  return (await findCohort(ctx.db, id)) as Cohort;
}

/** One window of the cohort's members (refreshed first). */
export async function listCohortMembers(ctx: CommandContext, projectId: number, id: number, window: { limit: number; offset: number }): Promise<PageOf<CohortMember>> {
  const cohort = await getCohort(ctx, projectId, id);
  return cohortMembersPage(ctx.db, cohort.id, window);
}
