/**
 * Flag variable types and how their string values parse. Values travel as strings (as in the
 * Optimizely datafile) and must parse as their declared type when they are written.
 */
import { invalid } from '../errors.js';

export const variableTypes = ['string', 'integer', 'double', 'boolean', 'json'] as const;
export type VariableType = (typeof variableTypes)[number];

export interface FlagVariable {
  readonly id: number;
  readonly key: string;
  readonly type: VariableType;
  readonly defaultValue: string;
}

/** Throws `invalid` naming `field` unless `value` parses as `type`. */
export function assertVariableValue(field: string, type: VariableType, value: string): void {
  const problem = valueProblem(type, value);
  if (problem) throw invalid(field, problem);
}

function valueProblem(type: VariableType, value: string): string | null {
  switch (type) {
    case 'string':
      return null;
    case 'integer':
      return /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value))
        ? null
        : `${JSON.stringify(value)} is not an integer`;
    case 'double':
      return value.trim() !== '' && Number.isFinite(Number(value))
        ? null
        : `${JSON.stringify(value)} is not a number`;
    case 'boolean':
      return value === 'true' || value === 'false' ? null : `${JSON.stringify(value)} is not "true" or "false"`;
    case 'json':
      try {
        JSON.parse(value);
        return null;
      } catch {
        return `${JSON.stringify(value)} is not valid JSON`;
      }
  }
}
