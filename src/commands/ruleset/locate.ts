/** Finds the flag and environment a ruleset route names. */
import { notFound } from '../../core/errors.js';
import type { Flag } from '../../core/flag/types.js';
import type { Environment } from '../../core/project/types.js';
import type { Db } from '../../store/repos/common.js';
import { findFlagByKey } from '../../store/repos/flags.js';
import { findEnvironmentByKey } from '../../store/repos/projects.js';

export async function flagAndEnvironment(db: Db, projectId: number, flagKey: string, environmentKey: string): Promise<{ flag: Flag; environment: Environment }> {
  const [flag, environment] = await Promise.all([findFlagByKey(db, projectId, flagKey), findEnvironmentByKey(db, projectId, environmentKey)]);
  if (!flag) throw notFound('flag', flagKey);
  if (!environment) throw notFound('environment', environmentKey);
  return { flag, environment };
}
