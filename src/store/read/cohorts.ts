/** Cohorts as the APIs read them: members by page, exposure cohorts of experiments, a visitor's cohorts. */
import type { CohortMember } from '../../core/cohort/types.js';
import type { Db, PageOf } from '../repos/common.js';

/** One window of a cohort's members, in the order they joined. */
export async function cohortMembersPage(db: Db, cohortId: number, window: { limit: number; offset: number }): Promise<PageOf<CohortMember>> {
  const base = db.selectFrom('cohort_members').where('cohort_id', '=', cohortId);
  const [rows, total] = await Promise.all([
    base.select(['visitor_id', 'added_at']).orderBy('added_at').orderBy('visitor_id').limit(window.limit).offset(window.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => ({ visitorId: r.visitor_id, addedAt: r.added_at })), total: Number(total.n) };
}

/** The exposure cohort of each experiment that has one. */
export async function exposureCohortIds(db: Db, experimentIds: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (experimentIds.length === 0) return out;
  const rows = await db.selectFrom('cohorts').select(['id', 'experiment_id']).where('kind', '=', 'experiment_exposure').where('experiment_id', 'in', [...experimentIds]).execute();
  for (const r of rows) if (r.experiment_id !== null) out.set(r.experiment_id, r.id);
  return out;
}

/**
 * The ids of the project's cohorts the visitor belongs to, as the decision engine takes them
 * (`user.cohorts`, ids as strings) — for server-side evaluation of `cohort` audience leaves.
 */
export async function cohortsOfVisitor(db: Db, projectId: number, visitorId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('cohort_members')
    .innerJoin('cohorts', 'cohorts.id', 'cohort_members.cohort_id')
    .select('cohort_members.cohort_id')
    .where('cohorts.project_id', '=', projectId)
    .where('cohort_members.visitor_id', '=', visitorId)
    .execute();
  return new Set(rows.map((r) => String(r.cohort_id)));
}
