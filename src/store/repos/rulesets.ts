/** A flag's ruleset per environment and its ordered rules. */
import type { AudienceIdTree } from '../../core/audience/conditions.js';
import type { RuleDraft, RuleType, RuleVariation } from '../../core/ruleset/validate.js';
import type { Rule } from '../../core/ruleset/types.js';
import type { RuleRow, RulesetRow } from '../schema.js';
import { nextId, parseJson, type Db } from './common.js';

/** The columns of a rule row that make a Rule. */
export type RuleColumns = Pick<RuleRow, 'id' | 'key' | 'name' | 'type' | 'audience_conditions' | 'percentage_included' | 'variations' | 'allowlist' | 'group_id' | 'position'>;

export function rowToRule(r: RuleColumns): Rule {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    type: r.type as RuleType,
    audienceConditions: parseJson<AudienceIdTree | null>(r.audience_conditions, null),
    percentageIncluded: r.percentage_included,
    variations: parseJson<RuleVariation[]>(r.variations, []),
    allowlist: parseJson<Record<string, string>>(r.allowlist, {}),
    groupId: r.group_id,
    position: r.position,
  };
}

export async function findRulesetRow(db: Db, flagId: number, environmentId: number): Promise<RulesetRow | null> {
  return (await db.selectFrom('rulesets').selectAll().where('flag_id', '=', flagId).where('environment_id', '=', environmentId).executeTakeFirst()) ?? null;
}

/**
 * The ruleset row, created (disabled, everyone else gets "off") when it does not exist yet. It is
 * created at version 0 — the version a never-written ruleset reads as — so the write that creates
 * it, which bumps the version, can expect what the client read.
 */
export async function ensureRuleset(db: Db, flagId: number, environmentId: number, at: string): Promise<RulesetRow> {
  const found = await findRulesetRow(db, flagId, environmentId);
  if (found) return found;
  await db.insertInto('rulesets').values({ flag_id: flagId, environment_id: environmentId, enabled: 0, default_variation_key: 'off', version: 0, updated_at: at }).onConflict((oc) => oc.columns(['flag_id', 'environment_id']).doNothing()).execute();
  const created = await findRulesetRow(db, flagId, environmentId);
  if (!created) throw new Error(`ruleset of flag ${flagId} in environment ${environmentId} could not be created`);
  return created;
}

export async function listRules(db: Db, rulesetIds: readonly number[]): Promise<RuleRow[]> {
  if (rulesetIds.length === 0) return [];
  return db.selectFrom('rules').selectAll().where('ruleset_id', 'in', rulesetIds).where('removed_at', 'is', null).orderBy('ruleset_id').orderBy('position').execute();
}

export async function findRule(db: Db, id: number): Promise<RuleRow | null> {
  return (await db.selectFrom('rules').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function setRulesetState(db: Db, id: number, s: { enabled?: boolean; defaultVariationKey?: string }): Promise<void> {
  const values = {
    ...(s.enabled === undefined ? {} : { enabled: s.enabled ? 1 : 0 }),
    ...(s.defaultVariationKey === undefined ? {} : { default_variation_key: s.defaultVariationKey }),
  };
  if (Object.keys(values).length) await db.updateTable('rulesets').set(values).where('id', '=', id).execute();
}

function ruleValues(d: RuleDraft, position: number, at: string) {
  return {
    key: d.key,
    name: d.name,
    type: d.type,
    audience_conditions: d.audienceConditions === null ? null : JSON.stringify(d.audienceConditions),
    percentage_included: d.percentageIncluded,
    variations: JSON.stringify(d.variations),
    allowlist: JSON.stringify(d.allowlist),
    position,
    updated_at: at,
  };
}

export interface RuleChanges {
  readonly added: readonly { id: number; draft: RuleDraft }[];
  readonly kept: readonly { id: number; draft: RuleDraft; before: RuleRow }[];
  readonly removed: readonly RuleRow[];
}

/**
 * Writes the ruleset's rules in the given order. Rules are matched to existing ones by key, so a
 * rule (and the experiment it delivers) keeps its id; rules that left are marked removed.
 */
export async function replaceRules(db: Db, ruleset: RulesetRow, drafts: readonly RuleDraft[], at: string): Promise<RuleChanges> {
  const existing = await listRules(db, [ruleset.id]);
  const byKey = new Map(existing.map((r) => [r.key, r]));
  const keep = new Set(drafts.map((d) => d.key));
  const removed = existing.filter((r) => !keep.has(r.key));
  if (removed.length) await db.updateTable('rules').set({ removed_at: at }).where('id', 'in', removed.map((r) => r.id)).execute();
  const added: { id: number; draft: RuleDraft }[] = [];
  const kept: { id: number; draft: RuleDraft; before: RuleRow }[] = [];
  for (const [position, draft] of drafts.entries()) {
    const before = byKey.get(draft.key);
    if (before) {
      await db.updateTable('rules').set(ruleValues(draft, position, at)).where('id', '=', before.id).execute();
      kept.push({ id: before.id, draft, before });
    } else {
      const id = await nextId(db);
      await db
        .insertInto('rules')
        .values({ id, ruleset_id: ruleset.id, flag_id: ruleset.flag_id, environment_id: ruleset.environment_id, group_id: null, removed_at: null, created_at: at, ...ruleValues(draft, position, at) })
        .execute();
      added.push({ id, draft });
    }
  }
  return { added, kept, removed };
}
