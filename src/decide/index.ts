/**
 * The decision engine's public API: compile a datafile once, then decide per user and flag with
 * the exact results of the official Optimizely JS SDK 6.6.1. Pure: no I/O (docs/decide.md).
 */
export { compileDatafile } from './compile-datafile.js';
export { decide, decideAll } from './decide.js';
export { bucketValue, murmurhash3 } from './murmurhash3.js';
export type {
  DecideOptions,
  DecideUser,
  Decision,
  DecisionConfig,
  DecisionSource,
  ReasonCode,
  RuleType,
} from './decision-config.js';
export type * from './datafile-types.js';
