/**
 * Compiling how a rule or holdout buckets (reference §3.1–3.2): the random-group stage and the
 * traffic ranges, as typed arrays, with the decision each range gives.
 */
import { invalid } from '../core/errors.js';
import type { Allocation, Decision, GroupStage } from './decision-config.js';
import type { DatafileIndex, VariationDraft } from './datafile-index.js';
import type { Raw } from './raw-datafile.js';
import { keyOf, list, record } from './raw-datafile.js';

/** One traffic range as written in the datafile. */
export interface TrafficRange {
  readonly entityId: unknown;
  readonly endOfRange: unknown;
}

/**
 * The allocation of the entity bucketed under `id` (hash key `bucketingId + id`). `endOfRange`
 * goes through `Number()`, which compares exactly as the SDK's `bucket < endOfRange` does.
 */
export function compileAllocation(
  index: DatafileIndex,
  id: string,
  rawId: unknown,
  traffic: readonly TrafficRange[],
  decide: (entityId: unknown, rangeIndex: number) => Decision | null,
): Allocation {
  return Object.freeze({
    hashSuffix: id,
    group: compileGroupStage(index, id, rawId),
    ends: Float64Array.from(traffic, (range) => Number(range.endOfRange)),
    decisions: Object.freeze(traffic.map((range, i) => decide(range.entityId, i))),
  });
}

/**
 * The group stage of the entity bucketed under `id`: the SDK's bucketer reads the `groupId` of
 * `experimentIdMap[id]`, so this applies to whatever carries that id.
 */
function compileGroupStage(index: DatafileIndex, id: string, rawId: unknown): GroupStage | null {
  const groupId = index.experimentsById.get(id)?.groupId;
  if (!groupId) return null;
  const group = index.groups.get(keyOf(groupId));
  if (group === undefined) {
    // The SDK throws INVALID_GROUP_ID inside decide(); refuse it up front.
    throw invalid(
      `experiment ${id}.groupId`,
      `names group ${JSON.stringify(groupId)}, which is not in the datafile`,
    );
  }
  // Only `policy: "random"` excludes; "overlapping" groups are ignored [SDK bucketer].
  if (group.policy !== 'random') return null;
  const field = `group ${keyOf(group.id)}.trafficAllocation`;
  const ranges = list(group.trafficAllocation, field).map((range, i) =>
    record(range, `${field}[${i}]`),
  );
  return Object.freeze({
    id: keyOf(group.id),
    ends: Float64Array.from(ranges, (range) => Number(range.endOfRange)),
    // The SDK compares the range's entityId with the rule id using ===.
    hits: Uint8Array.from(ranges, (range) => (range.entityId === rawId ? 1 : 0)),
    entityIds: Object.freeze(ranges.map((range) => keyOf(range.entityId))),
  });
}

/** A holdout's traffic ranges. */
export function trafficOf(raw: Raw, field: string): TrafficRange[] {
  return list(raw.trafficAllocation, `${field}.trafficAllocation`).map((range, i) => {
    const r = record(range, `${field}.trafficAllocation[${i}]`);
    return { entityId: r.entityId, endOfRange: r.endOfRange };
  });
}

/**
 * A CMAB rule buckets into the placeholder entity "$" up to `cmab.trafficAllocation` and then asks
 * a remote service [SDK buildBucketerParams]; "$" names no variation, so nobody is bucketed here.
 */
export function cmabTraffic(raw: Raw): TrafficRange[] | null {
  const cmab = raw.cmab;
  if (!cmab) return null;
  return [
    {
      entityId: '$',
      endOfRange: typeof cmab === 'object' ? (cmab as Raw).trafficAllocation : undefined,
    },
  ];
}

/** True when every bucket in [0, 10000) lands on the same variation (a 100 % rollout). */
export function coversAllBuckets(
  ends: readonly number[],
  variations: readonly (VariationDraft | null)[],
): boolean {
  let covered = 0;
  let only: VariationDraft | null = null;
  for (let i = 0; i < ends.length && covered < 10000; i++) {
    const end = ends[i] as number;
    if (!(end > covered)) continue;
    const variation = variations[i] ?? null;
    if (variation === null || (only !== null && only !== variation)) return false;
    only = variation;
    covered = end;
  }
  return covered >= 10000;
}
