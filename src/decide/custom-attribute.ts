/**
 * Compiles `custom_attribute` condition leaves into evaluators, mirroring the SDK's
 * `custom_attribute_condition_evaluator` (reference §2.7):
 *
 * - a `match` that is present but not one of the 12 known values gives `null`;
 * - an attribute that is not an own property gives `null` (except for `exists`);
 * - `exact` needs both sides to be strings, booleans or numbers of the same `typeof`;
 *   `gt`/`ge`/`lt`/`le` need numbers; `substring` and `semver_*` need strings; a number with
 *   |v| > 2^53 (or NaN) on either side gives `null`, as does a `null` user value.
 *
 * Checks that depend only on the condition are done here, once; the returned closure is built at
 * compile time and only reads the user's attributes at decide time.
 */
import { matchTypes } from '../core/audience/conditions.js';
import type { CompiledLeaf, Tri } from './decision-config.js';
import { compareVersion, parseVersion } from './semver.js';

type Attributes = Readonly<Record<string, unknown>>;
type Evaluate = (attributes: Attributes) => Tri;

/** The 12 match types the SDK knows (the same list core validates audiences against). */
const MATCH_TYPES: ReadonlySet<string> = new Set<string>(matchTypes);

const MAX_SAFE = 2 ** 53;

/** The SDK's `isSafeInteger`: a number with |v| ≤ 2^53 (floats allowed, NaN not). */
function isSafeNumber(value: unknown): value is number {
  return typeof value === 'number' && Math.abs(value) <= MAX_SAFE;
}

const alwaysNull: Evaluate = () => null;

function exact(name: string, expected: unknown): Evaluate {
  const type = typeof expected;
  if (!(type === 'string' || type === 'boolean' || type === 'number')) return alwaysNull;
  if (type === 'number' && !isSafeNumber(expected)) return alwaysNull;
  return (attributes) => {
    if (!Object.hasOwn(attributes, name)) return null;
    const actual = attributes[name];
    // A different typeof gives null, not false: "30" vs 30 is "unknown".
    if (actual === null || typeof actual !== type) return null;
    if (type === 'number' && !isSafeNumber(actual)) return null;
    return actual === expected;
  };
}

function exists(name: string): Evaluate {
  return (attributes) => {
    const actual = attributes[name];
    return actual !== undefined && actual !== null;
  };
}

function numeric(
  name: string,
  expected: unknown,
  compare: (a: number, b: number) => boolean,
): Evaluate {
  if (!isSafeNumber(expected)) return alwaysNull;
  return (attributes) => {
    if (!Object.hasOwn(attributes, name)) return null;
    const actual = attributes[name];
    if (!isSafeNumber(actual)) return null;
    return compare(actual, expected);
  };
}

function substring(name: string, expected: unknown): Evaluate {
  if (typeof expected !== 'string') return alwaysNull;
  return (attributes) => {
    if (!Object.hasOwn(attributes, name)) return null;
    const actual = attributes[name];
    if (typeof actual !== 'string') return null;
    return actual.includes(expected);
  };
}

function semver(name: string, expected: unknown, accept: (order: number) => boolean): Evaluate {
  if (typeof expected !== 'string') return alwaysNull;
  const condition = parseVersion(expected);
  // An invalid condition version makes every comparison null in the SDK.
  if (condition === null) return alwaysNull;
  return (attributes) => {
    if (!Object.hasOwn(attributes, name)) return null;
    const actual = attributes[name];
    if (typeof actual !== 'string') return null;
    const order = compareVersion(condition, actual);
    return order === null ? null : accept(order);
  };
}

function evaluatorFor(match: string, name: string, value: unknown): Evaluate {
  switch (match) {
    case 'exact':
      return exact(name, value);
    case 'exists':
      return exists(name);
    case 'gt':
      return numeric(name, value, (a, b) => a > b);
    case 'ge':
      return numeric(name, value, (a, b) => a >= b);
    case 'lt':
      return numeric(name, value, (a, b) => a < b);
    case 'le':
      return numeric(name, value, (a, b) => a <= b);
    case 'substring':
      return substring(name, value);
    case 'semver_eq':
      return semver(name, value, (order) => order === 0);
    case 'semver_gt':
      return semver(name, value, (order) => order > 0);
    case 'semver_ge':
      return semver(name, value, (order) => order >= 0);
    case 'semver_lt':
      return semver(name, value, (order) => order < 0);
    case 'semver_le':
      return semver(name, value, (order) => order <= 0);
    default:
      return alwaysNull;
  }
}

/** Compiles one `custom_attribute` leaf. */
export function compileCustomAttribute(
  condition: Readonly<Record<string, unknown>>,
  text: string,
): CompiledLeaf {
  const match = condition.match;
  let evaluate: Evaluate;
  if (match === undefined) {
    evaluate = evaluatorFor('exact', String(condition.name), condition.value);
  } else if (typeof match === 'string' && MATCH_TYPES.has(match)) {
    evaluate = evaluatorFor(match, String(condition.name), condition.value);
  } else {
    // Unknown match types, including "" and null, give null [SDK: UNKNOWN_MATCH_TYPE].
    evaluate = alwaysNull;
  }
  return { text, evaluate };
}
