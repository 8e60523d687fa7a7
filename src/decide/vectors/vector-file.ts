/**
 * The shape of the golden vector files (`src/decide/vectors/*.json`, STYLE.md practice 14) and of
 * the case specs `generate.ts` turns into them. A spec names what it pins; the generator asks the
 * official SDK for the expected decision and fails when the SDK's answer contradicts the spec.
 */
import type { DatafileV4 } from '../datafile-types.js';
import type { OracleDecision } from './sdk-oracle.js';

/** What the SDK decided, as stored in a vector. */
export type ExpectedDecision = Pick<
  OracleDecision,
  'variationKey' | 'enabled' | 'ruleKey' | 'variables' | 'ruleId' | 'variationId'
>;

/** One golden vector. */
export interface VectorCase {
  readonly name: string;
  readonly userId: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly flagKey: string;
  readonly expected: ExpectedDecision;
}

/** A vector file: a datafile and the SDK's decisions on it. */
export interface VectorFile {
  readonly description: string;
  readonly sdk: string;
  readonly datafile: DatafileV4;
  readonly cases: readonly VectorCase[];
}

/** A case to generate. */
export interface CaseSpec {
  readonly name: string;
  readonly flagKey: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
  /** A fixed user id (default `"user-1"`), unless `search` is given. */
  readonly userId?: string;
  /** Use the first user id `${prefix}${i}` (i = 0, 1, …) whose SDK decision passes `want`. */
  readonly search?: {
    readonly prefix: string;
    readonly want: (decision: OracleDecision) => boolean;
  };
  /** Appended to the name (`name → outcome`), from the SDK's decision. */
  readonly outcome?: (decision: OracleDecision) => string;
  /** Must hold for the SDK's decision, or generation fails: keeps the name honest. */
  readonly expect?: (decision: OracleDecision) => boolean;
}

/** A datafile with its case specs. */
export interface VectorSuite {
  readonly name: string;
  readonly description: string;
  readonly datafile: DatafileV4;
  readonly cases: readonly CaseSpec[];
}

/** `want`/`expect` helper: the decision came from this rule (and variation, when given). */
export function from(
  ruleKey: string | null,
  variationKey?: string | null,
): (d: OracleDecision) => boolean {
  return (d) =>
    d.ruleKey === ruleKey && (variationKey === undefined || d.variationKey === variationKey);
}
