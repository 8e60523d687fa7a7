/** The fields a client writes on a web experiment, and how they are checked before any write. */
import { invalid } from '../../core/errors.js';
import { sortableId } from '../../core/ids.js';
import type { ExperimentStatus } from '../../core/experiment/lifecycle.js';
import type { ExperimentType } from '../../core/experiment/types.js';
import type { WebMetrics, WebTargeting, WebVariantDraft } from '../../core/web/types.js';
import { assertOneControl, assertTargeting, assertVariant, weightToBasisPoints } from '../../core/web/validate.js';
import { assertWebMetrics } from './web-metrics.js';
import type { VariantState } from './sync-variants.js';

export interface WebExperimentInput {
  readonly experimentSettingsId?: string;
  readonly name?: string;
  readonly key?: string;
  readonly description?: string;
  readonly type?: ExperimentType;
  /** Percent of visitors in the experiment (0..100). */
  readonly trafficAllocation?: number;
  readonly includeQueryString?: boolean;
  readonly targetingRules?: WebTargeting;
  readonly metrics?: WebMetrics;
  readonly variants?: readonly WebVariantDraft[];
  readonly status?: ExperimentStatus;
  /** A variant's public id, or null to clear. */
  readonly winnerVariantId?: string | null;
  readonly expectedVersion?: number;
}

export const DEFAULT_VARIANTS: readonly WebVariantDraft[] = [
  { name: 'Control', isControl: true, weight: 50 },
  { name: 'Variant B', isControl: false, weight: 50 },
];

/** Checks the targeting, metrics and traffic fields that are present. */
export function assertExperimentFields(input: WebExperimentInput): void {
  if (input.name !== undefined && input.name.trim() === '') throw invalid('name', 'must not be empty');
  if (input.trafficAllocation !== undefined) weightToBasisPoints('trafficAllocation', input.trafficAllocation);
  if (input.targetingRules) assertTargeting('targetingRules', input.targetingRules);
  if (input.metrics) assertWebMetrics(input.metrics);
}

/** A variant draft as it will be stored, with a new public id (or the given one). */
export function variantState(field: string, v: WebVariantDraft, at: number, publicId?: string): VariantState {
  assertVariant(field, v);
  const redirectUrl = v.redirectUrl?.trim() || null;
  return {
    publicId: publicId ?? sortableId('var', at),
    name: v.name.trim(),
    isControl: v.isControl,
    weight: weightToBasisPoints(`${field}.weight`, v.weight),
    variantType: v.variantType ?? (redirectUrl ? 'redirect' : 'dom'),
    redirectUrl,
    domModifications: v.domModifications ?? [],
  };
}

/** The variants of a new experiment, checked (exactly one control). */
export function newVariants(drafts: readonly WebVariantDraft[] | undefined, at: number): VariantState[] {
  const list = drafts ?? DEFAULT_VARIANTS;
  if (list.length === 0) throw invalid('variants', 'an experiment needs at least one variant');
  assertOneControl('variants', list);
  return list.map((v, i) => variantState(`variants[${i}]`, v, at));
}
