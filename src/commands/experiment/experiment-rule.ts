/** Converting between an experiment's traffic settings and the rule that delivers it. */
import { invalid } from '../../core/errors.js';
import type { AudienceIdTree } from '../../core/audience/conditions.js';
import type { RuleDraft } from '../../core/ruleset/validate.js';
import type { Metric } from '../../core/experiment/types.js';
import { rowToRule } from '../../store/repos/rulesets.js';
import type { RuleRow } from '../../store/schema.js';
import type { Db } from '../../store/repos/common.js';

export interface VariationWeight {
  readonly key: string;
  readonly name?: string;
  readonly weight: number;
}

export function draftOf(row: RuleRow): RuleDraft {
  const r = rowToRule(row);
  return { key: r.key, type: r.type, name: r.name, audienceConditions: r.audienceConditions, percentageIncluded: r.percentageIncluded, variations: r.variations, allowlist: r.allowlist };
}

/** Throws unless every metric's event is a conversion event of the project. */
export async function assertMetricEvents(db: Db, projectId: number, metrics: readonly Metric[]): Promise<void> {
  if (metrics.length === 0) return;
  const ids = [...new Set(metrics.map((m) => m.eventId))];
  const rows = await db.selectFrom('events').select('id').where('project_id', '=', projectId).where('id', 'in', ids).execute();
  const known = new Set(rows.map((r) => r.id));
  const i = metrics.findIndex((m) => !known.has(m.eventId));
  if (i >= 0) throw invalid(`metrics[${i}].event_id`, `event ${metrics[i]?.eventId} does not exist in project ${projectId}`);
}

export interface TrafficChange {
  readonly variations?: readonly VariationWeight[];
  readonly percentageIncluded?: number;
  readonly audienceConditions?: AudienceIdTree | null;
}

export function withTraffic(draft: RuleDraft, change: TrafficChange): RuleDraft {
  return {
    ...draft,
    ...(change.variations ? { variations: change.variations.map((v) => ({ variationKey: v.key, weight: v.weight })) } : {}),
    ...(change.percentageIncluded === undefined ? {} : { percentageIncluded: change.percentageIncluded }),
    ...(change.audienceConditions === undefined ? {} : { audienceConditions: change.audienceConditions }),
  };
}
