/**
 * The read model of datafiles: everything one environment's datafile is built from, found by
 * its SDK key, in a handful of queries. What to do with it is `decide/build-datafile.ts`'s job.
 */
import type { AudienceIdTree } from '../../core/audience/conditions.js';
import type { DatafileInputs, DatafileRuleInput } from '../../core/datafile/inputs.js';
import type { ExperimentStatus } from '../../core/experiment/lifecycle.js';
import type { HoldoutScope, HoldoutStatus } from '../../core/holdout/types.js';
import type { RuleType, RuleVariation } from '../../core/ruleset/validate.js';
import { parseJson, type Db } from '../repos/common.js';
import { listFlagsByIds } from '../repos/flags.js';
import { listRules } from '../repos/rulesets.js';

/** An environment as the SDK endpoints need it: who may read its datafile, and what it holds. */
export interface DatafileSource {
  readonly environmentId: number;
  readonly projectId: number;
  readonly revision: number;
  /** ISO time the revision was published (`Last-Modified`). */
  readonly publishedAt: string;
  readonly secure: boolean;
  /** SHA-256 hex of the datafile access token, when secure mode issued one. */
  readonly tokenHash: string | null;
  readonly inputs: DatafileInputs;
}

/** Loads the datafile inputs of the environment with `sdkKey`, or null when there is none. */
export async function loadDatafileSource(db: Db, sdkKey: string): Promise<DatafileSource | null> {
  const env = await db
    .selectFrom('environments')
    .innerJoin('projects', 'projects.id', 'environments.project_id')
    .select(['environments.id', 'environments.project_id', 'environments.key', 'environments.revision', 'environments.published_at', 'environments.datafile_secure', 'environments.datafile_token_hash', 'projects.account_id'])
    .where('environments.sdk_key', '=', sdkKey)
    .executeTakeFirst();
  if (!env) return null;
  const projectId = env.project_id;
  const [attributes, audiences, events, flagRows, rulesets, experiments, groups, holdouts] = await Promise.all([
    db.selectFrom('attributes').select(['id', 'key']).where('project_id', '=', projectId).where('archived', '=', 0).orderBy('id').execute(),
    db.selectFrom('audiences').select(['id', 'name', 'conditions']).where('project_id', '=', projectId).orderBy('id').execute(),
    db.selectFrom('events').select(['id', 'key']).where('project_id', '=', projectId).where('archived', '=', 0).orderBy('id').execute(),
    db.selectFrom('flags').select('id').where('project_id', '=', projectId).where('deleted_at', 'is', null).orderBy('id').execute(),
    db.selectFrom('rulesets').selectAll().where('environment_id', '=', env.id).execute(),
    db.selectFrom('experiments').select(['id', 'status', 'metrics']).where('environment_id', '=', env.id).execute(),
    db.selectFrom('groups').innerJoin('group_entities', 'group_entities.group_id', 'groups.id').select(['groups.id', 'group_entities.experiment_id', 'group_entities.weight']).where('groups.project_id', '=', projectId).where('groups.archived', '=', 0).orderBy('groups.id').orderBy('group_entities.position').execute(),
    db.selectFrom('holdouts').selectAll().where('environment_id', '=', env.id).orderBy('id').execute(),
  ]);
  const [flags, rules, holdoutMembers] = await Promise.all([
    listFlagsByIds(db, flagRows.map((f) => f.id)),
    listRules(db, rulesets.map((r) => r.id)),
    holdouts.length ? db.selectFrom('experiments').select(['id', 'holdout_id']).where('holdout_id', 'in', holdouts.map((h) => h.id)).orderBy('id').execute() : Promise.resolve([]),
  ]);
  const statusOf = new Map(experiments.map((e) => [e.id, e.status as ExperimentStatus]));
  const metricUsers = new Map<number, number[]>();
  for (const e of experiments) {
    for (const m of parseJson<{ eventId: number }[]>(e.metrics, [])) {
      const users = metricUsers.get(m.eventId) ?? [];
      if (!users.includes(e.id)) users.push(e.id);
      metricUsers.set(m.eventId, users);
    }
  }
  const groupEntities = new Map<number, { experimentId: number; weight: number }[]>();
  for (const g of groups) groupEntities.set(g.id, [...(groupEntities.get(g.id) ?? []), { experimentId: g.experiment_id, weight: g.weight }]);
  return {
    environmentId: env.id,
    projectId,
    revision: env.revision,
    publishedAt: env.published_at,
    secure: env.datafile_secure === 1,
    tokenHash: env.datafile_token_hash,
    inputs: {
      accountId: env.account_id,
      projectId,
      environmentKey: env.key,
      sdkKey,
      revision: env.revision,
      attributes,
      audiences,
      events: events.map((e) => ({ id: e.id, key: e.key, experimentIds: metricUsers.get(e.id) ?? [] })),
      flags: flags.map((flag) => {
        const ruleset = rulesets.find((r) => r.flag_id === flag.id);
        return {
          id: flag.id,
          key: flag.key,
          variables: flag.variables,
          variations: flag.variations.map((v) => ({ id: v.id, key: v.key, variables: v.variables })),
          enabled: ruleset?.enabled === 1,
          defaultVariationKey: ruleset?.default_variation_key ?? 'off',
          rules: ruleset
            ? rules.filter((r) => r.ruleset_id === ruleset.id).map(
                (r): DatafileRuleInput => ({
                  id: r.id,
                  key: r.key,
                  type: r.type as RuleType,
                  audienceConditions: parseJson<AudienceIdTree | null>(r.audience_conditions, null),
                  percentageIncluded: r.percentage_included,
                  variations: parseJson<RuleVariation[]>(r.variations, []),
                  allowlist: parseJson<Record<string, string>>(r.allowlist, {}),
                  experimentStatus: statusOf.get(r.id) ?? null,
                }),
              )
            : [],
        };
      }),
      groups: [...groupEntities].map(([id, entities]) => ({ id, entities })),
      holdouts: holdouts.map((h) => ({
        id: h.id,
        key: h.key,
        status: h.status as HoldoutStatus,
        scope: h.scope as HoldoutScope,
        percentageIncluded: h.percentage_included,
        audienceConditions: parseJson<AudienceIdTree | null>(h.audience_conditions, null),
        variationId: h.variation_id,
        ...(h.variation_key === null ? {} : { variationKey: h.variation_key }),
        experimentIds: holdoutMembers.filter((m) => m.holdout_id === h.id).map((m) => m.id),
      })),
    },
  };
}
