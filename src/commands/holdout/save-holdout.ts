/**
 * Creating and updating holdouts (core/holdout/types.ts). Running a holdout changes who sees
 * experiments, so setting one running needs the start permission, like starting an experiment.
 */
import { audienceIdsOf, parseRuleAudienceConditions, type AudienceIdTree } from '../../core/audience/conditions.js';
import { conflict, invalid, notFound } from '../../core/errors.js';
import { assertKey } from '../../core/keys.js';
import { authorize } from '../../core/permissions.js';
import type { Holdout, HoldoutScope, HoldoutStatus } from '../../core/holdout/types.js';
import { holdoutScopes, holdoutStatuses, keyWithId } from '../../core/holdout/types.js';
import { assertHoldoutPercentage } from '../../core/holdout/validate.js';
import { bumpVersion, nextId } from '../../store/repos/common.js';
import { findHoldout, findHoldoutByKey, insertHoldout, setHoldoutExperiments, writeHoldout } from '../../store/repos/holdouts.js';
import { findEnvironmentByKey, listEnvironments } from '../../store/repos/projects.js';
import { existingAudienceIds } from '../../store/repos/targeting.js';
import { inTransaction, projectFor, type CommandContext, type Tx } from '../context.js';
import { assertExperimentsMayNameHoldout } from './experiment-holdout.js';

export interface HoldoutInput {
  readonly environmentKey?: string;
  /** On create, `{id}` in it stands for the new holdout's id (`holdout-{id}`). */
  readonly key?: string;
  /** Create only: the held-back variation's key (default `off`); `{id}` as in `key`. */
  readonly variationKey?: string;
  readonly name?: string;
  readonly description?: string;
  readonly status?: HoldoutStatus;
  readonly scope?: HoldoutScope;
  readonly percentageIncluded?: number;
  /** JSON text over audience ids ("" or absent: everyone). */
  readonly audienceConditions?: string | null;
  /** Scope `experiments`: exactly the experiments the holdout covers. */
  readonly experimentIds?: readonly number[];
  readonly expectedVersion?: number;
}

function check(input: HoldoutInput): void {
  if (input.status !== undefined && !(holdoutStatuses as readonly string[]).includes(input.status)) throw invalid('status', `must be one of ${holdoutStatuses.join(', ')}`);
  if (input.scope !== undefined && !(holdoutScopes as readonly string[]).includes(input.scope)) throw invalid('scope', `must be one of ${holdoutScopes.join(', ')}`);
  if (input.percentageIncluded !== undefined) assertHoldoutPercentage(input.percentageIncluded);
}

async function audienceTree(tx: Tx, projectId: number, text: string | null): Promise<AudienceIdTree | null> {
  const tree = parseRuleAudienceConditions('audience_conditions', text);
  const ids = audienceIdsOf(tree);
  const known = await existingAudienceIds(tx.db, projectId, ids);
  const unknown = ids.filter((i) => !known.has(i));
  if (unknown.length) throw invalid('audience_conditions', `audience ${unknown.join(', ')} does not exist in project ${projectId}`);
  return tree;
}

export async function createHoldout(ctx: CommandContext, projectId: number, input: HoldoutInput): Promise<Holdout> {
  check(input);
  const keyTemplate = input.key ?? '';
  // The id is not known yet: check the template's shape with a stand-in id.
  assertKey('key', keyWithId(keyTemplate, 1));
  if (input.variationKey !== undefined) assertKey('variation_key', keyWithId(input.variationKey, 1));
  const scope = input.scope ?? 'environment';
  const status = input.status ?? 'paused';
  if (scope === 'environment' && input.experimentIds?.length) throw invalid('experiment_ids', 'a holdout of the whole environment names no experiments; use scope "experiments"');
  const id = await inTransaction(ctx, async (tx) => {
    await projectFor(ctx, tx.db, projectId, 'experiment:write');
    if (status === 'running') authorize(ctx.actor, 'experiment:start', projectId);
    const envs = await listEnvironments(tx.db, projectId);
    const env = input.environmentKey === undefined ? envs.find((e) => e.isPrimary) : envs.find((e) => e.key === input.environmentKey);
    if (!env) throw invalid('environment_key', `project ${projectId} has no environment ${JSON.stringify(input.environmentKey ?? '(primary)')}`);
    const holdoutId = await nextId(tx.db);
    const key = keyWithId(keyTemplate, holdoutId);
    if (await findHoldoutByKey(tx.db, env.id, key)) throw conflict(`key: environment ${env.key} already has a holdout ${JSON.stringify(key)}`, 'key');
    await insertHoldout(tx.db, {
      id: holdoutId,
      projectId,
      environmentId: env.id,
      variationId: await nextId(tx.db),
      variationKey: input.variationKey === undefined ? null : keyWithId(input.variationKey, holdoutId),
      createdBy: ctx.actor.userId,
      at: tx.at,
      key,
      name: input.name?.trim() || key,
      description: input.description ?? '',
      status,
      scope,
      percentageIncluded: input.percentageIncluded ?? 0,
      audienceConditions: await audienceTree(tx, projectId, input.audienceConditions ?? null),
    });
    const experimentIds = input.experimentIds ?? [];
    await assertExperimentsMayNameHoldout(tx.db, { id: holdoutId, projectId, environmentId: env.id, scope }, experimentIds, []);
    await setHoldoutExperiments(tx.db, holdoutId, experimentIds, tx.at);
    tx.changed({ projectId, environmentIds: [env.id] });
    return holdoutId;
  });
  return (await findHoldout(ctx.db, id)) as Holdout;
}

export async function updateHoldout(ctx: CommandContext, id: number, input: HoldoutInput): Promise<Holdout> {
  check(input);
  if (input.key !== undefined) assertKey('key', input.key);
  await inTransaction(ctx, async (tx) => {
    const holdout = await findHoldout(tx.db, id);
    if (!holdout) throw notFound('holdout', id);
    await projectFor(ctx, tx.db, holdout.projectId, 'experiment:write');
    if (input.environmentKey !== undefined && input.environmentKey !== holdout.environmentKey) {
      const exists = await findEnvironmentByKey(tx.db, holdout.projectId, input.environmentKey);
      throw invalid('environment_key', exists ? 'a holdout cannot move to another environment; create one there instead' : `project has no environment ${JSON.stringify(input.environmentKey)}`);
    }
    if (input.status === 'running' && holdout.status !== 'running') authorize(ctx.actor, 'experiment:start', holdout.projectId);
    const key = input.key ?? holdout.key;
    if (key !== holdout.key && (await findHoldoutByKey(tx.db, holdout.environmentId, key))) throw conflict(`key: environment ${holdout.environmentKey} already has a holdout ${JSON.stringify(key)}`, 'key');
    await bumpVersion(tx.db, 'holdouts', id, input.expectedVersion, 'holdout', tx.at);
    const scope = input.scope ?? holdout.scope;
    const experimentIds = scope === 'environment' ? [] : (input.experimentIds ?? holdout.experimentIds);
    if (scope === 'environment' && input.experimentIds?.length) throw invalid('experiment_ids', 'a holdout of the whole environment names no experiments; use scope "experiments"');
    await writeHoldout(tx.db, id, {
      key,
      name: input.name?.trim() || holdout.name,
      description: input.description ?? holdout.description,
      status: input.status ?? holdout.status,
      scope,
      percentageIncluded: input.percentageIncluded ?? holdout.percentageIncluded,
      audienceConditions: input.audienceConditions === undefined ? holdout.audienceConditions : await audienceTree(tx, holdout.projectId, input.audienceConditions),
    });
    await assertExperimentsMayNameHoldout(tx.db, { ...holdout, scope }, experimentIds, holdout.experimentIds);
    await setHoldoutExperiments(tx.db, id, experimentIds, tx.at);
    tx.changed({ projectId: holdout.projectId, environmentIds: [holdout.environmentId] });
  });
  return (await findHoldout(ctx.db, id)) as Holdout;
}
