/**
 * Cases of the audiences suite: every flag (one audience or rule-level tree each) against every
 * attribute set, with the facts the SDK must confirm spelled out.
 */
import { audiencesDatafile, audienceUsers } from './datafiles/audiences.js';
import type { OracleDecision } from './sdk-oracle.js';
import type { CaseSpec } from './vector-file.js';

const matched = (d: OracleDecision): boolean => d.ruleKey?.endsWith(':match') === true;

/** Audience facts the SDK must confirm: [flag, attribute-set label, matches?]. */
const audienceFacts: [string, string, boolean][] = [
  ['aud_country_us', 'us', true],
  ['aud_age_exact_30', 'age_30_string', false], // "30" vs 30: typeof mismatch is null
  ['aud_email_exists', 'email_null', false],
  ['aud_email_exists', 'email_empty', true],
  ['aud_semver_eq_2.0', 'version_2_0_1', true], // only the condition's parts are compared
  ['aud_semver_lt_3.0', 'version_3_0_0_rc1', true], // a user pre-release counts as lower
  ['aud_semver_ge_2.0.0-beta', 'version_2_0_0_alpha', false],
  ['aud_semver_gt_2.0.0', 'version_with_space', false],
  ['aud_semver_le_1.2.3+build', 'version_1_2_3', false],
  ['aud_not_us', 'none', false], // not(null) is null
  ['aud_us_or_ca_and_not_beta', 'us_beta_false', true],
  ['aud_first_element_dropped', 'us', false],
  ['aud_first_element_dropped', 'ca', true],
  ['aud_cohort_77_or_us', 'ca', false],
  ['aud_score_exact_beyond_2^53', 'score_beyond_2_53', false],
  ['aud_typed_overrides_legacy', 'us', true],
  ['aud_empty_and', 'none', true],
  ['aud_odp_segment', 'none', false],
  ['rule_not_odp_segment', 'none', true], // qualified without fetched segments is false, not null
  ['rule_empty_conditions_override_ids', 'ca', true],
  ['rule_or_with_unknown_audience', 'us_beta', true],
  ['rule_and_with_unknown_audience', 'us', false],
];

/** The attribute names a flag's targeted rule reads (through its audiences). */
function attributeNames(flagKey: string): Set<string> {
  const flag = audiencesDatafile.featureFlags.find((f) => f.key === flagKey);
  const rollout = audiencesDatafile.rollouts.find((r) => r.id === flag?.rolloutId);
  const targeted = rollout?.experiments[0];
  const ids: readonly string[] =
    JSON.stringify([targeted?.audienceIds, targeted?.audienceConditions]).match(/\d{4}/g) ?? [];
  const audiences = [...audiencesDatafile.audiences, ...(audiencesDatafile.typedAudiences ?? [])];
  const text = JSON.stringify(audiences.filter((a) => ids.includes(a.id)));
  return new Set([...text.matchAll(/\\?"name\\?":\\?"([a-z_.]+)\\?"/g)].map((m) => m[1] as string));
}

/**
 * Every flag of the audiences datafile against the attribute sets that touch the attributes it
 * reads, plus `none` (every set when it reads none).
 */
export const audienceCases: CaseSpec[] = audiencesDatafile.featureFlags.flatMap((flag) => {
  const names = attributeNames(flag.key);
  return Object.entries(audienceUsers)
    .filter(
      ([label, attributes]) =>
        label === 'none' ||
        names.size === 0 ||
        Object.keys(attributes).some((key) => names.has(key)),
    )
    .map(([label, attributes]): CaseSpec => {
      const fact = audienceFacts.find(([key, user]) => key === flag.key && user === label);
      return {
        name: `${flag.key} / ${label}`,
        outcome: (d: OracleDecision) => (matched(d) ? 'matches' : 'no match'),
        flagKey: flag.key,
        attributes,
        ...(fact === undefined ? {} : { expect: (d: OracleDecision) => matched(d) === fact[2] }),
      };
    });
});
