/**
 * Updating an experiment: its description, metrics and traffic (written to its rule), and its
 * status, which moves only along the lifecycle table.
 */
import { invalid, notFound } from '../../core/errors.js';
import type { AudienceIdTree } from '../../core/audience/conditions.js';
import { verbFor, type ExperimentStatus } from '../../core/experiment/lifecycle.js';
import { normalizeMetrics, type MetricDraft } from '../../core/experiment/metrics.js';
import type { StartPolicy } from '../../core/experiment/validate.js';
import type { Experiment, StatsMethod } from '../../core/experiment/types.js';
import { assertRules } from '../../core/ruleset/validate.js';
import { bumpVersion } from '../../store/repos/common.js';
import { extrasOf, findExperiment, findExperimentRow } from '../../store/repos/experiments.js';
import { findFlagById, replaceVariations } from '../../store/repos/flags.js';
import type { Db } from '../../store/repos/common.js';
import { findRule, listRules, replaceRules } from '../../store/repos/rulesets.js';
import { inTransaction, projectFor, type CommandContext, type Tx } from '../context.js';
import { assertMetricEvents, draftOf, withTraffic, type VariationWeight } from './experiment-rule.js';
import { applyVerb } from './lifecycle-effects.js';
import type { MetricsIn } from './create-experiment.js';
import { assertHoldoutForExperiment } from '../holdout/experiment-holdout.js';

export interface UpdateExperimentInput {
  readonly name?: string;
  readonly description?: string;
  readonly metrics?: readonly MetricDraft[] | MetricsIn;
  readonly variations?: readonly VariationWeight[];
  readonly percentageIncluded?: number;
  readonly audienceConditions?: AudienceIdTree | null;
  readonly statsMethod?: StatsMethod | null;
  readonly holdoutId?: number | null;
  readonly extras?: Readonly<Record<string, unknown>>;
  /** The status to move to; the lifecycle decides whether that is allowed. */
  readonly status?: ExperimentStatus;
  readonly winnerVariationId?: number | null;
  readonly expectedVersion?: number;
  readonly policy?: StartPolicy;
  /** More writes of the caller (a dialect's own tables) in the same transaction, before the status moves. */
  readonly within?: (tx: Tx) => Promise<void>;
}

export async function updateExperiment(ctx: CommandContext, id: number, input: UpdateExperimentInput): Promise<Experiment> {
  if (input.name !== undefined && input.name.trim() === '') throw invalid('name', 'must not be empty');
  const given = input.metrics;
  await inTransaction(ctx, async (tx) => {
    const row = await findExperimentRow(tx.db, id);
    if (!row) throw notFound('experiment', id);
    await projectFor(ctx, tx.db, row.project_id, 'experiment:write');
    const metrics = given === undefined ? undefined : normalizeMetrics(typeof given === 'function' ? await given(tx) : given);
    if (metrics) await assertMetricEvents(tx.db, row.project_id, metrics);
    if (input.holdoutId !== undefined && input.holdoutId !== row.holdout_id && row.started_at !== null) {
      throw invalid('holdout_id', 'the holdout of an experiment cannot change after it has started');
    }
    if (input.holdoutId !== undefined && input.holdoutId !== row.holdout_id) {
      await assertHoldoutForExperiment(tx.db, { id, projectId: row.project_id, environmentId: row.environment_id }, input.holdoutId);
    }
    await bumpVersion(tx.db, 'experiments', id, input.expectedVersion, 'experiment', tx.at);
    const stats = JSON.parse(row.stats_config) as { method?: StatsMethod };
    const statsMethod = input.statsMethod === undefined ? stats.method : input.statsMethod;
    await tx.db
      .updateTable('experiments')
      .set({
        name: input.name?.trim() ?? row.name,
        description: input.description ?? row.description,
        metrics: metrics ? JSON.stringify(metrics) : row.metrics,
        stats_config: JSON.stringify(statsMethod ? { method: statsMethod } : {}),
        holdout_id: input.holdoutId === undefined ? row.holdout_id : input.holdoutId,
        extras: input.extras ? JSON.stringify({ ...extrasOf(row), ...input.extras }) : row.extras,
      })
      .where('id', '=', id)
      .execute();
    if (input.variations || input.percentageIncluded !== undefined || input.audienceConditions !== undefined) {
      const rule = await findRule(tx.db, id);
      if (!rule || rule.removed_at !== null) throw invalid('variations', 'this experiment no longer has a rule to deliver it (it was removed from its ruleset)');
      if (input.variations && row.started_at !== null) {
        const before = new Set(draftOf(rule).variations.map((v) => v.variationKey));
        const after = new Set(input.variations.map((v) => v.key));
        if (before.size !== after.size || [...before].some((k) => !after.has(k))) {
          throw invalid('variations', `the experiment has started: its variation keys (${[...before].join(', ')}) cannot change to (${[...after].join(', ')})`);
        }
      }
      if (input.variations) await addMissingVariations(tx.db, row.flag_id, input.variations, tx.at);
      const siblings = (await listRules(tx.db, [rule.ruleset_id])).map((r) => (r.id === id ? withTraffic(draftOf(r), input) : draftOf(r)));
      const flag = await findFlagById(tx.db, row.flag_id);
      assertRules(siblings, new Set(flag?.variations.map((v) => v.key)));
      const ruleset = await tx.db.selectFrom('rulesets').selectAll().where('id', '=', rule.ruleset_id).executeTakeFirstOrThrow();
      await replaceRules(tx.db, ruleset, siblings, tx.at);
      await bumpVersion(tx.db, 'rulesets', ruleset.id, undefined, 'ruleset', tx.at);
    }
    if (input.winnerVariationId !== undefined && input.status !== 'completed') {
      await tx.db.updateTable('experiments').set({ winner_variation_id: input.winnerVariationId }).where('id', '=', id).execute();
    }
    if (input.within) await input.within(tx);
    if (input.status !== undefined) {
      const verb = verbFor(row.status as ExperimentStatus, input.status);
      const current = await findExperimentRow(tx.db, id);
      if (verb && current) {
        await applyVerb(ctx, tx, current, verb, {
          versioned: true,
          ...(input.policy ? { policy: input.policy } : {}),
          ...(input.winnerVariationId === undefined ? {} : { winnerVariationId: input.winnerVariationId }),
        });
      }
    }
    tx.changed({ projectId: row.project_id, environmentIds: [row.environment_id] });
  });
  const experiment = await findExperiment(ctx.db, id);
  if (!experiment) throw notFound('experiment', id);
  return experiment;
}

/** A draft may bring new variation keys: the flag gets them (existing ones are kept). */
async function addMissingVariations(db: Db, flagId: number, variations: readonly VariationWeight[], at: string): Promise<void> {
  const flag = await findFlagById(db, flagId);
  if (!flag) return;
  const missing = variations.filter((v) => !flag.variations.some((fv) => fv.key === v.key));
  if (missing.length === 0) return;
  await replaceVariations(db, flagId, [
    ...flag.variations,
    ...missing.map((v) => ({ key: v.key, name: v.name ?? v.key, description: '', variables: {} })),
  ]);
  await bumpVersion(db, 'flags', flagId, undefined, 'flag', at);
}
