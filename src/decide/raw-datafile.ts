/**
 * Reading an untyped datafile the way the SDK's `createProjectConfig` does: ids become property
 * keys, optional lists default to empty, and what its code would throw on is refused here with a
 * `DomainError` naming the field.
 */
import { invalid } from '../core/errors.js';

/** An untyped JSON object. */
export type Raw = Readonly<Record<string, unknown>>;

/**
 * The string JS uses when `value` is a property key (`map[value]`): the SDK indexes every id this
 * way, so a numeric id `50001` finds `"50001"`.
 */
export function keyOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    return Array.isArray(value)
      ? value.map((item) => (item === null || item === undefined ? '' : keyOf(item))).join(',')
      : '[object Object]';
  }
  return String(value);
}

/** The SDK's `(value || [])`, refusing a value its `forEach` would throw on. */
export function list(value: unknown, field: string): readonly unknown[] {
  if (!value) return [];
  if (!Array.isArray(value)) throw invalid(field, 'must be an array');
  return value as readonly unknown[];
}

/** An element the SDK reads fields of; null or a primitive would make it throw. */
export function record(value: unknown, field: string): Raw {
  if (typeof value !== 'object' || value === null) throw invalid(field, 'must be an object');
  return value as Raw;
}

/** Parses JSON text or accepts an already parsed object. */
export function parseDatafile(datafile: unknown): Raw {
  let value = datafile;
  if (typeof datafile === 'string') {
    try {
      value = JSON.parse(datafile);
    } catch (error) {
      throw invalid('datafile', `is not valid JSON (${(error as Error).message})`);
    }
  }
  return record(value, 'datafile');
}
