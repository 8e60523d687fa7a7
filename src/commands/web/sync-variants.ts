/**
 * Variants are the flag variations of the experiment's own flag (variation key = variant id),
 * delivered by its rule with weights ×100 in basis points. While the weights do not sum to 100
 * (a draft being edited), the rule splits traffic evenly: it must always be storable, and an
 * experiment only starts once the weights are complete (assertWeightsComplete).
 */
import { invalid } from '../../core/errors.js';
import { assertRules } from '../../core/ruleset/validate.js';
import { WEIGHT_TOTAL } from '../../core/ruleset/validate.js';
import type { DomModification } from '../../core/web/types.js';
import { bumpVersion } from '../../store/repos/common.js';
import { findExperimentRow } from '../../store/repos/experiments.js';
import { findFlagById, replaceVariations } from '../../store/repos/flags.js';
import { findRule, listRules, replaceRules } from '../../store/repos/rulesets.js';
import { replaceWebVariants } from '../../store/repos/web.js';
import type { Tx } from '../context.js';
import { draftOf, withTraffic } from '../experiment/experiment-rule.js';

/** A variant as written: its public id doubles as the flag variation key. */
export interface VariantState {
  readonly publicId: string;
  readonly name: string;
  readonly isControl: boolean;
  /** Basis points. */
  readonly weight: number;
  readonly variantType: string;
  readonly redirectUrl: string | null;
  readonly domModifications: readonly DomModification[];
}

/** The rule's weights: the variants' own when they sum to 10000, else an even split. */
export function ruleWeights(variants: readonly VariantState[]): number[] {
  const total = variants.reduce((s, v) => s + v.weight, 0);
  if (total === WEIGHT_TOTAL) return variants.map((v) => v.weight);
  const share = Math.floor(WEIGHT_TOTAL / variants.length);
  return variants.map((_, i) => share + (i === 0 ? WEIGHT_TOTAL - share * variants.length : 0));
}

/**
 * Writes the experiment's variants: flag variations (ids kept by key), the rule's variations and
 * weights, and the web fields. The variant set of a started experiment cannot change.
 */
export async function writeVariants(tx: Tx, experimentId: number, variants: readonly VariantState[], options: { bump: boolean }): Promise<void> {
  if (variants.length === 0) throw invalid('variants', 'an experiment needs at least one variant');
  const row = await findExperimentRow(tx.db, experimentId);
  if (!row) throw invalid('id', 'the experiment does not exist');
  const flag = await findFlagById(tx.db, row.flag_id);
  if (!flag) throw new Error(`experiment ${experimentId} has no flag`);
  const rule = await findRule(tx.db, experimentId);
  if (!rule || rule.removed_at !== null) throw invalid('variants', 'the experiment no longer has a rule to deliver it');
  const before = draftOf(rule).variations.map((v) => v.variationKey);
  const after = variants.map((v) => v.publicId);
  if (row.started_at !== null && (before.length !== after.length || before.some((k) => !after.includes(k)))) {
    throw invalid('variants', 'the experiment has started: variants cannot be added or removed');
  }
  const total = variants.reduce((s, v) => s + v.weight, 0);
  if (row.started_at !== null && total !== WEIGHT_TOTAL) throw invalid('variants', `the experiment has started: variant weights must keep summing to 100, they would sum to ${total / 100}`);
  const removed = new Set(before.filter((k) => !after.includes(k)));
  const others = flag.variations.filter((v) => !removed.has(v.key) && !after.includes(v.key));
  const weights = ruleWeights(variants);
  // Add the new variations first so the rule can name them; drop removed ones after it no longer does.
  await replaceVariations(tx.db, flag.id, [
    ...others.map((v) => ({ key: v.key, name: v.name, description: v.description, variables: v.variables })),
    ...flag.variations.filter((v) => removed.has(v.key)).map((v) => ({ key: v.key, name: v.name, description: v.description, variables: v.variables })),
    ...variants.map((v) => ({ key: v.publicId, name: v.name, description: '', variables: {} })),
  ]);
  const traffic = { variations: variants.map((v, i) => ({ key: v.publicId, weight: weights[i] ?? 0 })) };
  const siblings = (await listRules(tx.db, [rule.ruleset_id])).map((r) => (r.id === experimentId ? withTraffic(draftOf(r), traffic) : draftOf(r)));
  const keys = new Set([...others.map((v) => v.key), ...after]);
  assertRules(siblings, new Set([...keys, ...removed]));
  const ruleset = await tx.db.selectFrom('rulesets').selectAll().where('id', '=', rule.ruleset_id).executeTakeFirstOrThrow();
  await replaceRules(tx.db, ruleset, siblings, tx.at);
  if (removed.size) {
    await replaceVariations(tx.db, flag.id, [
      ...others.map((v) => ({ key: v.key, name: v.name, description: v.description, variables: v.variables })),
      ...variants.map((v) => ({ key: v.publicId, name: v.name, description: '', variables: {} })),
    ]);
  }
  const ids = await tx.db.selectFrom('flag_variations').select(['id', 'key']).where('flag_id', '=', flag.id).execute();
  const idOf = new Map(ids.map((v) => [v.key, v.id]));
  await replaceWebVariants(
    tx.db,
    experimentId,
    variants.map((v) => ({ ...v, variationId: idOf.get(v.publicId) ?? 0 })),
  );
  if (options.bump) {
    await bumpVersion(tx.db, 'experiments', experimentId, undefined, 'experiment', tx.at);
    await bumpVersion(tx.db, 'flags', flag.id, undefined, 'flag', tx.at);
  }
  tx.changed({ projectId: row.project_id, environmentIds: [row.environment_id] });
}
