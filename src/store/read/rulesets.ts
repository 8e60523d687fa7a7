/** Rulesets as the APIs show them: every environment of a flag, with defaults where none was written. */
import type { Ruleset } from '../../core/ruleset/types.js';
import type { Flag } from '../../core/flag/types.js';
import type { Environment } from '../../core/project/types.js';
import type { Db } from '../repos/common.js';
import { listEnvironments } from '../repos/projects.js';
import { listRules, rowToRule } from '../repos/rulesets.js';

/** The rulesets of `flags` in every environment of the project, by flag id then environment key. */
export async function rulesetsOf(db: Db, projectId: number, flags: readonly Flag[], environments?: readonly Environment[]): Promise<Map<number, Map<string, Ruleset>>> {
  const envs = environments ?? (await listEnvironments(db, projectId));
  const out = new Map<number, Map<string, Ruleset>>();
  if (flags.length === 0) return out;
  const rows = await db.selectFrom('rulesets').selectAll().where('flag_id', 'in', flags.map((f) => f.id)).execute();
  const rules = await listRules(db, rows.map((r) => r.id));
  for (const flag of flags) {
    const byEnv = new Map<string, Ruleset>();
    for (const env of envs) {
      const row = rows.find((r) => r.flag_id === flag.id && r.environment_id === env.id);
      byEnv.set(env.key, {
        id: row?.id ?? null,
        flagId: flag.id,
        flagKey: flag.key,
        projectId,
        environmentId: env.id,
        environmentKey: env.key,
        enabled: row?.enabled === 1,
        defaultVariationKey: row?.default_variation_key ?? 'off',
        rules: row ? rules.filter((r) => r.ruleset_id === row.id).map(rowToRule) : [],
        version: row?.version ?? 0,
        updatedAt: row?.updated_at ?? null,
      });
    }
    out.set(flag.id, byEnv);
  }
  return out;
}
