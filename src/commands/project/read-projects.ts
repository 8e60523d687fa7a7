/** Reading projects: one, or the page of those the caller can read. */
import { readableProjects } from '../../core/permissions.js';
import type { Project } from '../../core/project/types.js';
import { listProjects } from '../../store/read/lists.js';
import type { PageOf } from '../../store/repos/common.js';
import { projectFor, type CommandContext, type PageRequest } from '../context.js';

export async function getProject(ctx: CommandContext, projectId: number): Promise<Project> {
  return projectFor(ctx, ctx.db, projectId, 'project:read');
}

export async function listReadableProjects(ctx: CommandContext, page: PageRequest): Promise<PageOf<Project>> {
  return listProjects(ctx.db, readableProjects(ctx.actor), page);
}
