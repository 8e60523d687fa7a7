/**
 * The rules for experiments naming a holdout (`experiments.holdout_id`), shared by the holdout
 * commands and every path that sets an experiment's holdout (Optimizely, PostHog).
 */
import { invalid, notFound } from '../../core/errors.js';
import type { HoldoutScope } from '../../core/holdout/types.js';
import { assertExperimentHoldout, assertHoldoutChangeable } from '../../core/holdout/validate.js';
import type { Db } from '../../store/repos/common.js';
import { findHoldout } from '../../store/repos/holdouts.js';

interface HoldoutRef {
  readonly id: number;
  readonly projectId: number;
  readonly environmentId: number;
  readonly scope: HoldoutScope;
}

/**
 * Throws unless `experimentIds` may be exactly the experiments of `holdout`: each exists in its
 * project and environment, and each whose holdout changes (joining or leaving) has not started.
 */
export async function assertExperimentsMayNameHoldout(db: Db, holdout: HoldoutRef, experimentIds: readonly number[], before: readonly number[]): Promise<void> {
  const changed = [...new Set([...experimentIds.filter((id) => !before.includes(id)), ...before.filter((id) => !experimentIds.includes(id))])];
  if (changed.length === 0) return;
  const rows = await db.selectFrom('experiments').select(['id', 'project_id', 'environment_id', 'started_at']).where('id', 'in', changed).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of changed) {
    const i = experimentIds.indexOf(id);
    const field = i >= 0 ? `experiment_ids[${i}]` : 'experiment_ids';
    const row = byId.get(id);
    if (!row || row.project_id !== holdout.projectId) {
      if (i >= 0) throw invalid(field, `experiment ${id} does not exist in project ${holdout.projectId}`);
      continue;
    }
    if (i >= 0) assertExperimentHoldout(field, { id, environmentId: row.environment_id }, holdout);
    assertHoldoutChangeable(id, row.started_at, field);
  }
}

/** Throws unless the experiment may name holdout `holdoutId` (null: no holdout is always fine). */
export async function assertHoldoutForExperiment(db: Db, experiment: { id: number; projectId: number; environmentId: number }, holdoutId: number | null): Promise<void> {
  if (holdoutId === null) return;
  const holdout = await findHoldout(db, holdoutId);
  if (!holdout || holdout.projectId !== experiment.projectId) throw notFound('holdout', holdoutId);
  assertExperimentHoldout('holdout_id', experiment, holdout);
}
