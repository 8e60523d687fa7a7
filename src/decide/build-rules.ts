/**
 * The pieces of a datafile that rules are made of: traffic ranges, audience trees with string
 * ids, variations with their variable values, and the experiment status words the SDK reads.
 */
import { audienceIdsOf, type AudienceIdTree } from '../core/audience/conditions.js';
import type { ExperimentStatus } from '../core/experiment/lifecycle.js';
import type { DatafileFlagInput } from '../core/datafile/inputs.js';
import type { DatafileConditionTree, DatafileTrafficRange, DatafileVariation } from './datafile-types.js';

/**
 * Traffic ranges for `weights` (basis points of the included traffic) when `percentage` of all
 * users is included: each variation gets `weight × percentage / 10000` buckets, contiguous from
 * bucket 0; the buckets left over belong to nobody (a gap at the end), which is how a datafile
 * says "not in the experiment" [reference §2.3]. Empty ranges are left out.
 */
export function trafficRanges(percentage: number, weights: readonly { readonly entityId: string; readonly weight: number }[]): DatafileTrafficRange[] {
  const out: DatafileTrafficRange[] = [];
  let cumulative = 0;
  let previousEnd = 0;
  for (const { entityId, weight } of weights) {
    cumulative += weight;
    const end = Math.floor((cumulative * percentage) / 10000);
    if (end > previousEnd) {
      out.push({ entityId, endOfRange: end });
      previousEnd = end;
    }
  }
  return out;
}

/** A rule-level tree over audience ids with string leaves; everyone is `[]`. */
export function audienceConditionsOf(tree: AudienceIdTree | null): DatafileConditionTree<string> {
  if (tree === null) return [];
  const walk = (node: AudienceIdTree): DatafileConditionTree<string> =>
    typeof node === 'number' ? String(node) : [node[0], ...node.slice(1).map((c) => walk(c as AudienceIdTree))];
  const out = walk(tree);
  return typeof out === 'string' ? ['or', out] : out;
}

export function audienceIdsOfTree(tree: AudienceIdTree | null): string[] {
  return [...new Set(audienceIdsOf(tree))].map(String);
}

const statusWords: Readonly<Record<ExperimentStatus, string>> = {
  draft: 'Not started',
  running: 'Running',
  paused: 'Paused',
  completed: 'Concluded',
  archived: 'Archived',
};

/**
 * The status an experiment rule carries: `"Running"` only when its ruleset is enabled and its
 * experiment runs; the SDK skips a rule with any other status.
 */
export function experimentStatusWord(enabled: boolean, status: ExperimentStatus | null): string {
  if (status === null) return 'Not started';
  if (status === 'running') return enabled ? 'Running' : 'Paused';
  return statusWords[status];
}

/**
 * The datafile variations of a flag, by key. A variation id carries the same key, `featureEnabled`
 * and values wherever it appears [reference §2.3]: "off" is the disabled variation; the others
 * enable the flag. Every variable is listed, with the variation's value or the default.
 */
export function flagVariations(flag: DatafileFlagInput): Map<string, DatafileVariation> {
  const out = new Map<string, DatafileVariation>();
  for (const v of flag.variations) {
    out.set(v.key, {
      id: String(v.id),
      key: v.key,
      featureEnabled: v.key !== 'off',
      variables: flag.variables.map((variable) => ({ id: String(variable.id), value: v.variables[variable.key] ?? variable.defaultValue })),
    });
  }
  return out;
}
