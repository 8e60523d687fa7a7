/** Renames, archives or re-configures a project. */
import { invalid } from '../../core/errors.js';
import type { Project, ProjectSettings, ProjectStatus } from '../../core/project/types.js';
import { bumpVersion } from '../../store/repos/common.js';
import { findProject, writeProject } from '../../store/repos/projects.js';
import { inTransaction, projectFor, type CommandContext } from '../context.js';
import { assertSettings } from './settings.js';

export interface UpdateProjectInput {
  readonly name?: string;
  readonly description?: string;
  readonly status?: ProjectStatus;
  readonly settings?: Partial<ProjectSettings>;
  readonly expectedVersion?: number;
}

export async function updateProject(ctx: CommandContext, projectId: number, input: UpdateProjectInput): Promise<Project> {
  if (input.name !== undefined && input.name.trim() === '') throw invalid('name', 'must not be empty');
  if (input.settings) assertSettings(input.settings);
  return inTransaction(ctx, async (tx) => {
    const project = await projectFor(ctx, tx.db, projectId, 'project:write');
    await bumpVersion(tx.db, 'projects', projectId, input.expectedVersion, 'project', tx.at);
    await writeProject(tx.db, projectId, {
      name: input.name?.trim() ?? project.name,
      description: input.description ?? project.description,
      status: input.status ?? project.status,
      settings: { ...project.settings, ...input.settings },
    });
    tx.changed({ projectId });
    const updated = await findProject(tx.db, projectId);
    if (!updated) throw new Error('project vanished inside its own transaction');
    return updated;
  });
}
