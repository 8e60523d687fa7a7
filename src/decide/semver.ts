/**
 * Optimizely's version comparison for the `semver_*` match types (reference §2.7). This is not
 * semver.org: it mirrors the SDK's `utils/semantic_version` rule for rule, quirks included.
 *
 * - A version with whitespace is invalid. A pre-release is `-` before any `+`; a build is `+`
 *   before any `-`. The core has at most 3 dot-separated parts, all digits; the suffix becomes one
 *   extra part.
 * - The comparison walks the *condition's* parts only (so `semver_eq "2.0"` matches `"2.0.1"`).
 *   A user with fewer parts compares lower, or higher when the condition is a pre-release/build.
 * - Digit parts compare with `parseInt` (no radix, as the SDK does); other parts compare as
 *   strings, with the SDK's pre-release adjustments; a user pre-release against a release
 *   condition is lower.
 */

/** A version split into parts, with its pre-release flag. */
export interface ParsedVersion {
  readonly parts: readonly string[];
  readonly preRelease: boolean;
  readonly build: boolean;
  /** `parseInt` of each part (no radix, as the SDK; NaN for most non-numeric parts). */
  readonly numbers: readonly number[];
  /** Whether each part is all digits (the SDK's `isNumber`). */
  readonly digits: readonly boolean[];
}

const DIGITS = /^\d+$/;
const WHITESPACE = /\s/;

function isPreRelease(version: string): boolean {
  const pre = version.indexOf('-');
  const build = version.indexOf('+');
  return pre >= 0 && (build < 0 || pre < build);
}

function isBuild(version: string): boolean {
  const pre = version.indexOf('-');
  const build = version.indexOf('+');
  return build >= 0 && (pre < 0 || build < pre);
}

/** Splits a version as the SDK's `splitVersion` does; `null` when it is invalid. */
export function parseVersion(version: string): ParsedVersion | null {
  if (WHITESPACE.test(version)) return null;
  const preRelease = isPreRelease(version);
  const build = !preRelease && isBuild(version);
  let core = version;
  let suffix = '';
  if (preRelease || build) {
    const at = version.indexOf(preRelease ? '-' : '+');
    core = version.substring(0, at);
    suffix = version.substring(at + 1);
  }
  const parts = core.split('.');
  if (parts.length > 3) return null;
  for (const part of parts) {
    if (!DIGITS.test(part)) return null;
  }
  if (suffix !== '') parts.push(suffix);
  return {
    parts,
    preRelease,
    build,
    numbers: parts.map((part) => Number.parseInt(part)),
    digits: parts.map((part) => DIGITS.test(part)),
  };
}

/**
 * Parsed user versions, so a hot path does not split the same few app versions again and again.
 * Bounded: cleared when full. Results never depend on it.
 */
const userVersions = new Map<string, ParsedVersion | null>();
const USER_VERSION_CACHE_SIZE = 1024;

function parseUserVersion(version: string): ParsedVersion | null {
  let parsed = userVersions.get(version);
  if (parsed === undefined) {
    parsed = parseVersion(version);
    if (userVersions.size >= USER_VERSION_CACHE_SIZE) userVersions.clear();
    userVersions.set(version, parsed);
  }
  return parsed;
}

/**
 * Compares a user version with a parsed condition version: 0 equal, 1 user greater, -1 user
 * lower, `null` when the user version is invalid.
 */
export function compareVersion(condition: ParsedVersion, userVersion: string): number | null {
  const user = parseUserVersion(userVersion);
  if (user === null) return null;
  const userParts = user.parts;
  const conditionParts = condition.parts;
  for (let i = 0; i < conditionParts.length; i++) {
    const conditionPart = conditionParts[i] as string;
    if (userParts.length <= i) {
      return condition.preRelease || condition.build ? 1 : -1;
    }
    const userPart = userParts[i] as string;
    if (!user.digits[i]) {
      if (userPart < conditionPart) {
        return condition.preRelease && !user.preRelease ? 1 : -1;
      }
      if (userPart > conditionPart) {
        return !condition.preRelease && user.preRelease ? -1 : 1;
      }
    } else {
      const userNumber = user.numbers[i] as number;
      const conditionNumber = condition.numbers[i] as number;
      if (userNumber > conditionNumber) return 1;
      if (userNumber < conditionNumber) return -1;
    }
  }
  if (user.preRelease && !condition.preRelease) return -1;
  return 0;
}
