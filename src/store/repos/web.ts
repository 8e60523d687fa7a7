/** Writes of the web-experiment tables (settings, experiment fields, variants). */
import type { DomModification, WebMetrics, WebTargeting } from '../../core/web/types.js';
import { versionMismatch } from '../../core/errors.js';
import type { Db } from './common.js';

export interface WebSettingsFields {
  name: string;
  antiFlickerTimeoutMs: number;
  cookieName: string;
  cookieDays: number;
}

export async function insertWebSettings(db: Db, s: { publicId: string; projectId: number; environmentId: number; at: string } & WebSettingsFields): Promise<number> {
  const row = await db
    .insertInto('web_settings')
    .values({ public_id: s.publicId, project_id: s.projectId, environment_id: s.environmentId, name: s.name, anti_flicker_timeout_ms: s.antiFlickerTimeoutMs, cookie_name: s.cookieName, cookie_days: s.cookieDays, created_at: s.at, updated_at: s.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function writeWebSettings(db: Db, id: number, s: WebSettingsFields): Promise<void> {
  await db.updateTable('web_settings').set({ name: s.name, anti_flicker_timeout_ms: s.antiFlickerTimeoutMs, cookie_name: s.cookieName, cookie_days: s.cookieDays }).where('id', '=', id).execute();
}

/** Raises a settings row's version, checking the caller's expected version when given. */
export async function bumpWebSettingsVersion(db: Db, id: number, expected: number | undefined, at: string): Promise<number> {
  const row = await db.selectFrom('web_settings').select('version').where('id', '=', id).executeTakeFirstOrThrow();
  if (expected !== undefined && expected !== row.version) throw versionMismatch('experiment settings', expected, row.version);
  const updated = await db.updateTable('web_settings').set({ version: row.version + 1, updated_at: at }).where('id', '=', id).where('version', '=', row.version).executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw versionMismatch('experiment settings', row.version, row.version + 1);
  return row.version + 1;
}

export interface WebExperimentWrite {
  includeQueryString: boolean;
  targeting: WebTargeting;
  metrics: WebMetrics;
}

export async function insertWebExperiment(db: Db, experimentId: number, settingsId: number, w: WebExperimentWrite): Promise<void> {
  await db
    .insertInto('web_experiments')
    .values({ experiment_id: experimentId, settings_id: settingsId, include_query_string: w.includeQueryString ? 1 : 0, targeting: JSON.stringify(w.targeting), metrics: JSON.stringify(w.metrics) })
    .execute();
}

export async function writeWebExperiment(db: Db, experimentId: number, w: WebExperimentWrite): Promise<void> {
  await db
    .updateTable('web_experiments')
    .set({ include_query_string: w.includeQueryString ? 1 : 0, targeting: JSON.stringify(w.targeting), metrics: JSON.stringify(w.metrics) })
    .where('experiment_id', '=', experimentId)
    .execute();
}

export interface WebVariantWrite {
  variationId: number;
  publicId: string;
  isControl: boolean;
  weight: number;
  variantType: string;
  redirectUrl: string | null;
  domModifications: readonly DomModification[];
}

/** Replaces the web fields of an experiment's variants, in order. */
export async function replaceWebVariants(db: Db, experimentId: number, variants: readonly WebVariantWrite[]): Promise<void> {
  await db.deleteFrom('web_variants').where('experiment_id', '=', experimentId).execute();
  if (variants.length === 0) return;
  await db
    .insertInto('web_variants')
    .values(
      variants.map((v, position) => ({
        variation_id: v.variationId,
        experiment_id: experimentId,
        public_id: v.publicId,
        is_control: v.isControl ? 1 : 0,
        weight: v.weight,
        variant_type: v.variantType,
        redirect_url: v.redirectUrl,
        dom_modifications: JSON.stringify(v.domModifications),
        position,
      })),
    )
    .execute();
}
