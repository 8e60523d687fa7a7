/**
 * Start, pause, resume and stop as actions: the core lifecycle decides what is legal, and the
 * answer says whether the change is live in the served web config and how many other changes
 * landed since the version the caller had.
 */
import { invalid } from '../../core/errors.js';
import { transition, type LifecycleVerb } from '../../core/experiment/lifecycle.js';
import type { WebExperiment } from '../../store/read/web-experiments.js';
import { runningWebExperimentIds } from '../../store/read/web-config.js';
import { projectFor, type CommandContext } from '../context.js';
import { loadWebExperiment } from './read-web-experiments.js';
import { updateWebExperiment } from './update-web-experiment.js';

export type PublishStatus = 'published' | 'pending_publish';

export interface LifecycleOutcome {
  readonly publishStatus: PublishStatus;
  readonly concurrentVersionChanges: number;
  readonly experiment: WebExperiment;
}

/** Whether what the snippet of the experiment's environment serves now matches its status. */
export async function publishStatusOf(ctx: CommandContext, w: WebExperiment): Promise<PublishStatus> {
  const live = await runningWebExperimentIds(ctx.db, w.experiment.environmentId);
  return live.has(w.experiment.id) === (w.experiment.status === 'running') ? 'published' : 'pending_publish';
}

export async function runWebLifecycle(
  ctx: CommandContext,
  id: number,
  verb: Exclude<LifecycleVerb, 'archive'>,
  options: { winnerVariantId?: string; expectedVersion?: number },
): Promise<LifecycleOutcome> {
  const current = await loadWebExperiment(ctx, id);
  await projectFor(ctx, ctx.db, current.experiment.projectId, 'experiment:write');
  const target = transition(current.experiment.status, verb);
  if (options.winnerVariantId !== undefined && verb !== 'stop') throw invalid('winnerVariantId', 'is only accepted when stopping');
  const concurrentVersionChanges = options.expectedVersion === undefined ? 0 : Math.max(0, current.experiment.version - options.expectedVersion);
  const experiment = await updateWebExperiment(ctx, id, {
    status: target,
    ...(options.winnerVariantId === undefined ? {} : { winnerVariantId: options.winnerVariantId }),
  });
  return { publishStatus: await publishStatusOf(ctx, experiment), concurrentVersionChanges, experiment };
}
