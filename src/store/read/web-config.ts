/**
 * What the browser snippet of one environment runs: its settings and the running web
 * experiments with the traffic of their rules (the same numbers the datafile carries).
 */
import type { RuleVariation } from '../../core/ruleset/validate.js';
import type { DomModification, WebTargeting } from '../../core/web/types.js';
import { parseJson, toBool, type Db } from '../repos/common.js';
import { webSettingsOfEnvironment } from './web-settings.js';
import { webVariantsOf } from './web-experiments.js';

export interface WebConfigVariant {
  /** Flag variation id (what exposures report). */
  readonly id: number;
  readonly key: string;
  /** Basis points of the experiment's traffic. */
  readonly weight: number;
  readonly redirectUrl: string | null;
  readonly domModifications: readonly DomModification[];
}

export interface WebConfigExperiment {
  /** The rule id: the bucketing key suffix and the experiment id of exposures. */
  readonly id: number;
  readonly key: string;
  readonly percentageIncluded: number;
  readonly includeQueryString: boolean;
  readonly targeting: WebTargeting;
  readonly variants: readonly WebConfigVariant[];
}

export interface WebConfig {
  readonly projectId: number;
  readonly environmentId: number;
  readonly sdkKey: string;
  readonly cookieName: string;
  readonly cookieDays: number;
  readonly antiFlickerTimeoutMs: number;
  readonly experiments: readonly WebConfigExperiment[];
}

/** Ids of the running web experiments of an environment. */
export async function runningWebExperimentIds(db: Db, environmentId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('experiments')
    .innerJoin('web_experiments', 'web_experiments.experiment_id', 'experiments.id')
    .innerJoin('rules', 'rules.id', 'experiments.id')
    .select('experiments.id')
    .where('experiments.environment_id', '=', environmentId)
    .where('experiments.status', '=', 'running')
    .where('rules.removed_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The snippet's config for an SDK key, or null when no environment has that key. */
export async function webConfigOf(db: Db, sdkKey: string): Promise<WebConfig | null> {
  const env = await db.selectFrom('environments').select(['id', 'project_id', 'sdk_key', 'archived']).where('sdk_key', '=', sdkKey).executeTakeFirst();
  if (!env || toBool(env.archived)) return null;
  const settings = await webSettingsOfEnvironment(db, env.id);
  const ids = [...(await runningWebExperimentIds(db, env.id))];
  const rows = ids.length === 0 ? [] : await db
    .selectFrom('experiments')
    .innerJoin('web_experiments', 'web_experiments.experiment_id', 'experiments.id')
    .innerJoin('rules', 'rules.id', 'experiments.id')
    .select(['experiments.id', 'experiments.key', 'experiments.public_id', 'rules.percentage_included', 'rules.variations', 'web_experiments.include_query_string', 'web_experiments.targeting'])
    .where('experiments.id', 'in', ids)
    .orderBy('experiments.public_id')
    .execute();
  const variants = await webVariantsOf(db, ids);
  return {
    projectId: env.project_id,
    environmentId: env.id,
    sdkKey: env.sdk_key,
    cookieName: settings?.cookieName ?? 'ft_vid',
    cookieDays: settings?.cookieDays ?? 365,
    antiFlickerTimeoutMs: settings?.antiFlickerTimeoutMs ?? 3000,
    experiments: rows.map((r) => {
      const web = new Map((variants.get(r.id) ?? []).map((v) => [v.publicId, v]));
      return {
        id: r.id,
        key: r.key,
        percentageIncluded: r.percentage_included,
        includeQueryString: toBool(r.include_query_string),
        targeting: parseJson<WebTargeting>(r.targeting, {}),
        variants: parseJson<RuleVariation[]>(r.variations, []).flatMap((rv) => {
          const v = web.get(rv.variationKey);
          return v ? [{ id: v.variationId, key: v.publicId, weight: rv.weight, redirectUrl: v.redirectUrl, domModifications: v.domModifications }] : [];
        }),
      };
    }),
  };
}
