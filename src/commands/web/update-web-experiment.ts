/** Updating a web experiment's fields, and deleting it (with the flag of its own). */
import { invalid } from '../../core/errors.js';
import { notFound } from '../../core/errors.js';
import { assertOneControl, assertWeightsComplete, weightToBasisPoints } from '../../core/web/validate.js';
import type { WebExperiment } from '../../store/read/web-experiments.js';
import { writeWebExperiment } from '../../store/repos/web.js';
import { inTransaction, projectFor, type CommandContext } from '../context.js';
import { deleteExperiment } from '../experiment/delete-experiment.js';
import { updateExperiment } from '../experiment/update-experiment.js';
import { markFlagDeleted } from '../../store/repos/flags.js';
import { loadWebExperiment } from './read-web-experiments.js';
import { assertExperimentFields, type WebExperimentInput } from './web-experiment-input.js';
import { ensureMetricEvents } from './web-metrics.js';

/** The flag variation id of a variant of the experiment, or `invalid` naming the field. */
export function variationOfVariant(current: WebExperiment, field: string, variantId: string): number {
  const variant = current.web.variants.find((v) => v.publicId === variantId);
  if (!variant) throw invalid(field, `${JSON.stringify(variantId)} is not one of this experiment's variants`);
  return variant.variationId;
}

export async function updateWebExperiment(ctx: CommandContext, id: number, input: WebExperimentInput): Promise<WebExperiment> {
  const current = await loadWebExperiment(ctx, id);
  const e = current.experiment;
  await projectFor(ctx, ctx.db, e.projectId, 'experiment:write');
  assertExperimentFields(input);
  if (input.experimentSettingsId !== undefined && input.experimentSettingsId !== current.web.settingsPublicId) {
    throw invalid('experimentSettingsId', 'cannot change: the experiment lives in the project and environment of its settings');
  }
  if (input.key !== undefined && input.key !== e.key) throw invalid('key', 'cannot change after the experiment was created');
  if (input.type !== undefined && input.type !== e.type) throw invalid('type', 'cannot change after the experiment was created');
  if (input.variants !== undefined) throw invalid('variants', 'change variants with the /variants endpoints');
  const metrics = input.metrics;
  const metricDrafts = metrics ? await inTransaction(ctx, (tx) => ensureMetricEvents(tx, e.projectId, metrics)) : undefined;
  const winner = input.winnerVariantId;
  await updateExperiment(ctx, id, {
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.description === undefined ? {} : { description: input.description }),
    ...(metricDrafts ? { metrics: metricDrafts } : {}),
    ...(input.trafficAllocation === undefined ? {} : { percentageIncluded: weightToBasisPoints('trafficAllocation', input.trafficAllocation) }),
    ...(input.status === undefined ? {} : { status: input.status, policy: { requirePrimaryMetric: true } }),
    ...(winner === undefined ? {} : { winnerVariationId: winner === null ? null : variationOfVariant(current, 'winnerVariantId', winner) }),
    ...(input.expectedVersion === undefined ? {} : { expectedVersion: input.expectedVersion }),
    within: async (tx) => {
      if (input.status === 'running' && e.status !== 'running') {
        assertOneControl('variants', current.web.variants);
        assertWeightsComplete('variants', current.web.variants.map((v) => v.weight));
      }
      await writeWebExperiment(tx.db, id, {
        includeQueryString: input.includeQueryString ?? current.web.includeQueryString,
        targeting: input.targetingRules ?? current.web.targeting,
        metrics: metrics ?? current.web.metrics,
      });
    },
  });
  return loadWebExperiment(ctx, id);
}

/** Deletes a web experiment: a draft goes for good, one that ran is archived; its flag goes too. */
export async function deleteWebExperiment(ctx: CommandContext, id: number, expectedVersion?: number): Promise<void> {
  const current = await loadWebExperiment(ctx, id).catch(() => null);
  if (!current) throw notFound('experiment', id);
  await deleteExperiment(ctx, id, expectedVersion);
  // The flag was the experiment's own: free its key and take it out of the datafiles.
  await inTransaction(ctx, async (tx) => {
    await markFlagDeleted(tx.db, current.experiment.flagId, tx.at);
    tx.changed({ projectId: current.experiment.projectId });
  });
}
