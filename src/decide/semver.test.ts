import { describe, expect, it } from 'vitest';
import { compareVersion, parseVersion } from './semver.js';

/** compareVersion(condition, user): 1 means the user version is greater. */
function compare(condition: string, user: string): number | null {
  const parsed = parseVersion(condition);
  return parsed === null ? null : compareVersion(parsed, user);
}

describe('Optimizely semver (reference §2.7)', () => {
  it.each([
    ['2.0.0', '2.0.0', 0, 'equal'],
    ['2.0', '2.0.1', 0, 'only the condition parts are compared'],
    ['2', '2.9.9', 0, 'a major-only condition matches any minor'],
    ['2.0.0', '2.0', -1, 'a user with fewer parts is lower'],
    ['2.0.0-beta', '2.0', 1, 'fewer parts than a pre-release condition is higher'],
    ['1.2.3+build', '1.2.3', 1, 'fewer parts than a build condition is higher'],
    ['2.0.0', '2.0.0-beta', -1, 'a user pre-release against a release is lower'],
    ['3.0', '3.0.0-rc.1', -1, 'a user pre-release is lower even past the condition parts'],
    ['2.0.0-beta', '2.0.0-beta', 0, 'equal pre-releases'],
    ['2.0.0-alpha', '2.0.0-beta', 1, 'pre-releases compare as strings'],
    ['2.0.0-beta', '2.0.0-alpha', -1, 'pre-releases compare as strings (lower)'],
    ['2.0.0-beta', '2.0.0', 1, 'a release is above a pre-release condition'],
    ['1.2.3+build', '1.2.3+build2', 1, 'builds compare as strings'],
    ['1.10.0', '1.9.0', -1, 'numeric parts compare as integers'],
    ['1.9.0', '1.10.0', 1, 'numeric parts compare as integers (higher)'],
    ['01.2', '1.2', 0, 'leading zeros are ignored'],
  ])('condition %s, user %s → %i (%s)', (condition, user, expected) => {
    expect(compare(condition, user)).toBe(expected);
  });

  it.each(['2.0 .1', ' 2.0', '1.2.3.4', '', 'a.b', '1..2', '1.2.', '-beta', 'v1.2'])(
    'user version %j is invalid (null)',
    (user) => {
      expect(compare('1.0.0', user)).toBeNull();
      expect(parseVersion(user)).toBeNull();
    },
  );

  it('splits a pre-release at the first "-" and a build at the first "+"', () => {
    expect(parseVersion('1.2.3-rc.1+meta')?.parts).toEqual(['1', '2', '3', 'rc.1+meta']);
    expect(parseVersion('1.2.3+build-7')?.parts).toEqual(['1', '2', '3', 'build-7']);
    expect(parseVersion('1.2.3+build-7')?.build).toBe(true);
    expect(parseVersion('1.2.3-rc+7')?.preRelease).toBe(true);
  });
});
