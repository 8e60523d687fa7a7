/** Reading web experiments: by public id, and keyset pages across the caller's projects. */
import { notFound } from '../../core/errors.js';
import { readableProjects } from '../../core/permissions.js';
import { loadWebExperiments, pageWebExperiments, webExperimentIdOf, type WebExperiment, type WebExperimentFilter } from '../../store/read/web-experiments.js';
import { projectFor, type CommandContext } from '../context.js';

/** The internal id of a web experiment the caller may read, or not_found. */
export async function resolveWebExperiment(ctx: CommandContext, publicId: string): Promise<number> {
  const id = await webExperimentIdOf(ctx.db, publicId);
  if (id === null) throw notFound('experiment', publicId);
  return id;
}

export async function getWebExperiment(ctx: CommandContext, publicId: string): Promise<WebExperiment> {
  const id = await resolveWebExperiment(ctx, publicId);
  const [found] = await loadWebExperiments(ctx.db, [id]);
  if (!found) throw notFound('experiment', publicId);
  await projectFor(ctx, ctx.db, found.experiment.projectId, 'experiment:read');
  return found;
}

export async function loadWebExperiment(ctx: CommandContext, id: number): Promise<WebExperiment> {
  const [found] = await loadWebExperiments(ctx.db, [id]);
  if (!found) throw notFound('experiment', id);
  return found;
}

/** One page of the web experiments in every project the caller can read. */
export async function listWebExperiments(ctx: CommandContext, filter: Omit<WebExperimentFilter, 'projectIds'>): Promise<{ items: WebExperiment[]; hasMore: boolean }> {
  return pageWebExperiments(ctx.db, { ...filter, projectIds: readableProjects(ctx.actor) });
}
