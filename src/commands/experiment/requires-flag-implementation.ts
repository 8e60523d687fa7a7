/**
 * Whether metric events need the flag to be implemented through an SDK that reports exposures.
 * A conversion counts for an experiment only after the visitor's exposure, which the SDK records
 * when the code evaluates the flag (a decision/impression, PostHog's `$feature_flag_called`).
 * Over the last 7 days this samples up to `limit` conversions of each metric event; the answer is
 * true when none of them had an exposure of its visitor before it — so results would stay empty
 * until the flag is evaluated through an SDK (or OFREP) that sends exposures.
 */
import type { CommandContext } from '../context.js';
import { projectFor } from '../context.js';
import { sampleConversions } from '../../store/read/exposed-conversions.js';

const WINDOW_MS = 7 * 86_400_000;

export async function requiresFlagImplementation(ctx: CommandContext, projectId: number, eventKeys: readonly string[], limit = 20): Promise<boolean> {
  await projectFor(ctx, ctx.db, projectId, 'experiment:read');
  const since = ctx.clock().getTime() - WINDOW_MS;
  const sample = await sampleConversions(ctx.db, projectId, eventKeys, since, limit);
  return sample.attributable === 0;
}
