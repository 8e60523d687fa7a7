/** The variants sub-resource: add, change and remove variants of a web experiment. */
import { invalid, notFound } from '../../core/errors.js';
import type { WebVariant, WebVariantDraft } from '../../core/web/types.js';
import { assertOneControl } from '../../core/web/validate.js';
import { inTransaction, projectFor, type CommandContext } from '../context.js';
import { loadWebExperiment } from './read-web-experiments.js';
import { writeVariants, type VariantState } from './sync-variants.js';
import { variantState } from './web-experiment-input.js';

const stateOf = (v: WebVariant): VariantState => ({
  publicId: v.publicId,
  name: v.name,
  isControl: v.isControl,
  weight: v.weight,
  variantType: v.variantType,
  redirectUrl: v.redirectUrl,
  domModifications: v.domModifications,
});

async function editable(ctx: CommandContext, experimentId: number) {
  const current = await loadWebExperiment(ctx, experimentId);
  await projectFor(ctx, ctx.db, current.experiment.projectId, 'experiment:write');
  return current;
}

/** A new control takes over: exactly one variant is the control at any time. */
function withControl(list: VariantState[], controlId: string): VariantState[] {
  return list.map((v) => ({ ...v, isControl: v.publicId === controlId }));
}

export async function listWebVariants(ctx: CommandContext, experimentId: number): Promise<readonly WebVariant[]> {
  const current = await loadWebExperiment(ctx, experimentId);
  await projectFor(ctx, ctx.db, current.experiment.projectId, 'experiment:read');
  return current.web.variants;
}

export async function createWebVariant(ctx: CommandContext, experimentId: number, draft: WebVariantDraft): Promise<WebVariant> {
  const current = await editable(ctx, experimentId);
  const added = variantState('body', draft, ctx.clock().getTime());
  let list = [...current.web.variants.map(stateOf), added];
  if (added.isControl) list = withControl(list, added.publicId);
  assertOneControl('isControl', list);
  await inTransaction(ctx, (tx) => writeVariants(tx, experimentId, list, { bump: true }));
  return variantOf(ctx, experimentId, added.publicId);
}

export async function updateWebVariant(ctx: CommandContext, experimentId: number, variantId: string, patch: Partial<WebVariantDraft>): Promise<WebVariant> {
  const current = await editable(ctx, experimentId);
  const existing = current.web.variants.find((v) => v.publicId === variantId);
  if (!existing) throw notFound('variant', variantId);
  const before = stateOf(existing);
  const merged: WebVariantDraft = {
    name: patch.name ?? before.name,
    isControl: patch.isControl ?? before.isControl,
    weight: patch.weight ?? before.weight / 100,
    variantType: patch.variantType ?? before.variantType,
    redirectUrl: patch.redirectUrl === undefined ? before.redirectUrl : patch.redirectUrl,
    domModifications: patch.domModifications ?? before.domModifications,
  };
  if (before.isControl && merged.isControl === false) throw invalid('isControl', 'exactly one variant must be the control: make another variant the control instead');
  const changed = variantState('body', merged, ctx.clock().getTime(), variantId);
  let list = current.web.variants.map((v) => (v.publicId === variantId ? changed : stateOf(v)));
  if (changed.isControl) list = withControl(list, variantId);
  await inTransaction(ctx, (tx) => writeVariants(tx, experimentId, list, { bump: true }));
  return variantOf(ctx, experimentId, variantId);
}

export async function deleteWebVariant(ctx: CommandContext, experimentId: number, variantId: string): Promise<void> {
  const current = await editable(ctx, experimentId);
  const existing = current.web.variants.find((v) => v.publicId === variantId);
  if (!existing) throw notFound('variant', variantId);
  if (existing.isControl) throw invalid('isControl', 'the control cannot be deleted: make another variant the control first');
  const list = current.web.variants.filter((v) => v.publicId !== variantId).map(stateOf);
  await inTransaction(ctx, (tx) => writeVariants(tx, experimentId, list, { bump: true }));
}

async function variantOf(ctx: CommandContext, experimentId: number, variantId: string): Promise<WebVariant> {
  const after = await loadWebExperiment(ctx, experimentId);
  const found = after.web.variants.find((v) => v.publicId === variantId);
  if (!found) throw notFound('variant', variantId);
  return found;
}
