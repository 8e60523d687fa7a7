/** Reading one ruleset. */
import type { Ruleset } from '../../core/ruleset/types.js';
import { rulesetsOf } from '../../store/read/rulesets.js';
import { projectFor, type CommandContext } from '../context.js';
import { flagAndEnvironment } from './locate.js';

export async function getRuleset(ctx: CommandContext, projectId: number, flagKey: string, environmentKey: string): Promise<Ruleset> {
  await projectFor(ctx, ctx.db, projectId, 'flag:read');
  const { flag, environment } = await flagAndEnvironment(ctx.db, projectId, flagKey, environmentKey);
  const ruleset = (await rulesetsOf(ctx.db, projectId, [flag], [environment])).get(flag.id)?.get(environment.key);
  if (!ruleset) throw new Error('ruleset view is missing its own environment');
  return ruleset;
}
