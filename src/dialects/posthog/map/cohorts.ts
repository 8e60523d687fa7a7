/** Cohorts in PostHog's words: a dynamic cohort with behavioural filters and a person count. */
import type { Cohort, CohortMember } from '../../../core/cohort/types.js';

/**
 * PostHog's definition of an exposure cohort: people who performed `$feature_flag_called` with
 * `$feature_flag` = the flag key since the experiment's start. Fieldtest counts its own exposure
 * log (decisions and impressions), which is what `$feature_flag_called` stands for.
 */
export function exposureCohortDefinition(flagKey: string, startDate: string) {
  return {
    properties: {
      type: 'OR',
      values: [
        {
          type: 'OR',
          values: [
            {
              type: 'behavioral',
              value: 'performed_event',
              key: '$feature_flag_called',
              negation: false,
              event_type: 'events',
              explicit_datetime: startDate,
              event_filters: [{ key: '$feature_flag', value: [flagKey], operator: 'exact', type: 'event' }],
            },
          ],
        },
      ],
    },
  };
}

export function exposureCohortName(experimentName: string): string {
  return `Users exposed to experiment "${experimentName}"`;
}

export function cohortOut(c: Cohort) {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    filters: c.definition,
    count: c.memberCount,
    is_static: false,
    is_calculating: false,
    last_calculation: c.computedAt,
    created_at: c.createdAt,
    deleted: false,
    experiment_id: c.experimentId,
  };
}

export function personOut(m: CohortMember) {
  return { id: m.visitorId, distinct_ids: [m.visitorId], properties: {}, created_at: m.addedAt };
}
