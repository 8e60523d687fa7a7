import { describe, expect, it } from 'vitest';
import { compileLeaf } from './leaf-evaluators.js';

const leaf = (name: string, match: string | undefined | null, value: unknown): unknown =>
  match === undefined
    ? { type: 'custom_attribute', name, value }
    : { type: 'custom_attribute', name, match, value };

/** [what it pins, condition, attributes, expected]. */
const cases: [string, unknown, Record<string, unknown>, boolean | null][] = [
  ['exact string', leaf('country', 'exact', 'US'), { country: 'US' }, true],
  ['exact string, other value', leaf('country', 'exact', 'US'), { country: 'CA' }, false],
  ['missing match means exact', leaf('country', undefined, 'US'), { country: 'US' }, true],
  ['exact: a missing attribute is null', leaf('country', 'exact', 'US'), {}, null],
  ['exact: an inherited property counts as missing', leaf('toString', 'exact', 'x'), {}, null],
  ['exact: typeof mismatch is null, not false', leaf('age', 'exact', 30), { age: '30' }, null],
  ['exact: a null user value is null', leaf('age', 'exact', 30), { age: null }, null],
  ['exact number', leaf('age', 'exact', 30), { age: 30 }, true],
  ['exact boolean', leaf('beta', 'exact', false), { beta: false }, true],
  [
    'exact: condition beyond 2^53 is null',
    leaf('n', 'exact', 2 ** 53 + 2),
    { n: 2 ** 53 + 2 },
    null,
  ],
  ['exact: user value beyond 2^53 is null', leaf('n', 'exact', 1), { n: -(2 ** 53) - 2 }, null],
  ['exact: 2^53 itself is fine', leaf('n', 'exact', 2 ** 53), { n: 2 ** 53 }, true],
  ['exact: an object condition value is null', leaf('n', 'exact', { a: 1 }), { n: 1 }, null],
  ['exists: present', leaf('email', 'exists', null), { email: '' }, true],
  ['exists: null value', leaf('email', 'exists', null), { email: null }, false],
  ['exists: missing is false, not null', leaf('email', 'exists', null), {}, false],
  ['gt', leaf('age', 'gt', 18), { age: 18.5 }, true],
  ['gt at the bound', leaf('age', 'gt', 18), { age: 18 }, false],
  ['ge at the bound', leaf('age', 'ge', 18), { age: 18 }, true],
  ['lt with a float condition', leaf('age', 'lt', 65.5), { age: 65 }, true],
  ['le at the bound', leaf('age', 'le', 30), { age: 30 }, true],
  ['gt: a string user value is null', leaf('age', 'gt', 18), { age: '30' }, null],
  ['gt: a string condition value is null', leaf('age', 'gt', '18'), { age: 30 }, null],
  ['gt: NaN is null', leaf('age', 'gt', 18), { age: Number.NaN }, null],
  ['substring', leaf('plan', 'substring', 'pro'), { plan: 'pro_annual' }, true],
  ['substring: no', leaf('plan', 'substring', 'pro'), { plan: 'free' }, false],
  ['substring: a number user value is null', leaf('plan', 'substring', 'pro'), { plan: 5 }, null],
  ['semver_eq', leaf('v', 'semver_eq', '2.0'), { v: '2.0.1' }, true],
  ['semver_gt', leaf('v', 'semver_gt', '2.0.0'), { v: '2.0.0' }, false],
  ['semver_ge', leaf('v', 'semver_ge', '2.0.0-beta'), { v: '2.0.0' }, true],
  ['semver_lt', leaf('v', 'semver_lt', '3.0'), { v: '2.9' }, true],
  ['semver_le', leaf('v', 'semver_le', '1.2.3'), { v: '1.2.4' }, false],
  ['semver: a number user value is null', leaf('v', 'semver_eq', '2'), { v: 2 }, null],
  ['semver: an invalid user version is null', leaf('v', 'semver_eq', '2'), { v: '2 .0' }, null],
  [
    'semver: an invalid condition version is null',
    leaf('v', 'semver_eq', '1.2.3.4'),
    { v: '1.2.3' },
    null,
  ],
  ['an unknown match type is null', leaf('country', 'regex', 'US'), { country: 'US' }, null],
  ['an empty match is null', leaf('country', '', 'US'), { country: 'US' }, null],
  ['a null match is null', leaf('country', null, 'US'), { country: 'US' }, null],
];

describe('custom_attribute leaves (reference §2.7 table)', () => {
  it.each(cases)('%s', (_what, condition, attributes, expected) => {
    expect(compileLeaf(condition).evaluate(attributes, undefined)).toBe(expected);
  });
});

describe('other leaf types', () => {
  const cohort = { type: 'cohort', name: 'cohort', value: 77 };

  it('cohort: true when the set holds String(value)', () => {
    expect(compileLeaf(cohort).evaluate({}, new Set(['77']))).toBe(true);
  });

  it('cohort: false when a set is given without it', () => {
    expect(compileLeaf(cohort).evaluate({}, new Set(['12']))).toBe(false);
  });

  it('cohort: null when no set is given (what the SDK gives for an unknown type)', () => {
    expect(compileLeaf(cohort).evaluate({ cohort: 77 }, undefined)).toBeNull();
  });

  it('third_party_dimension qualified: false, as in the SDK without fetched segments', () => {
    const odp = {
      type: 'third_party_dimension',
      name: 'odp.audiences',
      match: 'qualified',
      value: 'seg',
    };
    expect(compileLeaf(odp).evaluate({}, undefined)).toBe(false);
  });

  it.each([
    { type: 'custom_dimension', name: 'x', value: 1 },
    'a string',
    42,
    null,
    { name: 'no type' },
  ])('an unknown or malformed leaf %j is null', (condition) => {
    expect(compileLeaf(condition).evaluate({ x: 1 }, new Set())).toBeNull();
  });
});
