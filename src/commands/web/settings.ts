/**
 * Experiment settings: bind web experiments to a project and one of its environments, and carry
 * what the snippet needs (cookie name and lifetime, anti-flicker timeout).
 */
import { invalid, notFound } from '../../core/errors.js';
import { sortableId } from '../../core/ids.js';
import { readableProjects } from '../../core/permissions.js';
import type { WebSettings } from '../../core/web/types.js';
import { assertCookieName } from '../../core/web/validate.js';
import { findEnvironmentByKey, listEnvironments } from '../../store/repos/projects.js';
import { bumpWebSettingsVersion, insertWebSettings, writeWebSettings } from '../../store/repos/web.js';
import { findWebSettings, findWebSettingsById, pageWebSettings } from '../../store/read/web-settings.js';
import { inTransaction, projectFor, type CommandContext } from '../context.js';

export interface WebSettingsInput {
  readonly name?: string;
  readonly projectId?: number;
  readonly environmentKey?: string;
  readonly antiFlickerTimeoutMs?: number;
  readonly cookieName?: string;
  readonly cookieDays?: number;
  readonly expectedVersion?: number;
}

const DEFAULTS = { antiFlickerTimeoutMs: 3000, cookieName: 'ft_vid', cookieDays: 365 };

function assertFields(s: { name: string; antiFlickerTimeoutMs: number; cookieName: string; cookieDays: number }): void {
  if (s.name.trim() === '') throw invalid('name', 'must not be empty');
  if (!Number.isInteger(s.antiFlickerTimeoutMs) || s.antiFlickerTimeoutMs < 0 || s.antiFlickerTimeoutMs > 10000) {
    throw invalid('antiFlickerTimeoutMs', 'must be an integer from 0 to 10000');
  }
  assertCookieName('cookieName', s.cookieName);
  if (!Number.isInteger(s.cookieDays) || s.cookieDays < 1 || s.cookieDays > 400) throw invalid('cookieDays', 'must be an integer from 1 to 400');
}

export async function createWebSettings(ctx: CommandContext, input: WebSettingsInput): Promise<WebSettings> {
  if (input.projectId === undefined) throw invalid('projectId', 'is required');
  const projectId = input.projectId;
  const fields = {
    name: input.name ?? 'Web experiments',
    antiFlickerTimeoutMs: input.antiFlickerTimeoutMs ?? DEFAULTS.antiFlickerTimeoutMs,
    cookieName: input.cookieName ?? DEFAULTS.cookieName,
    cookieDays: input.cookieDays ?? DEFAULTS.cookieDays,
  };
  assertFields(fields);
  const id = await inTransaction(ctx, async (tx) => {
    await projectFor(ctx, tx.db, projectId, 'project:write');
    const environment = input.environmentKey === undefined
      ? (await listEnvironments(tx.db, projectId)).find((e) => e.isPrimary)
      : await findEnvironmentByKey(tx.db, projectId, input.environmentKey);
    if (!environment) throw invalid('environmentKey', `project ${projectId} has no environment ${JSON.stringify(input.environmentKey ?? '(primary)')}`);
    return insertWebSettings(tx.db, { publicId: sortableId('settings', ctx.clock().getTime()), projectId, environmentId: environment.id, at: tx.at, ...fields });
  });
  return (await findWebSettingsById(ctx.db, id)) as WebSettings;
}

export async function getWebSettings(ctx: CommandContext, publicId: string): Promise<WebSettings> {
  const found = await findWebSettings(ctx.db, publicId);
  if (!found) throw notFound('experiment settings', publicId);
  await projectFor(ctx, ctx.db, found.projectId, 'project:read');
  return found;
}

export async function updateWebSettings(ctx: CommandContext, publicId: string, input: WebSettingsInput): Promise<WebSettings> {
  const found = await findWebSettings(ctx.db, publicId);
  if (!found) throw notFound('experiment settings', publicId);
  if (input.projectId !== undefined && input.projectId !== found.projectId) throw invalid('projectId', 'cannot change: create new settings for another project');
  if (input.environmentKey !== undefined && input.environmentKey !== found.environmentKey) {
    throw invalid('environmentKey', 'cannot change: the experiments of these settings live in their environment');
  }
  const fields = {
    name: input.name ?? found.name,
    antiFlickerTimeoutMs: input.antiFlickerTimeoutMs ?? found.antiFlickerTimeoutMs,
    cookieName: input.cookieName ?? found.cookieName,
    cookieDays: input.cookieDays ?? found.cookieDays,
  };
  assertFields(fields);
  await inTransaction(ctx, async (tx) => {
    await projectFor(ctx, tx.db, found.projectId, 'project:write');
    await bumpWebSettingsVersion(tx.db, found.id, input.expectedVersion, tx.at);
    await writeWebSettings(tx.db, found.id, fields);
    tx.changed({ projectId: found.projectId, environmentIds: [found.environmentId] });
  });
  return (await findWebSettingsById(ctx.db, found.id)) as WebSettings;
}

/** Settings across every project the caller can read, one keyset page. */
export async function listWebSettings(ctx: CommandContext, page: { after?: string; limit: number }): Promise<{ items: WebSettings[]; hasMore: boolean }> {
  return pageWebSettings(ctx.db, { projectIds: readableProjects(ctx.actor), limit: page.limit, ...(page.after === undefined ? {} : { after: page.after }) });
}
