/** Optimizely condition JSON: audience condition trees and rules' trees over audience ids. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { audienceIdsOf, cohortLeavesOf, matchTypes, parseAudienceConditions, parseRuleAudienceConditions, type ConditionLeaf, type MatchType } from './conditions.js';

function problem(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected an invalid error');
}

const leaf = (name: string, match: MatchType | undefined, value?: unknown) => ({ type: 'custom_attribute', name, ...(match ? { match } : {}), ...(value === undefined ? {} : { value }) });

describe('parseAudienceConditions', () => {
  const good: [MatchType, unknown][] = [
    ['exact', 'pro'], ['exact', 3], ['exact', false], ['exists', undefined], ['substring', 'abc'],
    ['gt', 1], ['ge', -1.5], ['lt', 0], ['le', 1e6],
    ['semver_eq', '1.2.3'], ['semver_gt', '1'], ['semver_ge', '2.0-beta'], ['semver_lt', '3.1'], ['semver_le', '10.0.0+build'],
  ];

  it.each(good)('accepts a %s leaf with %j', (match, value) => {
    expect(parseAudienceConditions('conditions', JSON.stringify(['and', leaf('a', match, value)]))).toEqual(['and', { type: 'custom_attribute', name: 'a', match, value }]);
  });

  it('covers every match type', () => {
    expect(new Set(good.map(([m]) => m))).toEqual(new Set(matchTypes));
  });

  it('defaults the match to exact and accepts a bare leaf and nested and/or/not', () => {
    expect(parseAudienceConditions('c', JSON.stringify(leaf('a', undefined, 'x')))).toEqual({ type: 'custom_attribute', name: 'a', match: 'exact', value: 'x' });
    const tree = ['or', ['and', leaf('a', 'exists')], ['not', ['or', leaf('b', 'lt', 2)]]];
    expect(parseAudienceConditions('c', JSON.stringify(tree))).toEqual(['or', ['and', { ...leaf('a', 'exists'), value: undefined }], ['not', ['or', leaf('b', 'lt', 2)]]]);
    expect(parseAudienceConditions('c', '["and"]')).toEqual(['and']);
  });

  const bad: [string, string, string, string][] = [
    ['invalid JSON', '["and", ', 'conditions', 'is not valid JSON'],
    ['an unknown match type', JSON.stringify(['and', leaf('a', 'exact', 1), { type: 'custom_attribute', name: 'b', match: 'regex', value: 'x' }]), 'conditions[2].match', 'unknown match type "regex"'],
    ['an unknown operator', JSON.stringify(['xor', leaf('a', 'exists')]), 'conditions', '"and", "or" or "not"'],
    ['not with two children', JSON.stringify(['not', leaf('a', 'exists'), leaf('b', 'exists')]), 'conditions', 'exactly one'],
    ['an unknown leaf type', JSON.stringify(['and', { type: 'cookie', name: 'a' }]), 'conditions[1].type', 'custom_attribute'],
    ['a leaf without a name', JSON.stringify(['and', { type: 'custom_attribute', value: 1 }]), 'conditions[1].name', 'name'],
    ['a number where a leaf belongs', JSON.stringify(['and', 5]), 'conditions[1]', 'condition object'],
    ['gt with a string', JSON.stringify(['and', leaf('a', 'gt', '1')]), 'conditions[1].value', 'numeric'],
    ['ge with Infinity-like null', JSON.stringify(['and', leaf('a', 'ge', null)]), 'conditions[1].value', 'numeric'],
    ['substring with a number', JSON.stringify(['and', leaf('a', 'substring', 1)]), 'conditions[1].value', 'string'],
    ['exact with an object', JSON.stringify(['and', leaf('a', 'exact', { x: 1 })]), 'conditions[1].value', 'exact'],
    ['exact without a value', JSON.stringify(['and', leaf('a', 'exact')]), 'conditions[1].value', 'exact'],
    ['semver with spaces', JSON.stringify(['and', leaf('a', 'semver_lt', '1 2')]), 'conditions[1].value', 'version'],
    ['semver empty', JSON.stringify(['and', leaf('a', 'semver_eq', '')]), 'conditions[1].value', 'version'],
    ['a deep bad leaf', JSON.stringify(['and', ['or', leaf('a', 'exists'), ['not', leaf('b', 'between' as MatchType, 1)]]]), 'conditions[1][2][1].match', 'between'],
  ];

  it.each(bad)('rejects %s naming the field', (_label, text, field, message) => {
    const error = problem(() => parseAudienceConditions('conditions', text));
    expect(error.kind).toBe('invalid');
    expect(error.field).toBe(field);
    expect(error.message).toContain(message);
  });

  it('round-trips any well-formed tree', () => {
    const value = (match: MatchType): fc.Arbitrary<ConditionLeaf['value']> => {
      if (match === 'exists') return fc.constant(undefined as unknown as null);
      if (match === 'exact') return fc.oneof(fc.string(), fc.integer(), fc.boolean());
      if (match === 'substring') return fc.string();
      if (match.startsWith('semver')) return fc.stringMatching(/^\d{1,3}(\.\d{1,3}){0,2}$/);
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    };
    const leafArb = fc.constantFrom(...matchTypes).chain((match) => fc.record({ type: fc.constant('custom_attribute' as const), name: fc.string({ minLength: 1 }), match: fc.constant(match), value: value(match) }));
    const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leafArb,
        fc.tuple(fc.constantFrom('and', 'or'), fc.array(tie('tree'), { maxLength: 3 })).map(([op, children]) => [op, ...children]),
        tie('tree').map((child) => ['not', child]),
      ),
    }));
    fc.assert(
      fc.property(tree, (t) => {
        const text = JSON.stringify(t);
        expect(JSON.stringify(parseAudienceConditions('c', text))).toBe(text);
      }),
    );
  });
});

describe('parseRuleAudienceConditions', () => {
  it.each([[undefined], [null], [''], ['  '], ['everyone'], ['[]']])('reads %j as everyone', (text) => {
    expect(parseRuleAudienceConditions('audience_conditions', text)).toBeNull();
  });

  it('reads operators, implicit or, numeric strings and {audience_id} leaves', () => {
    expect(parseRuleAudienceConditions('f', '["and", 1, ["or", "2", {"audience_id": 3}], ["not", 4]]')).toEqual(['and', 1, ['or', 2, 3], ['not', 4]]);
    expect(parseRuleAudienceConditions('f', '[5, 6]')).toEqual(['or', 5, 6]);
    expect(parseRuleAudienceConditions('f', '7')).toBe(7);
  });

  it.each([
    ['{', 'f', 'is not valid JSON'],
    ['["and", "x"]', 'f[1]', 'audience id'],
    ['["or", 0]', 'f[1]', 'audience id'],
    ['["or", -3]', 'f[1]', 'audience id'],
    ['["or", 1.5]', 'f[1]', 'audience id'],
    ['["not", 1, 2]', 'f', 'exactly one'],
    ['{"audience": 1}', 'f', 'audience id'],
  ])('rejects %s naming %s', (text, field, message) => {
    const error = problem(() => parseRuleAudienceConditions('f', text));
    expect(error.field).toBe(field);
    expect(error.message).toContain(message);
  });

  it('lists every audience id a tree refers to', () => {
    expect(audienceIdsOf(null)).toEqual([]);
    expect(audienceIdsOf(9)).toEqual([9]);
    expect(audienceIdsOf(['and', 1, ['or', 2, ['not', 3]], 1])).toEqual([1, 2, 3, 1]);
  });
});

describe('cohortLeavesOf', () => {
  it('finds each cohort leaf with the path of its value, through and/or/not', () => {
    const tree = parseAudienceConditions('conditions', JSON.stringify(['and', { type: 'cohort', name: 'cohort', value: 7 }, ['not', { type: 'cohort', name: 'cohort', value: '12' }], { type: 'custom_attribute', name: 'country', value: 'US' }]));
    expect(cohortLeavesOf('conditions', tree)).toEqual([
      { path: 'conditions[1].value', cohortId: 7 },
      { path: 'conditions[2][1].value', cohortId: 12 },
    ]);
  });

  it('gives NaN for a value that is not an id', () => {
    const tree = parseAudienceConditions('conditions', JSON.stringify(['or', { type: 'cohort', name: 'cohort', value: 'exposed' }]));
    expect(cohortLeavesOf('conditions', tree)[0]?.cohortId).toBeNaN();
  });
});
