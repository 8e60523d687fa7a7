/**
 * What every command gets: the database, the caller, a clock, and a sink for change notices that
 * are published after the transaction commits (datafile rebuilds, other processes' caches).
 */
import type { Kysely } from 'kysely';
import type { Action, Actor } from '../core/permissions.js';
import { authorize } from '../core/permissions.js';
import { notFound } from '../core/errors.js';
import type { Project } from '../core/project/types.js';
import type { DB } from '../store/schema.js';
import { bumpRevision, findProject } from '../store/repos/projects.js';
import { nowIso, type Db } from '../store/repos/common.js';

/** A change that alters what a project's environments serve (their datafiles). */
export interface Change {
  readonly projectId: number;
  /** Changed environments; undefined means all of the project's. */
  readonly environmentIds?: readonly number[];
}

export interface CommandContext {
  readonly db: Kysely<DB>;
  readonly actor: Actor;
  readonly clock: () => Date;
  readonly publicUrl: string;
  /** Called once per committed change. */
  readonly publish: (change: Change) => void;
  /** Called after a committed change to tokens, users or roles: caches of authenticated tokens drop what they hold. */
  readonly credentialsChanged?: () => Promise<void> | void;
}

/** A context without an actor, for code paths that authenticate otherwise (CLI, SDK endpoints). */
export type SystemContext = Omit<CommandContext, 'actor'>;

export interface Tx {
  readonly db: Db;
  readonly at: string;
  /** Records a change; published after commit, never for a rolled-back transaction. */
  readonly changed: (change: Change) => void;
}

/** Runs `work` in one transaction: all of it is written or none of it. */
export async function inTransaction<T>(ctx: SystemContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  const changes: Change[] = [];
  const at = nowIso(ctx.clock);
  const result = await ctx.db.transaction().execute(async (trx) => {
    const value = await work({ db: trx, at, changed: (c) => changes.push(c) });
    // Every change raises the revision of the datafiles it alters, in the same transaction.
    for (const change of mergeChanges(changes)) await bumpRevision(trx, change.projectId, at, change.environmentIds);
    return value;
  });
  for (const change of mergeChanges(changes)) ctx.publish(change);
  return result;
}

/** One change per project: the union of its environments, or all of them if any change said so. */
export function mergeChanges(changes: readonly Change[]): Change[] {
  const byProject = new Map<number, Set<number> | null>();
  for (const c of changes) {
    const known = byProject.get(c.projectId);
    if (known === null) continue;
    if (c.environmentIds === undefined) byProject.set(c.projectId, null);
    else byProject.set(c.projectId, new Set([...(known ?? []), ...c.environmentIds]));
  }
  return [...byProject].map(([projectId, ids]) => (ids === null ? { projectId } : { projectId, environmentIds: [...ids] }));
}

/** Loads a project the actor may act on, or throws not_found / forbidden. */
export async function projectFor(ctx: CommandContext, db: Db, projectId: number, action: Action): Promise<Project> {
  authorize(ctx.actor, action, projectId);
  const project = await findProject(db, projectId);
  if (!project) throw notFound('project', projectId);
  return project;
}

export interface PageRequest {
  readonly page: number;
  readonly perPage: number;
}
