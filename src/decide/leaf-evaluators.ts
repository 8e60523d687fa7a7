/**
 * The table of audience leaf types: `type` → compiler. Add a type by adding a row.
 *
 * The SDK knows `custom_attribute` and `third_party_dimension`; any other `type` evaluates to
 * `null` [SDK: UNKNOWN_CONDITION_TYPE]. Fieldtest adds `cohort`, which official SDKs therefore read
 * as `null`: decisions agree with theirs whenever no cohort set is given.
 */
import type { CompiledLeaf } from './decision-config.js';
import { compileCustomAttribute } from './custom-attribute.js';

/** Compiles one condition object of a given `type` into a leaf evaluator. */
export type LeafCompiler = (
  condition: Readonly<Record<string, unknown>>,
  text: string,
) => CompiledLeaf;

/** A leaf that always gives the same result. */
export function constantLeaf(value: boolean | null, text: string): CompiledLeaf {
  return { text, evaluate: () => value };
}

/**
 * `{"type":"cohort","name":"cohort","value":<cohort id>}`: true iff the user's cohort set holds
 * `String(value)`, false if a set is given without it, null when no set is given.
 */
function compileCohort(condition: Readonly<Record<string, unknown>>, text: string): CompiledLeaf {
  const cohortId = String(condition.value);
  return {
    text,
    evaluate: (_attributes, cohorts) => (cohorts === undefined ? null : cohorts.has(cohortId)),
  };
}

/**
 * ODP segments (`match: "qualified"`, or no match). The SDK answers from segments fetched from
 * ODP and gives false when none were fetched; the engine never fetches any, so false.
 */
function compileThirdPartyDimension(
  condition: Readonly<Record<string, unknown>>,
  text: string,
): CompiledLeaf {
  const match = condition.match;
  return constantLeaf(match === undefined || match === 'qualified' ? false : null, text);
}

/** Leaf compilers by condition `type`. */
export const leafCompilers: ReadonlyMap<string, LeafCompiler> = new Map<string, LeafCompiler>([
  ['custom_attribute', compileCustomAttribute],
  ['third_party_dimension', compileThirdPartyDimension],
  ['cohort', compileCohort],
]);

/** Compiles a non-array condition node; anything that is not a known leaf object gives null. */
export function compileLeaf(node: unknown): CompiledLeaf {
  const text = JSON.stringify(node) ?? String(node);
  if (typeof node !== 'object' || node === null) return constantLeaf(null, text);
  const condition = node as Readonly<Record<string, unknown>>;
  const type = condition.type;
  const compiler = typeof type === 'string' ? leafCompilers.get(type) : undefined;
  return compiler === undefined ? constantLeaf(null, text) : compiler(condition, text);
}
