/** Reading experiments. */
import { notFound } from '../../core/errors.js';
import type { Experiment } from '../../core/experiment/types.js';
import { listExperiments, listExperimentsNewestFirst } from '../../store/read/lists.js';
import type { PageOf } from '../../store/repos/common.js';
import { findExperiment } from '../../store/repos/experiments.js';
import { projectFor, type CommandContext, type PageRequest } from '../context.js';

export async function getExperiment(ctx: CommandContext, id: number): Promise<Experiment> {
  const experiment = await findExperiment(ctx.db, id);
  if (!experiment) throw notFound('experiment', id);
  await projectFor(ctx, ctx.db, experiment.projectId, 'experiment:read');
  return experiment;
}

export async function listProjectExperiments(ctx: CommandContext, projectId: number, page: PageRequest): Promise<PageOf<Experiment>> {
  await projectFor(ctx, ctx.db, projectId, 'experiment:read');
  return listExperiments(ctx.db, projectId, page);
}

/** A project's experiments newest first, `limit` from `offset`. */
export async function listRecentExperiments(ctx: CommandContext, projectId: number, window: { limit: number; offset: number }): Promise<PageOf<Experiment>> {
  await projectFor(ctx, ctx.db, projectId, 'experiment:read');
  return listExperimentsNewestFirst(ctx.db, projectId, window);
}
