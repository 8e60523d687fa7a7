/**
 * Flag variables: casting the datafile's string values by type (reference §2.4) and building the
 * `variables` object of a decision. The SDK casts at decide time; we cast once per reachable
 * (flag, variation) pair at compile time and share the frozen result.
 */

/** A flag variable as the engine needs it. `type` has `string`+`subType: json` folded into `json`. */
export interface CompiledVariable {
  readonly id: string;
  readonly key: string;
  readonly type: unknown;
  readonly defaultValue: unknown;
}

/**
 * Casts a raw variable value as the SDK's `getTypeCastValue` does: `boolean` accepts only
 * `"true"`/`"false"`; `integer` is `parseInt(v, 10)`; `double` is `parseFloat`; `json` is
 * `JSON.parse`; a failure gives null; any other type returns the value as is.
 */
export function castVariable(value: unknown, type: unknown): unknown {
  switch (type) {
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : null;
    case 'integer': {
      const parsed = Number.parseInt(String(value), 10);
      return Number.isNaN(parsed) ? null : parsed;
    }
    case 'double': {
      const parsed = Number.parseFloat(String(value));
      return Number.isNaN(parsed) ? null : parsed;
    }
    case 'json':
      try {
        return JSON.parse(String(value)) as unknown;
      } catch {
        return null;
      }
    default:
      return value;
  }
}

/** Freezes a value and everything inside it, so shared decisions cannot be changed by a caller. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * The `variables` of a decision: each variable's value from the variation when the flag is
 * enabled and the variation lists that variable id with a non-null value, else its default; then
 * cast. `usages` is the SDK's variation-variable usage map entry for the variation (by id).
 */
export function buildVariables(
  variables: readonly CompiledVariable[],
  usages: ReadonlyMap<string, unknown> | undefined,
  enabled: boolean,
): Readonly<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  for (const variable of variables) {
    let raw = variable.defaultValue;
    if (enabled && usages !== undefined && usages.has(variable.id)) {
      const value = usages.get(variable.id);
      if (value !== null) raw = value;
    }
    result[variable.key] = castVariable(raw, variable.type);
  }
  return deepFreeze(result);
}
