/** Lists of a project's environments, attributes, audiences and events. */
import type { Environment } from '../../core/project/types.js';
import type { Attribute, Audience, EventDefinition } from '../../core/targeting/types.js';
import { listAttributes, listAudiences, listEnvironmentPage, listEvents } from '../../store/read/lists.js';
import type { PageOf } from '../../store/repos/common.js';
import { projectFor, type CommandContext, type PageRequest } from '../context.js';

export async function listProjectEnvironments(ctx: CommandContext, projectId: number, page: PageRequest): Promise<PageOf<Environment>> {
  await projectFor(ctx, ctx.db, projectId, 'project:read');
  return listEnvironmentPage(ctx.db, projectId, page);
}

export async function listProjectAttributes(ctx: CommandContext, projectId: number, page: PageRequest): Promise<PageOf<Attribute>> {
  await projectFor(ctx, ctx.db, projectId, 'flag:read');
  return listAttributes(ctx.db, projectId, page);
}

export async function listProjectAudiences(ctx: CommandContext, projectId: number, page: PageRequest): Promise<PageOf<Audience>> {
  await projectFor(ctx, ctx.db, projectId, 'flag:read');
  return listAudiences(ctx.db, projectId, page);
}

export async function listProjectEvents(ctx: CommandContext, projectId: number, page: PageRequest): Promise<PageOf<EventDefinition>> {
  await projectFor(ctx, ctx.db, projectId, 'experiment:read');
  return listEvents(ctx.db, projectId, page);
}
