/** Creating a project also creates its production (primary) and development environments. */
import { invalid } from '../../core/errors.js';
import { authorize } from '../../core/permissions.js';
import { defaultEnvironments, type Project, type ProjectSettings, type ProjectStatus } from '../../core/project/types.js';
import { insertEnvironment, insertProject } from '../../store/repos/projects.js';
import { setRole } from '../../store/repos/users.js';
import { accountId } from '../../store/repos/meta.js';
import { inTransaction, type CommandContext } from '../context.js';
import { newSdkKey } from '../environment/sdk-key.js';
import { assertSettings } from './settings.js';

export interface CreateProjectInput {
  readonly name: string;
  readonly description?: string;
  readonly status?: ProjectStatus;
  readonly settings?: Partial<ProjectSettings>;
}

export async function createProject(ctx: CommandContext, input: CreateProjectInput): Promise<Project> {
  authorize(ctx.actor, 'admin:projects');
  const name = input.name.trim();
  if (name === '') throw invalid('name', 'must not be empty');
  if (input.settings) assertSettings(input.settings);
  const created = await inTransaction(ctx, async (tx) => {
    const project = await insertProject(tx.db, {
      accountId: await accountId(tx.db),
      name,
      description: input.description ?? '',
      status: input.status ?? 'active',
      settings: input.settings ?? {},
      at: tx.at,
    });
    for (const env of defaultEnvironments) {
      await insertEnvironment(tx.db, { projectId: project.id, ...env, sdkKey: newSdkKey(), at: tx.at });
    }
    // The creator owns what they create, even if they later stop being an administrator.
    if (!ctx.actor.isAdmin) await setRole(tx.db, ctx.actor.userId, project.id, 'project_owner', tx.at);
    tx.changed({ projectId: project.id });
    return project;
  });
  // A new role for the creator: cached authentications must be read again.
  if (!ctx.actor.isAdmin) await ctx.credentialsChanged?.();
  return created;
}
