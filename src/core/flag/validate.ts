/** What must hold for a flag's variables and variations before they are stored. */
import { invalid } from '../errors.js';
import { assertKey } from '../keys.js';
import { OFF_VARIATION_KEY } from './types.js';
import { assertVariableValue, variableTypes, type VariableType } from './variables.js';

export interface VariableDraft {
  readonly key: string;
  readonly type: VariableType;
  readonly defaultValue: string;
}

export interface VariationDraft {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly variables: Readonly<Record<string, string>>;
}

export function assertVariables(variables: readonly VariableDraft[]): void {
  const seen = new Set<string>();
  variables.forEach((v, i) => {
    assertKey(`variables[${i}].key`, v.key);
    if (seen.has(v.key)) throw invalid(`variables[${i}].key`, `variable ${JSON.stringify(v.key)} is defined twice`);
    seen.add(v.key);
    if (!(variableTypes as readonly string[]).includes(v.type)) {
      throw invalid(`variables[${i}].type`, `must be one of ${variableTypes.join(', ')}`);
    }
    assertVariableValue(`variables[${i}].default_value`, v.type, v.defaultValue);
  });
}

/** Checks variations against the flag's variables; "off" is always present and first. */
export function normalizeVariations(variations: readonly VariationDraft[], variables: readonly VariableDraft[]): VariationDraft[] {
  const types = new Map(variables.map((v) => [v.key, v.type]));
  const seen = new Set<string>();
  variations.forEach((variation, i) => {
    assertKey(`variations[${i}].key`, variation.key);
    if (seen.has(variation.key)) throw invalid(`variations[${i}].key`, `variation ${JSON.stringify(variation.key)} is defined twice`);
    seen.add(variation.key);
    for (const [key, value] of Object.entries(variation.variables)) {
      const type = types.get(key);
      if (type === undefined) throw invalid(`variations[${i}].variables.${key}`, `the flag has no variable ${JSON.stringify(key)}`);
      if (typeof value !== 'string') throw invalid(`variations[${i}].variables.${key}`, 'values are strings of the variable type');
      assertVariableValue(`variations[${i}].variables.${key}`, type, value);
    }
  });
  const off = variations.find((v) => v.key === OFF_VARIATION_KEY);
  const rest = variations.filter((v) => v.key !== OFF_VARIATION_KEY);
  // "off" delivers the flag disabled with default values, so it carries no variable values.
  return [{ key: OFF_VARIATION_KEY, name: off?.name || 'Off', description: off?.description ?? '', variables: {} }, ...rest];
}
