/**
 * Creating an experiment: an experiment rule on a flag in one environment (the primary one
 * unless named). The flag is linked when it exists — unless another running experiment uses it
 * there — or created with the experiment's variations.
 */
import { conflict, invalid, notFound } from '../../core/errors.js';
import { sortableId } from '../../core/ids.js';
import { assertKey, slugify } from '../../core/keys.js';
import type { AudienceIdTree } from '../../core/audience/conditions.js';
import type { StartPolicy } from '../../core/experiment/validate.js';
import type { Experiment, ExperimentType, StatsMethod } from '../../core/experiment/types.js';
import { normalizeMetrics, type MetricDraft } from '../../core/experiment/metrics.js';
import { assertRules, type RuleType } from '../../core/ruleset/validate.js';
import { findExperiment, insertExperiment, experimentRowsOfRules } from '../../store/repos/experiments.js';
import { findFlagByKey, findFlagById, replaceVariations } from '../../store/repos/flags.js';
import { findEnvironmentByKey, listEnvironments } from '../../store/repos/projects.js';
import { ensureRuleset, listRules, replaceRules } from '../../store/repos/rulesets.js';
import { bumpVersion } from '../../store/repos/common.js';
import { inTransaction, projectFor, type CommandContext, type Tx } from '../context.js';
import { insertNewFlag } from '../flag/save-flag.js';
import { assertMetricEvents, draftOf, type VariationWeight } from './experiment-rule.js';
import { applyVerb } from './lifecycle-effects.js';
import { assertHoldoutForExperiment } from '../holdout/experiment-holdout.js';

export interface CreateExperimentInput {
  readonly name: string;
  readonly key?: string;
  readonly description?: string;
  readonly type?: ExperimentType;
  readonly flagKey?: string;
  /** The name of a flag created for the experiment (default: its key). */
  readonly flagName?: string;
  readonly environmentKey?: string;
  readonly variations?: readonly VariationWeight[];
  readonly percentageIncluded?: number;
  readonly audienceConditions?: AudienceIdTree | null;
  /** The metrics, or how to resolve them inside the transaction (creating the events they name). */
  readonly metrics?: readonly MetricDraft[] | MetricsIn;
  readonly statsMethod?: StatsMethod | null;
  readonly holdoutId?: number | null;
  readonly extras?: Readonly<Record<string, unknown>>;
  /** Start right away (needs the start permission). */
  readonly start?: boolean;
  readonly policy?: StartPolicy;
  /** More writes of the caller (a dialect's own tables) in the same transaction, after the insert. */
  readonly within?: (tx: Tx, experimentId: number) => Promise<void>;
}

/** Metrics resolved inside the command's transaction, so what that writes is rolled back with it. */
export type MetricsIn = (tx: Tx) => Promise<readonly MetricDraft[]>;

const DEFAULT_VARIATIONS: readonly VariationWeight[] = [
  { key: 'control', name: 'Control', weight: 5000 },
  { key: 'treatment', name: 'Treatment', weight: 5000 },
];

const ruleTypeOf = (type: ExperimentType): RuleType => (type === 'ab' ? 'a/b_test' : type);

export async function createExperiment(ctx: CommandContext, projectId: number, input: CreateExperimentInput): Promise<Experiment> {
  const name = input.name.trim();
  if (name === '') throw invalid('name', 'is required');
  const key = input.key ?? slugify(name);
  assertKey('key', key);
  const given = input.metrics ?? [];
  const variations = input.variations ?? DEFAULT_VARIATIONS;
  const id = await inTransaction(ctx, async (tx) => {
    await projectFor(ctx, tx.db, projectId, 'experiment:write');
    const metrics = normalizeMetrics(typeof given === 'function' ? await given(tx) : given);
    await assertMetricEvents(tx.db, projectId, metrics);
    const environment = await environmentOf(tx, projectId, input.environmentKey);
    const flag = await flagFor(tx, projectId, environment.id, input.flagKey ?? key, variations, input.flagName);
    const ruleset = await ensureRuleset(tx.db, flag.id, environment.id, tx.at);
    const existing = (await listRules(tx.db, [ruleset.id])).map(draftOf);
    const taken = await tx.db.selectFrom('rules').select('id').where('environment_id', '=', environment.id).where('key', '=', key).where('removed_at', 'is', null).executeTakeFirst();
    if (taken) throw conflict(`key: environment ${environment.key} already has an experiment or rule ${JSON.stringify(key)}`, 'key');
    const type = input.type ?? (variations.length > 2 ? 'multivariate' : 'ab');
    const draft = {
      key,
      type: ruleTypeOf(type),
      name,
      audienceConditions: input.audienceConditions ?? null,
      percentageIncluded: input.percentageIncluded ?? 10000,
      variations: variations.map((v) => ({ variationKey: v.key, weight: v.weight })),
      allowlist: {},
    };
    assertRules([...existing, draft], new Set((await findFlagById(tx.db, flag.id))?.variations.map((v) => v.key)));
    const changes = await replaceRules(tx.db, ruleset, [...existing, draft], tx.at);
    await bumpVersion(tx.db, 'rulesets', ruleset.id, undefined, 'ruleset', tx.at);
    const added = changes.added[0];
    if (!added) throw new Error('the new rule was not added');
    await assertHoldoutForExperiment(tx.db, { id: added.id, projectId, environmentId: environment.id }, input.holdoutId ?? null);
    await insertExperiment(tx.db, {
      id: added.id,
      publicId: sortableId('exp', ctx.clock().getTime()),
      projectId,
      flagId: flag.id,
      environmentId: environment.id,
      key,
      at: tx.at,
      name,
      description: input.description ?? '',
      type,
      status: 'draft',
      metrics,
      statsMethod: input.statsMethod ?? null,
      holdoutId: input.holdoutId ?? null,
      winnerVariationId: null,
      extras: input.extras ?? {},
      startedAt: null,
      stoppedAt: null,
      archivedAt: null,
    });
    if (input.within) await input.within(tx, added.id);
    if (input.start) {
      const row = (await experimentRowsOfRules(tx.db, [added.id]))[0];
      if (row) await applyVerb(ctx, tx, row, 'start', input.policy ? { policy: input.policy } : {});
    }
    tx.changed({ projectId, environmentIds: [environment.id] });
    return added.id;
  });
  const experiment = await findExperiment(ctx.db, id);
  if (!experiment) throw notFound('experiment', id);
  return experiment;
}

async function environmentOf(tx: Tx, projectId: number, environmentKey: string | undefined) {
  if (environmentKey !== undefined) {
    const env = await findEnvironmentByKey(tx.db, projectId, environmentKey);
    if (!env) throw invalid('environment_key', `project ${projectId} has no environment ${JSON.stringify(environmentKey)}`);
    return env;
  }
  const primary = (await listEnvironments(tx.db, projectId)).find((e) => e.isPrimary);
  if (!primary) throw invalid('environment_key', `project ${projectId} has no primary environment`);
  return primary;
}

/** The flag to deliver the experiment: linked if it exists and is free here, else created. */
async function flagFor(tx: Tx, projectId: number, environmentId: number, flagKey: string, variations: readonly VariationWeight[], flagName?: string) {
  const existing = await findFlagByKey(tx.db, projectId, flagKey);
  if (!existing) {
    return insertNewFlag(tx.db, projectId, { key: flagKey, name: flagName ?? flagKey, variations: variations.map((v) => ({ key: v.key, name: v.name ?? v.key, description: '', variables: {} })) }, tx.at);
  }
  const busy = await tx.db.selectFrom('experiments').select('id').where('flag_id', '=', existing.id).where('environment_id', '=', environmentId).where('status', '=', 'running').executeTakeFirst();
  if (busy) throw conflict(`feature_flag_key: flag ${JSON.stringify(flagKey)} is already used by running experiment ${busy.id}`, 'feature_flag_key');
  const missing = variations.filter((v) => !existing.variations.some((fv) => fv.key === v.key));
  if (missing.length) {
    await replaceVariations(tx.db, existing.id, [
      ...existing.variations,
      ...missing.map((v) => ({ key: v.key, name: v.name ?? v.key, description: '', variables: {} })),
    ]);
    await bumpVersion(tx.db, 'flags', existing.id, undefined, 'flag', tx.at);
  }
  return existing;
}
