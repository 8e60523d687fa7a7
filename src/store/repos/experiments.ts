/** Experiments: each is delivered by one experiment rule of a flag in one environment. */
import type { ExperimentStatus } from '../../core/experiment/lifecycle.js';
import type { Experiment, ExperimentType, Metric, StatsMethod } from '../../core/experiment/types.js';
import type { RuleVariation } from '../../core/ruleset/validate.js';
import type { ExperimentRow } from '../schema.js';
import { parseJson, type Db } from './common.js';

export interface ExperimentFields {
  name: string;
  description: string;
  type: ExperimentType;
  status: ExperimentStatus;
  metrics: readonly Metric[];
  statsMethod: StatsMethod | null;
  holdoutId: number | null;
  winnerVariationId: number | null;
  extras: Readonly<Record<string, unknown>>;
  startedAt: string | null;
  stoppedAt: string | null;
  archivedAt: string | null;
}

function values(f: ExperimentFields) {
  return {
    name: f.name,
    description: f.description,
    type: f.type,
    status: f.status,
    metrics: JSON.stringify(f.metrics),
    stats_config: JSON.stringify(f.statsMethod ? { method: f.statsMethod } : {}),
    holdout_id: f.holdoutId,
    winner_variation_id: f.winnerVariationId,
    extras: JSON.stringify(f.extras),
    started_at: f.startedAt,
    stopped_at: f.stoppedAt,
    archived_at: f.archivedAt,
  };
}

export async function insertExperiment(
  db: Db,
  e: { id: number; publicId: string; projectId: number; flagId: number; environmentId: number; key: string; at: string } & ExperimentFields,
): Promise<void> {
  await db
    .insertInto('experiments')
    .values({ id: e.id, public_id: e.publicId, project_id: e.projectId, flag_id: e.flagId, environment_id: e.environmentId, key: e.key, created_at: e.at, updated_at: e.at, ...values(e) })
    .execute();
}

export async function writeExperiment(db: Db, id: number, f: ExperimentFields & { key?: string }): Promise<void> {
  await db.updateTable('experiments').set({ ...values(f), ...(f.key === undefined ? {} : { key: f.key }) }).where('id', '=', id).execute();
}

/** Experiments by id, with variations and traffic read from the rule that delivers them. */
export async function loadExperiments(db: Db, rows: readonly ExperimentRow[]): Promise<Experiment[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const flagIds = [...new Set(rows.map((r) => r.flag_id))];
  const [rules, variations] = await Promise.all([
    db.selectFrom('rules').select(['id', 'variations', 'percentage_included']).where('id', 'in', ids).execute(),
    db.selectFrom('flag_variations').select(['id', 'flag_id', 'key', 'name']).where('flag_id', 'in', flagIds).execute(),
  ]);
  const ruleById = new Map(rules.map((r) => [r.id, r]));
  return rows.map((r) => {
    const rule = ruleById.get(r.id);
    const weights = parseJson<RuleVariation[]>(rule?.variations ?? null, []);
    const flagVariations = variations.filter((v) => v.flag_id === r.flag_id);
    const stats = parseJson<{ method?: StatsMethod }>(r.stats_config, {});
    return {
      id: r.id,
      publicId: r.public_id,
      projectId: r.project_id,
      flagId: r.flag_id,
      environmentId: r.environment_id,
      key: r.key,
      name: r.name,
      description: r.description,
      type: r.type as ExperimentType,
      status: r.status as ExperimentStatus,
      metrics: parseJson<Metric[]>(r.metrics, []),
      variations: weights.flatMap((w) => {
        const v = flagVariations.find((fv) => fv.key === w.variationKey);
        return v ? [{ variationId: v.id, key: v.key, name: v.name, weight: w.weight }] : [];
      }),
      trafficPercentage: rule?.percentage_included ?? 0,
      statsMethod: stats.method ?? null,
      holdoutId: r.holdout_id,
      winnerVariationId: r.winner_variation_id,
      extras: parseJson<Record<string, unknown>>(r.extras, {}),
      startedAt: r.started_at,
      stoppedAt: r.stopped_at,
      version: r.version,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  });
}

export async function findExperiment(db: Db, id: number): Promise<Experiment | null> {
  const row = await db.selectFrom('experiments').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? ((await loadExperiments(db, [row]))[0] ?? null) : null;
}

export async function findExperimentRow(db: Db, id: number): Promise<ExperimentRow | null> {
  return (await db.selectFrom('experiments').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function experimentRowsOfRules(db: Db, ruleIds: readonly number[]): Promise<ExperimentRow[]> {
  if (ruleIds.length === 0) return [];
  return db.selectFrom('experiments').selectAll().where('id', 'in', ruleIds).execute();
}

export async function experimentRowsOfFlag(db: Db, flagId: number): Promise<ExperimentRow[]> {
  return db.selectFrom('experiments').selectAll().where('flag_id', '=', flagId).execute();
}

export function extrasOf(row: ExperimentRow): Record<string, unknown> {
  return parseJson<Record<string, unknown>>(row.extras, {});
}
