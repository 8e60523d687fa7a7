/** Reading flags, with their rulesets in every environment, and the "features" view of them. */
import { notFound } from '../../core/errors.js';
import { authorize } from '../../core/permissions.js';
import type { Flag } from '../../core/flag/types.js';
import type { Ruleset } from '../../core/ruleset/types.js';
import { listFlags } from '../../store/read/lists.js';
import { rulesetsOf } from '../../store/read/rulesets.js';
import type { PageOf } from '../../store/repos/common.js';
import { findFlagById, findFlagByKey } from '../../store/repos/flags.js';
import { findProject, listEnvironments } from '../../store/repos/projects.js';
import { projectFor, type CommandContext, type PageRequest } from '../context.js';

export interface FlagView {
  readonly flag: Flag;
  /** Environment key → ruleset. */
  readonly rulesets: ReadonlyMap<string, Ruleset>;
}

async function withRulesets(ctx: CommandContext, projectId: number, flags: readonly Flag[]): Promise<FlagView[]> {
  const all = await rulesetsOf(ctx.db, projectId, flags);
  return flags.map((flag) => ({ flag, rulesets: all.get(flag.id) ?? new Map() }));
}

/**
 * One flag with its rulesets: the hot read of the management API, so it reads the project's
 * environments and the flag at once, and the project row only when there are no environments
 * (every project is created with two, so only to tell an unknown project from an empty one).
 */
export async function getFlag(ctx: CommandContext, projectId: number, flagKey: string): Promise<FlagView> {
  authorize(ctx.actor, 'flag:read', projectId);
  const [environments, flag] = await Promise.all([listEnvironments(ctx.db, projectId), findFlagByKey(ctx.db, projectId, flagKey)]);
  if (environments.length === 0 && !(await findProject(ctx.db, projectId))) throw notFound('project', projectId);
  if (!flag) throw notFound('flag', flagKey);
  const rulesets = (await rulesetsOf(ctx.db, projectId, [flag], environments)).get(flag.id) ?? new Map<string, Ruleset>();
  return { flag, rulesets };
}

export async function listProjectFlags(ctx: CommandContext, projectId: number, page: PageRequest): Promise<PageOf<FlagView>> {
  await projectFor(ctx, ctx.db, projectId, 'flag:read');
  const result = await listFlags(ctx.db, projectId, page);
  return { items: await withRulesets(ctx, projectId, result.items), total: result.total };
}

/** A flag by id as a "feature": the same row, read through another name. */
export async function getFeature(ctx: CommandContext, flagId: number): Promise<Flag> {
  const flag = await findFlagById(ctx.db, flagId);
  if (!flag) throw notFound('feature', flagId);
  await projectFor(ctx, ctx.db, flag.projectId, 'flag:read');
  const live = await findFlagByKey(ctx.db, flag.projectId, flag.key);
  if (!live || live.id !== flag.id) throw notFound('feature', flagId);
  return flag;
}

export async function listFeatures(ctx: CommandContext, projectId: number, page: PageRequest): Promise<PageOf<Flag>> {
  await projectFor(ctx, ctx.db, projectId, 'flag:read');
  return listFlags(ctx.db, projectId, page);
}
