/**
 * OFREP (OpenFeature Remote Evaluation Protocol) in our words: the evaluation context becomes a
 * user, an engine decision becomes an evaluation result (docs/sdks.md#openfeature).
 *
 * Value: a flag without variables evaluates to its enabled state (a boolean, so
 * `getBooleanDetails` works); a flag with variables evaluates to the object of its variable
 * values (`getObjectDetails`), with `metadata.enabled` telling whether the flag is on. A value is
 * always present: the Node server provider rejects a result without one.
 */
import { createHash } from 'node:crypto';
import type { Decision, DecideUser } from '../decide/index.js';
import type { FlagState } from './served-datafile.js';

export type OfrepReason = 'STATIC' | 'TARGETING_MATCH' | 'SPLIT' | 'DISABLED' | 'DEFAULT';
export type OfrepErrorCode = 'PARSE_ERROR' | 'TARGETING_KEY_MISSING' | 'INVALID_CONTEXT' | 'FLAG_NOT_FOUND' | 'GENERAL';

export class OfrepError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: OfrepErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface OfrepResult {
  readonly key: string;
  readonly value: unknown;
  readonly reason: OfrepReason;
  readonly variant?: string;
  readonly metadata: Record<string, string | boolean>;
}

export interface EvaluationContext {
  readonly user: DecideUser;
  /** The context as sent, for the bulk ETag. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/**
 * The user of a request body `{context: {targetingKey, ...attributes}}`. `targetingKey` is the
 * user id; every other key is an attribute (`$opt_bucketing_id` included).
 */
export function contextOf(body: unknown): EvaluationContext {
  const context = typeof body === 'object' && body !== null ? (body as { context?: unknown }).context : undefined;
  if (context === undefined || context === null) throw new OfrepError(400, 'TARGETING_KEY_MISSING', 'context.targetingKey is required: it is the user id decisions are bucketed by');
  if (typeof context !== 'object' || Array.isArray(context)) throw new OfrepError(400, 'INVALID_CONTEXT', 'context must be an object');
  const { targetingKey, ...attributes } = context as Record<string, unknown>;
  if (targetingKey === undefined || targetingKey === null || targetingKey === '') {
    throw new OfrepError(400, 'TARGETING_KEY_MISSING', 'context.targetingKey is required: it is the user id decisions are bucketed by');
  }
  if (typeof targetingKey !== 'string') throw new OfrepError(400, 'INVALID_CONTEXT', 'context.targetingKey must be a string');
  return { user: { userId: targetingKey, attributes }, raw: context as Record<string, unknown> };
}

/** The engine's reason in OFREP's words; "everyone else" depends on why no rule applied. */
export function reasonOf(decision: Decision, state: FlagState | undefined): OfrepReason {
  switch (decision.reasonCode) {
    case 'split':
    case 'holdout':
      return 'SPLIT';
    case 'targeting_match':
    case 'forced':
      return 'TARGETING_MATCH';
    case 'everyone_else':
      if (state && !state.enabled) return 'DISABLED';
      return state && !state.hasRules ? 'STATIC' : 'DEFAULT';
    case 'no_rule':
    case 'flag_not_found':
      return 'DEFAULT';
  }
}

export function resultOf(decision: Decision, state: FlagState | undefined): OfrepResult {
  const metadata: Record<string, string | boolean> = { flagKey: decision.flagKey, enabled: decision.enabled };
  if (decision.ruleKey !== null) metadata.ruleKey = decision.ruleKey;
  if (decision.variationKey !== null) metadata.variationKey = decision.variationKey;
  return {
    key: decision.flagKey,
    value: state?.hasVariables ? decision.variables : decision.enabled,
    reason: reasonOf(decision, state),
    ...(decision.variationKey === null ? {} : { variant: decision.variationKey }),
    metadata,
  };
}

/** Canonical JSON (sorted keys), so equal contexts hash alike whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The bulk ETag: the datafile's validator and a hash of the context (ADR-0005). */
export function bulkEtag(datafileEtag: string, context: Readonly<Record<string, unknown>>): string {
  const hash = createHash('sha256').update(canonical(context)).digest('base64url').slice(0, 16);
  return `"${datafileEtag.slice(1, -1)}-${hash}"`;
}
