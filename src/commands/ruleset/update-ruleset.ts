/**
 * Replacing a ruleset's rules (and its default variation, and optionally its switch). Rules
 * keep their ids by key; experiment rules bring their experiment along: new ones create a draft
 * experiment, rules that leave archive theirs, and a started experiment's variation keys are
 * frozen so its results stay comparable.
 */
import { audienceIdsOf } from '../../core/audience/conditions.js';
import { conflict, invalid } from '../../core/errors.js';
import { sortableId } from '../../core/ids.js';
import { assertRules, isExperimentRule, type RuleDraft, type RuleType } from '../../core/ruleset/validate.js';
import type { ExperimentType } from '../../core/experiment/types.js';
import type { Ruleset } from '../../core/ruleset/types.js';
import { bumpVersion } from '../../store/repos/common.js';
import { experimentRowsOfRules, insertExperiment } from '../../store/repos/experiments.js';
import { ensureRuleset, findRulesetRow, replaceRules, setRulesetState } from '../../store/repos/rulesets.js';
import { existingAudienceIds } from '../../store/repos/targeting.js';
import { inTransaction, projectFor, type CommandContext, type Tx } from '../context.js';
import { applyVerb } from '../experiment/lifecycle-effects.js';
import { draftOf } from '../experiment/experiment-rule.js';
import { getRuleset } from './read-ruleset.js';
import { flagAndEnvironment } from './locate.js';
import { switchRuleset } from './switch-ruleset.js';

export interface UpdateRulesetInput {
  readonly rules?: readonly RuleDraft[];
  readonly defaultVariationKey?: string;
  readonly enabled?: boolean;
  readonly expectedVersion?: number;
}

export function experimentTypeOf(type: RuleType): ExperimentType {
  return type === 'multivariate' ? 'multivariate' : type === 'personalization' ? 'personalization' : 'ab';
}

export async function updateRuleset(ctx: CommandContext, projectId: number, flagKey: string, environmentKey: string, input: UpdateRulesetInput): Promise<Ruleset> {
  await inTransaction(ctx, async (tx) => {
    await projectFor(ctx, tx.db, projectId, 'flag:write');
    const { flag, environment } = await flagAndEnvironment(tx.db, projectId, flagKey, environmentKey);
    const ruleset = await ensureRuleset(tx.db, flag.id, environment.id, tx.at);
    await bumpVersion(tx.db, 'rulesets', ruleset.id, input.expectedVersion, 'ruleset', tx.at);
    const variationKeys = new Set(flag.variations.map((v) => v.key));
    if (input.defaultVariationKey !== undefined) {
      if (!variationKeys.has(input.defaultVariationKey)) throw invalid('default_variation_key', `the flag has no variation ${JSON.stringify(input.defaultVariationKey)}`);
      await setRulesetState(tx.db, ruleset.id, { defaultVariationKey: input.defaultVariationKey });
    }
    if (input.rules) await writeRules(ctx, tx, projectId, ruleset.id, flag.id, input.rules, variationKeys);
    const current = await findRulesetRow(tx.db, flag.id, environment.id);
    if (current && input.enabled !== undefined) await switchRuleset(ctx, tx, current, projectId, input.enabled);
    tx.changed({ projectId, environmentIds: [environment.id] });
  });
  return getRuleset(ctx, projectId, flagKey, environmentKey);
}

async function writeRules(ctx: CommandContext, tx: Tx, projectId: number, rulesetId: number, flagId: number, drafts: readonly RuleDraft[], variationKeys: ReadonlySet<string>): Promise<void> {
  assertRules(drafts, variationKeys);
  const referenced = [...new Set(drafts.flatMap((d) => audienceIdsOf(d.audienceConditions)))];
  const known = await existingAudienceIds(tx.db, projectId, referenced);
  const unknown = referenced.filter((id) => !known.has(id));
  const at = drafts.findIndex((d) => audienceIdsOf(d.audienceConditions).some((id) => !known.has(id)));
  if (unknown.length) throw invalid(`rules[${at}].audience_conditions`, `audience ${unknown.join(', ')} does not exist in project ${projectId}`);

  const ruleset = await tx.db.selectFrom('rulesets').selectAll().where('id', '=', rulesetId).executeTakeFirstOrThrow();
  // Rule keys are experiment keys in the datafile: unique within an environment, across flags.
  const taken = drafts.length === 0 ? undefined : await tx.db.selectFrom('rules').select('key').where('environment_id', '=', ruleset.environment_id).where('ruleset_id', '!=', rulesetId)
    .where('removed_at', 'is', null).where('key', 'in', drafts.map((d) => d.key)).executeTakeFirst();
  if (taken) {
    const i = drafts.findIndex((d) => d.key === taken.key);
    throw conflict(`rules[${i}].key: another flag already has a rule ${JSON.stringify(taken.key)} in this environment`, `rules[${i}].key`);
  }
  const changes = await replaceRules(tx.db, ruleset, drafts, tx.at);
  const experimentRows = await experimentRowsOfRules(tx.db, [...changes.kept.map((k) => k.id), ...changes.removed.map((r) => r.id)]);
  const experimentOf = new Map(experimentRows.map((e) => [e.id, e]));

  for (const removed of changes.removed) {
    const row = experimentOf.get(removed.id);
    if (row && row.status !== 'archived') await applyVerb(ctx, tx, row, 'archive');
  }
  const created: number[] = changes.added.filter((a) => isExperimentRule(a.draft.type)).map((a) => a.id);
  for (const kept of changes.kept) {
    const row = experimentOf.get(kept.id);
    const index = drafts.indexOf(kept.draft);
    if (!isExperimentRule(kept.draft.type)) {
      if (row && row.status !== 'archived') await applyVerb(ctx, tx, row, 'archive');
      continue;
    }
    if (!row) {
      created.push(kept.id);
      continue;
    }
    if (row.started_at !== null) {
      const before = new Set((JSON.parse(kept.before.variations) as { variationKey: string }[]).map((v) => v.variationKey));
      const after = new Set(kept.draft.variations.map((v) => v.variationKey));
      if (before.size !== after.size || [...before].some((k) => !after.has(k))) {
        throw invalid(`rules[${index}].variations`, `experiment ${row.id} has started: its variation keys (${[...before].join(', ')}) cannot change`);
      }
    }
    await tx.db.updateTable('experiments').set({ type: experimentTypeOf(kept.draft.type), updated_at: tx.at }).where('id', '=', row.id).execute();
    // The experiment reads its traffic from this rule: when that changed, so did the experiment.
    const traffic = (d: RuleDraft) => JSON.stringify([d.type, d.audienceConditions, d.percentageIncluded, d.variations]);
    if (traffic(draftOf(kept.before)) !== traffic(kept.draft)) await bumpVersion(tx.db, 'experiments', row.id, undefined, 'experiment', tx.at);
  }
  const createdDrafts = new Map([...changes.added, ...changes.kept].map((c) => [c.id, c.draft]));
  for (const id of created) {
    const draft = createdDrafts.get(id);
    if (!draft) continue;
    await insertExperiment(tx.db, {
      id,
      publicId: sortableId('exp', ctx.clock().getTime()),
      projectId,
      flagId,
      environmentId: ruleset.environment_id,
      key: draft.key,
      at: tx.at,
      name: draft.name || draft.key,
      description: '',
      type: experimentTypeOf(draft.type),
      status: 'draft',
      metrics: [],
      statsMethod: null,
      holdoutId: null,
      winnerVariationId: null,
      extras: {},
      startedAt: null,
      stoppedAt: null,
      archivedAt: null,
    });
    // A rule added to a live ruleset goes live with it: that is starting its experiment.
    if (ruleset.enabled === 1) {
      const row = (await experimentRowsOfRules(tx.db, [id]))[0];
      if (row) await applyVerb(ctx, tx, row, 'start', { syncRuleset: false });
    }
  }
}
