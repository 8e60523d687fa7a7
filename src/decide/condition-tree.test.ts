import { describe, expect, it } from 'vitest';
import { compileAudienceCheck, compileTree, constantNode, evaluateTree } from './condition-tree.js';
import type { CompiledAudience, ConditionNode, Tri } from './decision-config.js';

/** Leaves are the strings "T", "F" and "N" (true, false, null). */
function evaluate(tree: unknown): Tri {
  const compiled = compileTree(tree, (leaf): ConditionNode =>
    constantNode(leaf === 'T' ? true : leaf === 'F' ? false : null, String(leaf)),
  );
  return evaluateTree(compiled, {}, undefined, null);
}

describe('condition trees (three-valued logic, reference §2.7)', () => {
  it.each([
    [['and', 'T', 'T'], true],
    [['and', 'T', 'N'], null],
    [['and', 'N', 'F'], false],
    [['and'], true],
    [['or', 'F', 'N'], null],
    [['or', 'N', 'T'], true],
    [['or', 'F', 'F'], false],
    [['or'], false],
    [['not', 'T'], false],
    [['not', 'N'], null],
    [['not', 'F', 'F'], true],
    [['not'], null],
    [['and', ['or', 'F', 'T'], ['not', 'F']], true],
  ])('%j → %s', (tree, expected) => {
    expect(evaluate(tree)).toBe(expected);
  });

  it('a list starting with another string is an implicit OR over the whole list', () => {
    expect(evaluate(['T', 'F'])).toBe(true);
    expect(evaluate(['F', 'N'])).toBeNull();
  });

  it('a list starting with a non-string drops its first element (SDK quirk)', () => {
    expect(evaluate([{ leaf: 1 }, 'F'])).toBe(false);
    expect(evaluate([['or', 'T'], 'F'])).toBe(false);
  });

  it('a bare leaf is evaluated as is', () => {
    expect(evaluate('T')).toBe(true);
  });
});

describe('rule audience checks', () => {
  const audience = (value: Tri): CompiledAudience => ({
    id: 'a',
    name: 'a',
    tree: constantNode(value, 'a'),
  });
  const audiences = new Map([
    ['1', audience(true)],
    ['2', audience(false)],
  ]);
  const matches = (conditions: unknown): Tri => {
    const check = compileAudienceCheck(conditions, (id) => audiences.get(id));
    return check.tree === null ? true : evaluateTree(check.tree, {}, undefined, null);
  };

  it('absent or empty conditions mean everyone', () => {
    expect(compileAudienceCheck(undefined, () => undefined).tree).toBeNull();
    expect(compileAudienceCheck([], () => undefined).tree).toBeNull();
  });

  it('audience id lists are an implicit OR', () => {
    expect(matches(['2', '1'])).toBe(true);
    expect(matches(['2'])).toBe(false);
  });

  it('an unknown audience id is null', () => {
    expect(matches(['or', '9', '2'])).toBeNull();
    expect(matches(['and', '9', '1'])).toBeNull();
  });

  it('records each audience result when tracing', () => {
    const trace: string[] = [];
    const check = compileAudienceCheck(['or', '1'], (id) => audiences.get(id));
    evaluateTree(check.tree as ConditionNode, {}, undefined, trace);
    expect(trace).toEqual(['Audience "a" (a) evaluated to true.']);
  });
});
