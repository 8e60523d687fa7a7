import { describe, expect, it } from 'vitest';
import { buildVariables, castVariable } from './variables.js';

describe('castVariable (reference §2.4)', () => {
  it.each([
    ['true', 'boolean', true],
    ['false', 'boolean', false],
    ['TRUE', 'boolean', null],
    ['1', 'boolean', null],
    ['42', 'integer', 42],
    ['42.9', 'integer', 42],
    ['-7px', 'integer', -7],
    ['abc', 'integer', null],
    ['', 'integer', null],
    ['3.5e2', 'double', 350],
    ['1.0', 'double', 1],
    ['x1', 'double', null],
    ['{"a":[1,2]}', 'json', { a: [1, 2] }],
    ['[true,null]', 'json', [true, null]],
    ['{nope', 'json', null],
    ['', 'string', ''],
    ['blue', 'string', 'blue'],
    ['blue', 'unknown-type', 'blue'],
  ])('%j as %s gives %j', (value, type, expected) => {
    expect(castVariable(value, type)).toEqual(expected);
  });
});

describe('buildVariables', () => {
  const variables = [
    { id: '1', key: 'color', type: 'string', defaultValue: 'gray' },
    { id: '2', key: 'count', type: 'integer', defaultValue: '0' },
  ];

  it('takes variation values only when the flag is enabled', () => {
    const usages = new Map<string, unknown>([['1', 'blue']]);
    expect(buildVariables(variables, usages, true)).toEqual({ color: 'blue', count: 0 });
    expect(buildVariables(variables, usages, false)).toEqual({ color: 'gray', count: 0 });
  });

  it('falls back to the default when the variation value is null or missing', () => {
    expect(buildVariables(variables, new Map([['1', null]]), true)).toEqual({
      color: 'gray',
      count: 0,
    });
    expect(buildVariables(variables, undefined, true)).toEqual({ color: 'gray', count: 0 });
  });

  it('returns a deeply frozen object', () => {
    const json = [{ id: '3', key: 'layout', type: 'json', defaultValue: '{"columns":[1]}' }];
    const result = buildVariables(json, undefined, false) as { layout: { columns: number[] } };
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.layout.columns)).toBe(true);
  });
});
