/**
 * Validation of Optimizely condition JSON: `and`/`or`/`not` trees whose leaves are
 * `custom_attribute` conditions (audiences) or audience ids (rules). The decision engine
 * evaluates these trees; here we only make sure what is stored is well-formed, so a bad tree is
 * a 400 at write time instead of a silent "no match" at decision time.
 */
import { invalid } from '../errors.js';

export const matchTypes = [
  'exact',
  'exists',
  'substring',
  'gt',
  'ge',
  'lt',
  'le',
  'semver_eq',
  'semver_gt',
  'semver_ge',
  'semver_lt',
  'semver_le',
] as const;
export type MatchType = (typeof matchTypes)[number];

export const operators = ['and', 'or', 'not'] as const;
export type Operator = (typeof operators)[number];

/** Leaf types the platform evaluates. `cohort` leaves test membership in a stored cohort. */
export const leafTypes = ['custom_attribute', 'cohort'] as const;
export type LeafType = (typeof leafTypes)[number];

export interface ConditionLeaf {
  readonly type: LeafType;
  readonly name: string;
  readonly match?: MatchType;
  readonly value?: string | number | boolean | null;
}

export type ConditionTree = readonly [Operator, ...(ConditionTree | ConditionLeaf)[]] | ConditionLeaf;
export type AudienceIdTree = readonly [Operator, ...(AudienceIdTree | number)[]] | number;

function parseJson(field: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalid(field, `is not valid JSON (${(error as Error).message})`);
  }
}

/** Parses and checks an audience's `conditions` string. */
export function parseAudienceConditions(field: string, text: string): ConditionTree {
  return checkTree(field, parseJson(field, text));
}

function checkTree(path: string, node: unknown): ConditionTree {
  if (Array.isArray(node)) {
    const [head, ...rest] = node as unknown[];
    if (typeof head !== 'string' || !(operators as readonly string[]).includes(head)) {
      throw invalid(path, `a condition list must start with "and", "or" or "not", got ${JSON.stringify(head)}`);
    }
    if (head === 'not' && rest.length !== 1) {
      throw invalid(path, `"not" takes exactly one condition, got ${rest.length}`);
    }
    const children = rest.map((child, i) => checkTree(`${path}[${i + 1}]`, child));
    return [head as Operator, ...children];
  }
  return checkLeaf(path, node);
}

function checkLeaf(path: string, node: unknown): ConditionLeaf {
  if (typeof node !== 'object' || node === null) {
    throw invalid(path, `must be a condition object or a list, got ${JSON.stringify(node)}`);
  }
  const leaf = node as Record<string, unknown>;
  const type = leaf.type;
  if (typeof type !== 'string' || !(leafTypes as readonly string[]).includes(type)) {
    throw invalid(`${path}.type`, `must be one of ${leafTypes.join(', ')}, got ${JSON.stringify(type)}`);
  }
  if (typeof leaf.name !== 'string' || leaf.name === '') {
    throw invalid(`${path}.name`, 'must be a non-empty attribute name');
  }
  if (type === 'cohort') {
    if (typeof leaf.value !== 'number' && typeof leaf.value !== 'string') {
      throw invalid(`${path}.value`, 'must be the cohort id');
    }
    return { type, name: leaf.name, value: leaf.value };
  }
  const match = leaf.match ?? 'exact';
  if (typeof match !== 'string' || !(matchTypes as readonly string[]).includes(match)) {
    throw invalid(`${path}.match`, `unknown match type ${JSON.stringify(match)}; expected one of ${matchTypes.join(', ')}`);
  }
  const value = leaf.value;
  const problem = valueProblem(match as MatchType, value);
  if (problem) throw invalid(`${path}.value`, problem);
  return { type: 'custom_attribute', name: leaf.name, match: match as MatchType, value: value as ConditionLeaf['value'] };
}

function valueProblem(match: MatchType, value: unknown): string | null {
  switch (match) {
    case 'exists':
      return null;
    case 'exact':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? null
        : 'exact needs a string, number or boolean value';
    case 'substring':
      return typeof value === 'string' ? null : 'substring needs a string value';
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le':
      return typeof value === 'number' && Number.isFinite(value) ? null : `${match} needs a numeric value`;
    case 'semver_eq':
    case 'semver_gt':
    case 'semver_ge':
    case 'semver_lt':
    case 'semver_le':
      return typeof value === 'string' && value !== '' && !/\s/.test(value)
        ? null
        : `${match} needs a version string without spaces`;
  }
}

/**
 * Parses a rule's `audience_conditions`: a tree over audience ids. Leaves may be ids (numbers or
 * digit strings) or `{"audience_id": id}` objects. Empty input, `[]` and `"everyone"` mean
 * everyone and give `null`.
 */
export function parseRuleAudienceConditions(field: string, text: string | null | undefined): AudienceIdTree | null {
  if (text === null || text === undefined) return null;
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'everyone' || trimmed === '[]') return null;
  return checkIdTree(field, parseJson(field, trimmed));
}

function checkIdTree(path: string, node: unknown): AudienceIdTree {
  if (Array.isArray(node)) {
    const [head, ...rest] = node as unknown[];
    if (typeof head === 'string' && (operators as readonly string[]).includes(head)) {
      if (head === 'not' && rest.length !== 1) throw invalid(path, `"not" takes exactly one condition, got ${rest.length}`);
      return [head as Operator, ...rest.map((c, i) => checkIdTree(`${path}[${i + 1}]`, c))];
    }
    // A list without an operator is an implicit "or", as the SDKs read it.
    return ['or', ...node.map((c: unknown, i) => checkIdTree(`${path}[${i}]`, c))];
  }
  const raw = typeof node === 'object' && node !== null ? (node as Record<string, unknown>).audience_id : node;
  const id = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
    throw invalid(path, `must be an audience id, got ${JSON.stringify(node)}`);
  }
  return id;
}

/**
 * The `cohort` leaves of a parsed tree, with the path of each `value` (for errors) and the cohort
 * id it names (NaN when the value is not an id).
 */
export function cohortLeavesOf(path: string, tree: ConditionTree): { path: string; cohortId: number }[] {
  if (isLeaf(tree)) {
    return tree.type === 'cohort' ? [{ path: `${path}.value`, cohortId: typeof tree.value === 'number' || typeof tree.value === 'string' ? Number(tree.value) : NaN }] : [];
  }
  const [, ...children] = tree;
  return children.flatMap((c, i) => cohortLeavesOf(`${path}[${i + 1}]`, c));
}

function isLeaf(tree: ConditionTree): tree is ConditionLeaf {
  return !Array.isArray(tree);
}

/** Every audience id a rule's tree refers to. */
export function audienceIdsOf(tree: AudienceIdTree | null): number[] {
  if (tree === null) return [];
  if (typeof tree === 'number') return [tree];
  const [, ...children] = tree;
  return children.flatMap((c) => audienceIdsOf(c));
}
