/** Whether recent conversions can be attributed: did their visitors have an exposure before them? */
import type { Db } from '../repos/common.js';

export interface ConversionSample {
  readonly sampled: number;
  /** Sampled conversions whose visitor had an exposure (any experiment) at or before it. */
  readonly attributable: number;
}

/** Samples the latest `limit` conversions of each event key since `sinceMs`. */
export async function sampleConversions(db: Db, projectId: number, eventKeys: readonly string[], sinceMs: number, limit: number): Promise<ConversionSample> {
  let sampled = 0;
  let attributable = 0;
  for (const key of new Set(eventKeys)) {
    const rows = await db
      .selectFrom('event_log')
      .select(['visitor_id', 'ts'])
      .where('project_id', '=', projectId)
      .where('kind', '=', 'conversion')
      .where('event_key', '=', key)
      .where('ts', '>=', sinceMs)
      .orderBy('ts', 'desc')
      .limit(limit)
      .execute();
    sampled += rows.length;
    for (const row of rows) {
      const exposure = await db
        .selectFrom('event_log')
        .select('id')
        .where('project_id', '=', projectId)
        .where('kind', '=', 'exposure')
        .where('visitor_id', '=', row.visitor_id)
        .where('ts', '<=', Number(row.ts))
        .limit(1)
        .executeTakeFirst();
      if (exposure) attributable++;
    }
  }
  return { sampled, attributable };
}
