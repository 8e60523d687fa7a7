/** Audiences: named condition trees over attributes. */
import { invalid, notFound } from '../../core/errors.js';
import { cohortLeavesOf, parseAudienceConditions } from '../../core/audience/conditions.js';
import type { Audience } from '../../core/targeting/types.js';
import { bumpVersion, nextId } from '../../store/repos/common.js';
import { findAudience, insertAudience, writeAudience } from '../../store/repos/targeting.js';
import { existingCohortIds } from '../../store/repos/cohorts.js';
import type { Db } from '../../store/repos/common.js';
import { inTransaction, projectFor, type CommandContext } from '../context.js';

/** A `cohort` leaf must name a cohort of the project (an exposure cohort, say). */
async function assertCohortsExist(db: Db, projectId: number, conditions: string): Promise<void> {
  const leaves = cohortLeavesOf('conditions', parseAudienceConditions('conditions', conditions));
  if (leaves.length === 0) return;
  const known = await existingCohortIds(db, projectId, leaves.map((l) => l.cohortId).filter((id) => Number.isSafeInteger(id)));
  const unknown = leaves.find((l) => !known.has(l.cohortId));
  if (unknown) throw invalid(unknown.path, `cohort ${Number.isNaN(unknown.cohortId) ? 'value' : unknown.cohortId} does not exist in project ${projectId}`);
}

export interface AudienceInput {
  readonly name?: string;
  readonly description?: string;
  readonly conditions?: string;
  readonly archived?: boolean;
  readonly expectedVersion?: number;
}

export async function createAudience(ctx: CommandContext, projectId: number, input: AudienceInput): Promise<Audience> {
  if (input.name === undefined || input.name.trim() === '') throw invalid('name', 'is required');
  const conditions = input.conditions ?? '["and"]';
  parseAudienceConditions('conditions', conditions);
  const name = input.name.trim();
  return inTransaction(ctx, async (tx) => {
    await projectFor(ctx, tx.db, projectId, 'flag:write');
    await assertCohortsExist(tx.db, projectId, conditions);
    const id = await nextId(tx.db);
    await insertAudience(tx.db, id, projectId, { name, description: input.description ?? '', conditions, archived: input.archived ?? false }, tx.at);
    tx.changed({ projectId });
    return (await findAudience(tx.db, id)) as Audience;
  });
}

export async function updateAudience(ctx: CommandContext, id: number, input: AudienceInput): Promise<Audience> {
  if (input.conditions !== undefined) parseAudienceConditions('conditions', input.conditions);
  if (input.name !== undefined && input.name.trim() === '') throw invalid('name', 'must not be empty');
  return inTransaction(ctx, async (tx) => {
    const found = await findAudience(tx.db, id);
    if (!found) throw notFound('audience', id);
    await projectFor(ctx, tx.db, found.projectId, 'flag:write');
    if (input.conditions !== undefined) await assertCohortsExist(tx.db, found.projectId, input.conditions);
    await bumpVersion(tx.db, 'audiences', id, input.expectedVersion, 'audience', tx.at);
    await writeAudience(tx.db, id, {
      name: input.name?.trim() ?? found.name,
      description: input.description ?? found.description,
      conditions: input.conditions ?? found.conditions,
      archived: input.archived ?? found.archived,
    });
    tx.changed({ projectId: found.projectId });
    return (await findAudience(tx.db, id)) as Audience;
  });
}

export async function getAudience(ctx: CommandContext, id: number): Promise<Audience> {
  const found = await findAudience(ctx.db, id);
  if (!found) throw notFound('audience', id);
  await projectFor(ctx, ctx.db, found.projectId, 'flag:read');
  return found;
}
