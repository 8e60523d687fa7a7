/**
 * Creating a web experiment: a core experiment on a flag of its own (key `web-<key>`) in the
 * settings' project and environment, plus its web fields and variants, in one transaction.
 */
import { conflict, invalid } from '../../core/errors.js';
import { assertKey, slugify } from '../../core/keys.js';
import { findWebSettings } from '../../store/read/web-settings.js';
import { loadWebExperiments, type WebExperiment } from '../../store/read/web-experiments.js';
import { insertWebExperiment } from '../../store/repos/web.js';
import { inTransaction, projectFor, type CommandContext } from '../context.js';
import { createExperiment } from '../experiment/create-experiment.js';
import { weightToBasisPoints } from '../../core/web/validate.js';
import { ruleWeights, writeVariants } from './sync-variants.js';
import { assertExperimentFields, newVariants, type WebExperimentInput } from './web-experiment-input.js';
import { ensureMetricEvents } from './web-metrics.js';

/** The key of the flag that delivers the web experiment with this key. */
export const webFlagKey = (key: string): string => `web-${key}`.slice(0, 64);

export async function createWebExperiment(ctx: CommandContext, input: WebExperimentInput): Promise<WebExperiment> {
  if (input.experimentSettingsId === undefined) throw invalid('experimentSettingsId', 'is required');
  if (input.name === undefined) throw invalid('name', 'is required');
  const settings = await findWebSettings(ctx.db, input.experimentSettingsId);
  if (!settings) throw invalid('experimentSettingsId', `no experiment settings ${JSON.stringify(input.experimentSettingsId)}`);
  await projectFor(ctx, ctx.db, settings.projectId, 'experiment:write');
  assertExperimentFields(input);
  if (input.status !== undefined && input.status !== 'draft') throw invalid('status', 'a new experiment is a draft: start it with POST …/start');
  const key = input.key ?? slugify(input.name);
  assertKey('key', key);
  const variants = newVariants(input.variants, ctx.clock().getTime());
  const metrics = input.metrics ?? {};
  const metricDrafts = await inTransaction(ctx, (tx) => ensureMetricEvents(tx, settings.projectId, metrics));
  const weights = ruleWeights(variants);
  const experiment = await createExperiment(ctx, settings.projectId, {
    name: input.name,
    key,
    description: input.description ?? '',
    ...(input.type === undefined ? {} : { type: input.type }),
    flagKey: webFlagKey(key),
    environmentKey: settings.environmentKey,
    variations: variants.map((v, i) => ({ key: v.publicId, name: v.name, weight: weights[i] ?? 0 })),
    percentageIncluded: input.trafficAllocation === undefined ? 10000 : weightToBasisPoints('trafficAllocation', input.trafficAllocation),
    metrics: metricDrafts,
    within: async (tx, experimentId) => {
      const taken = await tx.db
        .selectFrom('experiments')
        .select('public_id')
        .where('project_id', '=', settings.projectId)
        .where('key', '=', key)
        .where('status', '!=', 'archived')
        .where('id', '!=', experimentId)
        .executeTakeFirst();
      if (taken) throw conflict(`key: project ${settings.projectId} already has an experiment ${JSON.stringify(key)} (${taken.public_id})`, 'key');
      await insertWebExperiment(tx.db, experimentId, settings.id, { includeQueryString: input.includeQueryString ?? false, targeting: input.targetingRules ?? {}, metrics });
      await writeVariants(tx, experimentId, variants, { bump: false });
    },
  });
  const [out] = await loadWebExperiments(ctx.db, [experiment.id]);
  if (!out) throw new Error('the new web experiment was not found');
  return out;
}
