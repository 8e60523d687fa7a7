/**
 * Enabling and disabling a ruleset. A ruleset's experiment rules run while it is enabled:
 * enabling starts (or resumes) its draft and paused experiments — which is starting an
 * experiment, so it needs the start permission — and disabling pauses the running ones.
 */
import type { Tx, CommandContext } from '../context.js';
import type { RulesetRow } from '../../store/schema.js';
import { authorize } from '../../core/permissions.js';
import { setRulesetState, listRules } from '../../store/repos/rulesets.js';
import { experimentRowsOfRules } from '../../store/repos/experiments.js';
import { isExperimentRule, type RuleType } from '../../core/ruleset/validate.js';
import { applyVerb } from '../experiment/lifecycle-effects.js';

export async function switchRuleset(ctx: CommandContext, tx: Tx, ruleset: RulesetRow, projectId: number, enabled: boolean): Promise<void> {
  const rules = (await listRules(tx.db, [ruleset.id])).filter((r) => isExperimentRule(r.type as RuleType));
  if (enabled && rules.length > 0) authorize(ctx.actor, 'experiment:start', projectId);
  if ((ruleset.enabled === 1) === enabled) return;
  await setRulesetState(tx.db, ruleset.id, { enabled });
  for (const row of await experimentRowsOfRules(tx.db, rules.map((r) => r.id))) {
    if (enabled && row.status === 'draft') await applyVerb(ctx, tx, row, 'start', { syncRuleset: false });
    else if (enabled && row.status === 'paused') await applyVerb(ctx, tx, row, 'resume', { syncRuleset: false });
    else if (!enabled && row.status === 'running') await applyVerb(ctx, tx, row, 'pause');
  }
  tx.changed({ projectId, environmentIds: [ruleset.environment_id] });
}
