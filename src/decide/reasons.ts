/**
 * The sentences of `Decision.reasons`, built only when `includeReasons` is set. They answer "why
 * did this user get that?" in the order the engine evaluated things; `docs/decide.md` explains
 * the order.
 */
import type { Decision } from './decision-config.js';

/** Describes what a traffic range gave. */
function outcome(decision: Decision | null | undefined): string {
  if (decision === null || decision === undefined)
    return 'no variation (outside the traffic allocation)';
  return decision.variationKey === null
    ? 'a variation this flag does not know'
    : `variation "${decision.variationKey}"`;
}

/** Sentences, one function per event. */
export const reason = {
  flagNotFound: (flagKey: string): string => `No flag was found for key "${flagKey}".`,
  bucketingId: (bucketingId: string): string =>
    `Bucketing with $opt_bucketing_id "${bucketingId}" instead of the user id.`,
  notRunning: (kind: string, key: string, status: string): string =>
    `${kind} "${key}" is not running (status "${status}"); skipped.`,
  audience: (kind: string, key: string, text: string, matched: boolean): string =>
    `Audience conditions of ${kind} "${key}" (${text}) evaluated to ${matched ? 'true' : 'false or null (no match)'}.`,
  group: (
    groupId: string,
    bucket: number,
    entityId: string | undefined,
    ruleKey: string,
    hit: boolean,
  ): string =>
    hit
      ? `User is in bucket ${bucket} of group ${groupId}, the slot of rule "${ruleKey}".`
      : `User is in bucket ${bucket} of group ${groupId}, which belongs to ${entityId === undefined ? 'no experiment' : `experiment ${entityId}`}, not to rule "${ruleKey}"; skipped.`,
  bucket: (
    bucket: number,
    kind: string,
    key: string,
    hashKey: string,
    decision: Decision | null | undefined,
  ): string =>
    `User bucketed into bucket ${bucket} of ${kind} "${key}" (hash key "${hashKey}"): ${outcome(decision)}.`,
  forced: (userId: string, ruleKey: string, decision: Decision | null): string =>
    decision === null
      ? `Allowlist of rule "${ruleKey}" maps user "${userId}" to a variation key the rule does not have; ignored.`
      : `User "${userId}" is forced into variation "${String(decision.variationKey)}" by the allowlist of rule "${ruleKey}".`,
  stored: (ruleKey: string, decision: Decision): string =>
    `Variation "${String(decision.variationKey)}" of rule "${ruleKey}" comes from the $opt_experiment_bucket_map attribute.`,
  unknownVariation: (ruleKey: string): string =>
    `Rule "${ruleKey}" gave a variation whose key neither the rule nor the flag has; experiment rules end here (as in the SDK).`,
  cmab: (ruleKey: string): string =>
    `Rule "${ruleKey}" is a CMAB rule, decided only remotely (decideAsync); skipped.`,
  holdout: (holdoutKey: string, decision: Decision): string =>
    `User is in holdout "${holdoutKey}" (variation "${String(decision.variationKey)}").`,
  excludedDeliveries: (holdoutKey: string): string =>
    `Holdout "${holdoutKey}" has excludeTargetedDeliveries: experiment rules are skipped, delivery rules still apply.`,
  jump: (ruleKey: string): string =>
    `Delivery rule "${ruleKey}" matched the audience but not the traffic allocation; jumping to the everyone-else rule.`,
  noRule: (flagKey: string): string =>
    `No rule of flag "${flagKey}" applies; variables take their defaults.`,
  result: (decision: Decision): string =>
    `Flag "${decision.flagKey}": ${String(decision.ruleType)} rule "${String(decision.ruleKey)}" gives variation "${String(decision.variationKey)}" (${decision.reasonCode}, enabled ${String(decision.enabled)}).`,
};
