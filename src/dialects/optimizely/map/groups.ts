/** Groups and holdouts in Optimizely's words. */
import type { Group } from '../../../core/group/types.js';
import type { Holdout } from '../../../core/holdout/types.js';

export function groupOut(g: Group) {
  return {
    id: g.id,
    project_id: g.projectId,
    name: g.name,
    description: g.description,
    policy: g.policy,
    entities: g.entities.map((e) => ({ id: e.experimentId, kind: 'experiment' as const, weight: e.weight })),
    traffic_allocation: g.entities.reduce((s, e) => s + e.weight, 0),
    archived: g.archived,
    version: g.version,
    created: g.createdAt,
    last_modified: g.updatedAt,
  };
}

export function holdoutOut(h: Holdout) {
  return {
    id: h.id,
    project_id: h.projectId,
    environment_key: h.environmentKey,
    key: h.key,
    name: h.name,
    description: h.description,
    status: h.status,
    scope: h.scope,
    percentage_included: h.percentageIncluded,
    audience_conditions: h.audienceConditions === null ? '' : JSON.stringify(h.audienceConditions),
    experiment_ids: [...h.experimentIds],
    variation: { id: h.variationId, key: h.variationKey },
    version: h.version,
    created: h.createdAt,
    last_modified: h.updatedAt,
  };
}
