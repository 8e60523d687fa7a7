/** Domain types of a flag: typed variables and variations, including the built-in "off". */
import type { FlagVariable } from './variables.js';

/** Every flag has this variation; it delivers the flag disabled with default variable values. */
export const OFF_VARIATION_KEY = 'off';

export interface FlagVariation {
  readonly id: number;
  readonly key: string;
  readonly name: string;
  readonly description: string;
  /** Variable key → value (as a string of the variable's type). Missing keys use the default. */
  readonly variables: Readonly<Record<string, string>>;
}

export interface Flag {
  readonly id: number;
  readonly projectId: number;
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly variables: readonly FlagVariable[];
  readonly variations: readonly FlagVariation[];
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}
