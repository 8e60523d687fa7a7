/** Creating and updating environments; keys are unique per project, one is primary. */
import { createHash } from 'node:crypto';
import { conflict, invalid, notFound } from '../../core/errors.js';
import { assertKey } from '../../core/keys.js';
import type { Environment } from '../../core/project/types.js';
import { bumpVersion } from '../../store/repos/common.js';
import { findEnvironment, findEnvironmentByKey, insertEnvironment, listEnvironments, makePrimary, writeEnvironment } from '../../store/repos/projects.js';
import { inTransaction, projectFor, type CommandContext } from '../context.js';
import { newSdkKey, randomKey } from './sdk-key.js';

export interface EnvironmentInput {
  readonly key?: string;
  readonly name?: string;
  readonly isPrimary?: boolean;
  readonly priority?: number;
  readonly archived?: boolean;
  /** Secure mode: the datafile then needs the environment's access token. */
  readonly datafileSecure?: boolean;
  readonly expectedVersion?: number;
}

/** An environment, plus its datafile access token when one was (re)issued by this call. */
export interface SavedEnvironment {
  readonly environment: Environment;
  readonly datafileAccessToken: string | null;
}

export function hashDatafileToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createEnvironment(ctx: CommandContext, projectId: number, input: EnvironmentInput): Promise<SavedEnvironment> {
  if (input.key === undefined) throw invalid('key', 'is required');
  const key = input.key;
  assertKey('key', key);
  return inTransaction(ctx, async (tx) => {
    await projectFor(ctx, tx.db, projectId, 'project:write');
    if (await findEnvironmentByKey(tx.db, projectId, key)) throw conflict(`key: project ${projectId} already has an environment ${JSON.stringify(key)}`, 'key');
    const existing = await listEnvironments(tx.db, projectId);
    const env = await insertEnvironment(tx.db, {
      projectId,
      key,
      name: input.name ?? key,
      isPrimary: false,
      priority: input.priority ?? existing.length + 1,
      sdkKey: newSdkKey(),
      at: tx.at,
    });
    const token = input.datafileSecure ? `dat_${randomKey(32)}` : null;
    if (input.datafileSecure || input.archived) {
      await writeEnvironment(tx.db, env.id, { ...env, archived: input.archived ?? false, datafileSecure: Boolean(input.datafileSecure), datafileTokenHash: token && hashDatafileToken(token) });
    }
    if (input.isPrimary) await makePrimary(tx.db, projectId, env.id);
    tx.changed({ projectId, environmentIds: [env.id] });
    return { environment: (await findEnvironment(tx.db, env.id)) ?? env, datafileAccessToken: token };
  });
}

export async function updateEnvironment(ctx: CommandContext, environmentId: number, input: EnvironmentInput): Promise<SavedEnvironment> {
  return inTransaction(ctx, async (tx) => {
    const env = await findEnvironment(tx.db, environmentId);
    if (!env) throw notFound('environment', environmentId);
    await projectFor(ctx, tx.db, env.projectId, 'project:write');
    const key = input.key ?? env.key;
    if (key !== env.key) {
      assertKey('key', key);
      if (await findEnvironmentByKey(tx.db, env.projectId, key)) throw conflict(`key: project ${env.projectId} already has an environment ${JSON.stringify(key)}`, 'key');
    }
    if (input.isPrimary === false && env.isPrimary) {
      throw invalid('is_primary', 'a project always has one primary environment: make another environment primary instead');
    }
    await bumpVersion(tx.db, 'environments', environmentId, input.expectedVersion, 'environment', tx.at);
    const turningSecure = input.datafileSecure === true && !env.datafileSecure;
    const token = turningSecure ? `dat_${randomKey(32)}` : null;
    await writeEnvironment(tx.db, environmentId, {
      key,
      name: input.name ?? env.name,
      isPrimary: env.isPrimary,
      priority: input.priority ?? env.priority,
      archived: input.archived ?? env.archived,
      datafileSecure: input.datafileSecure ?? env.datafileSecure,
      ...(turningSecure ? { datafileTokenHash: token && hashDatafileToken(token) } : input.datafileSecure === false ? { datafileTokenHash: null } : {}),
    });
    if (input.isPrimary === true && !env.isPrimary) await makePrimary(tx.db, env.projectId, environmentId);
    tx.changed({ projectId: env.projectId, environmentIds: [environmentId] });
    const updated = await findEnvironment(tx.db, environmentId);
    if (!updated) throw notFound('environment', environmentId);
    return { environment: updated, datafileAccessToken: token };
  });
}

export async function getEnvironment(ctx: CommandContext, environmentId: number): Promise<Environment> {
  const env = await findEnvironment(ctx.db, environmentId);
  if (!env) throw notFound('environment', environmentId);
  await projectFor(ctx, ctx.db, env.projectId, 'project:read');
  return env;
}
