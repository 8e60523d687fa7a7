/** The flag and environment keys of experiments, for APIs that show them by key. */
import type { Db } from '../repos/common.js';

export async function experimentKeys(db: Db, experimentIds: readonly number[]): Promise<Map<number, { flagKey: string; environmentKey: string }>> {
  const out = new Map<number, { flagKey: string; environmentKey: string }>();
  if (experimentIds.length === 0) return out;
  const rows = await db
    .selectFrom('experiments')
    .innerJoin('flags', 'flags.id', 'experiments.flag_id')
    .innerJoin('environments', 'environments.id', 'experiments.environment_id')
    .select(['experiments.id', 'flags.key as flag_key', 'environments.key as environment_key'])
    .where('experiments.id', 'in', experimentIds)
    .execute();
  for (const r of rows) out.set(r.id, { flagKey: r.flag_key, environmentKey: r.environment_key });
  return out;
}
