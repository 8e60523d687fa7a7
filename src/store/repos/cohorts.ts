/** Cohorts and their members (writes). */
import { sql, type Selectable } from 'kysely';
import type { Cohort, CohortKind } from '../../core/cohort/types.js';
import type { CohortsTable } from '../schema.js';
import { parseJson, type Db } from './common.js';

export function rowToCohort(r: Selectable<CohortsTable>): Cohort {
  return {
    id: r.id,
    projectId: r.project_id,
    name: r.name,
    description: r.description,
    kind: r.kind as CohortKind,
    experimentId: r.experiment_id,
    definition: parseJson<Record<string, unknown>>(r.definition, {}),
    memberCount: r.member_count,
    computedAt: r.computed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertCohort(
  db: Db,
  c: { projectId: number; name: string; description: string; kind: CohortKind; experimentId: number | null; definition: Readonly<Record<string, unknown>> },
  at: string,
): Promise<number> {
  const row = await db
    .insertInto('cohorts')
    .values({ project_id: c.projectId, name: c.name, description: c.description, kind: c.kind, experiment_id: c.experimentId, definition: JSON.stringify(c.definition), member_count: 0, computed_at: null, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** The ids among `ids` of the project's cohorts. */
export async function existingCohortIds(db: Db, projectId: number, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('cohorts').select('id').where('project_id', '=', projectId).where('id', 'in', [...new Set(ids)]).execute();
  return new Set(rows.map((r) => Number(r.id)));
}

export async function findCohort(db: Db, id: number): Promise<Cohort | null> {
  const row = await db.selectFrom('cohorts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToCohort(row) : null;
}

/**
 * Adds the visitors first exposed to the experiment within [fromMs, toMs] that are not members
 * yet (exposures only accumulate, so a refresh only ever adds), then stores the count. Returns how
 * many visitors joined.
 */
export async function addExposedVisitors(db: Db, cohort: { id: number; projectId: number; experimentId: number }, window: { fromMs: number; toMs: number | null }, at: string): Promise<number> {
  const before = await db.selectFrom('cohorts').select('member_count').where('id', '=', cohort.id).executeTakeFirst();
  let exposed = db
    .selectFrom('event_log')
    .select(['event_log.visitor_id'])
    .where('event_log.project_id', '=', cohort.projectId)
    .where('event_log.kind', '=', 'exposure')
    .where('event_log.experiment_id', '=', cohort.experimentId)
    .where('event_log.ts', '>=', window.fromMs);
  if (window.toMs !== null) exposed = exposed.where('event_log.ts', '<=', window.toMs);
  const fresh = exposed
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('cohort_members as m').select('m.visitor_id').where('m.cohort_id', '=', cohort.id).whereRef('m.visitor_id', '=', 'event_log.visitor_id'))),
    )
    .distinct()
    .select([sql.lit(cohort.id).as('cohort_id'), sql.val(at).as('added_at')]);
  await db.insertInto('cohort_members').columns(['visitor_id', 'cohort_id', 'added_at']).expression(fresh).execute();
  const count = await db.selectFrom('cohort_members').select((eb) => eb.fn.countAll<number>().as('n')).where('cohort_id', '=', cohort.id).executeTakeFirstOrThrow();
  await db.updateTable('cohorts').set({ member_count: Number(count.n), computed_at: at, updated_at: at }).where('id', '=', cohort.id).execute();
  return Number(count.n) - (before?.member_count ?? 0);
}
