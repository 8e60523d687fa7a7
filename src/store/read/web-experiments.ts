/**
 * Read models of web experiments: the experiment with its web fields and variants, keyset pages
 * over the sortable public id, and id lookups for the dialect's string ids.
 */
import { sql } from 'kysely';
import type { ExperimentStatus } from '../../core/experiment/lifecycle.js';
import type { Experiment, ExperimentType } from '../../core/experiment/types.js';
import type { DomModification, WebExperimentFields, WebMetrics, WebTargeting, WebVariant } from '../../core/web/types.js';
import { loadExperiments } from '../repos/experiments.js';
import { parseJson, toBool, type Db } from '../repos/common.js';

export interface WebExperiment {
  readonly experiment: Experiment;
  readonly web: WebExperimentFields;
}

/** The internal id of the (not archived) web experiment with this public id, or null. */
export async function webExperimentIdOf(db: Db, publicId: string): Promise<number | null> {
  const row = await db
    .selectFrom('experiments')
    .innerJoin('web_experiments', 'web_experiments.experiment_id', 'experiments.id')
    .select('experiments.id')
    .where('experiments.public_id', '=', publicId)
    .where('experiments.status', '!=', 'archived')
    .executeTakeFirst();
  return row ? row.id : null;
}

/** The variants of experiments, in order, joined with the flag variations they are. */
export async function webVariantsOf(db: Db, experimentIds: readonly number[]): Promise<Map<number, WebVariant[]>> {
  const out = new Map<number, WebVariant[]>();
  if (experimentIds.length === 0) return out;
  const rows = await db
    .selectFrom('web_variants')
    .innerJoin('flag_variations', 'flag_variations.id', 'web_variants.variation_id')
    .selectAll('web_variants')
    .select('flag_variations.name')
    .where('web_variants.experiment_id', 'in', experimentIds)
    .orderBy('web_variants.experiment_id')
    .orderBy('web_variants.position')
    .execute();
  for (const r of rows) {
    const list = out.get(r.experiment_id) ?? [];
    list.push({
      variationId: r.variation_id,
      publicId: r.public_id,
      experimentId: r.experiment_id,
      name: r.name,
      isControl: toBool(r.is_control),
      weight: r.weight,
      variantType: r.variant_type,
      redirectUrl: r.redirect_url,
      domModifications: parseJson<DomModification[]>(r.dom_modifications, []),
    });
    out.set(r.experiment_id, list);
  }
  return out;
}

/** Web experiments by internal id, in the given order (missing ones are skipped). */
export async function loadWebExperiments(db: Db, ids: readonly number[]): Promise<WebExperiment[]> {
  if (ids.length === 0) return [];
  const [rows, webRows, variants] = await Promise.all([
    db.selectFrom('experiments').selectAll().where('id', 'in', ids).execute(),
    db
      .selectFrom('web_experiments')
      .innerJoin('web_settings', 'web_settings.id', 'web_experiments.settings_id')
      .innerJoin('environments', 'environments.id', 'web_settings.environment_id')
      .selectAll('web_experiments')
      .select(['web_settings.public_id as settings_public_id', 'environments.key as environment_key'])
      .where('web_experiments.experiment_id', 'in', ids)
      .execute(),
    webVariantsOf(db, ids),
  ]);
  const experiments = new Map((await loadExperiments(db, rows)).map((e) => [e.id, e]));
  const webById = new Map(webRows.map((w) => [w.experiment_id, w]));
  return ids.flatMap((id) => {
    const experiment = experiments.get(id);
    const w = webById.get(id);
    if (!experiment || !w) return [];
    return [{
      experiment,
      web: {
        experimentId: id,
        settingsId: w.settings_id,
        settingsPublicId: w.settings_public_id,
        environmentKey: w.environment_key,
        includeQueryString: toBool(w.include_query_string),
        targeting: parseJson<WebTargeting>(w.targeting, {}),
        metrics: parseJson<WebMetrics>(w.metrics, {}),
        variants: variants.get(id) ?? [],
      },
    }];
  });
}

export interface WebExperimentFilter {
  /** Projects to list from; null for all. */
  readonly projectIds: readonly number[] | null;
  readonly status?: ExperimentStatus;
  readonly type?: ExperimentType;
  readonly search?: string;
  /** Keyset position: the public id of the last experiment of the previous page. */
  readonly after?: string;
  readonly limit: number;
}

/**
 * One keyset page ordered by public id (ULIDs sort by creation time): rows created or deleted
 * between pages cannot shift it, so there are no duplicates and no gaps. Fetches one more row
 * than asked to know whether there is a next page.
 */
export async function pageWebExperiments(db: Db, f: WebExperimentFilter): Promise<{ items: WebExperiment[]; hasMore: boolean }> {
  if (f.projectIds !== null && f.projectIds.length === 0) return { items: [], hasMore: false };
  let q = db
    .selectFrom('experiments')
    .innerJoin('web_experiments', 'web_experiments.experiment_id', 'experiments.id')
    .select(['experiments.id', 'experiments.public_id'])
    .where('experiments.status', '!=', 'archived');
  if (f.projectIds !== null) q = q.where('experiments.project_id', 'in', f.projectIds);
  if (f.status) q = q.where('experiments.status', '=', f.status);
  if (f.type) q = q.where('experiments.type', '=', f.type);
  if (f.after !== undefined) q = q.where('experiments.public_id', '>', f.after);
  if (f.search) {
    const pattern = `%${f.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const like = (column: 'public_id' | 'name' | 'description') => sql<boolean>`lower(${sql.ref(`experiments.${column}`)}) like ${pattern} escape '\\'`;
    q = q.where((eb) => eb.or([like('public_id'), like('name'), like('description')]));
  }
  const rows = await q.orderBy('experiments.public_id').limit(f.limit + 1).execute();
  const page = rows.slice(0, f.limit);
  return { items: await loadWebExperiments(db, page.map((r) => r.id)), hasMore: rows.length > f.limit };
}

/** The secret that signs list cursors (created by migration 0005). */
export async function cursorKey(db: Db): Promise<string> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', 'ours_cursor_key').executeTakeFirst();
  if (!row) throw new Error('meta.ours_cursor_key is missing: run the migrations');
  return row.value;
}
