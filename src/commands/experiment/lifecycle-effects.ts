/**
 * What a lifecycle step does besides changing the status: who may take it, what must hold
 * first, which timestamps move, and how the delivering ruleset follows. Shared by every path
 * that changes an experiment's status (experiment updates, ruleset switches, dialect actions).
 */
import { notFound } from '../../core/errors.js';
import { transition, startsTraffic, type LifecycleVerb } from '../../core/experiment/lifecycle.js';
import { assertStartable, type StartPolicy } from '../../core/experiment/validate.js';
import { authorize } from '../../core/permissions.js';
import type { ExperimentRow } from '../../store/schema.js';
import { findExperiment } from '../../store/repos/experiments.js';
import { setRulesetState } from '../../store/repos/rulesets.js';
import { bumpVersion } from '../../store/repos/common.js';
import type { CommandContext, Tx } from '../context.js';

export interface VerbOptions {
  readonly policy?: StartPolicy;
  readonly winnerVariationId?: number | null;
  /** False when the caller switches the ruleset itself (enable/disable already in progress). */
  readonly syncRuleset?: boolean;
  /** True when the caller already raised the experiment's version in this transaction. */
  readonly versioned?: boolean;
}

const defaultPolicy: StartPolicy = { requirePrimaryMetric: false };

/** Applies `verb` to the experiment in `row` within the open transaction. */
export async function applyVerb(ctx: CommandContext, tx: Tx, row: ExperimentRow, verb: LifecycleVerb, options: VerbOptions = {}): Promise<void> {
  const next = transition(row.status as Parameters<typeof transition>[0], verb);
  if (startsTraffic(verb)) {
    authorize(ctx.actor, 'experiment:start', row.project_id);
    const experiment = await findExperiment(tx.db, row.id);
    if (!experiment) throw notFound('experiment', row.id);
    assertStartable(experiment, options.policy ?? defaultPolicy);
  }
  const set: Record<string, string | number | null> = { status: next, updated_at: tx.at };
  if (verb === 'start') set.started_at = row.started_at ?? tx.at;
  if (verb === 'stop') {
    set.stopped_at = tx.at;
    if (options.winnerVariationId !== undefined) set.winner_variation_id = options.winnerVariationId;
  }
  if (verb === 'archive') set.archived_at = tx.at;
  await tx.db.updateTable('experiments').set(set).where('id', '=', row.id).execute();
  // Whoever changed the status (a ruleset switch, a rule removal), the experiment changed.
  if (options.versioned !== true) await bumpVersion(tx.db, 'experiments', row.id, undefined, 'experiment', tx.at);
  if (startsTraffic(verb) && options.syncRuleset !== false) {
    const rule = await tx.db.selectFrom('rules').select('ruleset_id').where('id', '=', row.id).executeTakeFirst();
    if (rule) {
      await setRulesetState(tx.db, rule.ruleset_id, { enabled: true });
      await bumpVersion(tx.db, 'rulesets', rule.ruleset_id, undefined, 'ruleset', tx.at);
    }
  }
  tx.changed({ projectId: row.project_id, environmentIds: [row.environment_id] });
}
