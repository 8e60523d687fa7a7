/**
 * Reading untrusted JSON field by field, with errors that name the field as a path
 * (`visitors[2].snapshots[0].events[0].timestamp: must be …`). Batches are lenient in what older
 * SDKs send (ids as strings or numbers, null for absent), strict in what the numbers mean.
 */
import { invalid } from '../core/errors.js';

export type Json = Readonly<Record<string, unknown>>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function objectAt(v: unknown, path: string): Json {
  if (!isObject(v)) throw invalid(path, 'must be an object');
  return v;
}

export function arrayAt(v: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(v)) throw invalid(path, 'must be an array');
  return v;
}

/** A non-empty string of at most `max` characters. */
export function stringAt(v: unknown, path: string, max = 255): string {
  if (typeof v !== 'string' || v.length === 0) throw invalid(path, 'must be a non-empty string');
  if (v.length > max) throw invalid(path, `must be at most ${max} characters`);
  return v;
}

/** An id sent as digits or as a number; null when absent, null, "" or not digits (a rollout's "default-rollout-…"). */
export function numericIdAt(v: unknown, path: string): number | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || v < 0) throw invalid(path, 'must be a non-negative integer id');
    return v;
  }
  if (typeof v !== 'string') throw invalid(path, 'must be a string or a number');
  if (!/^\d{1,15}$/.test(v)) return null;
  return Number(v);
}

/** Earliest and latest accepted event times: 2000-01-01 and 2100-01-01 (ms). */
const minTs = 946_684_800_000;
const maxTs = 4_102_444_800_000;

/** Milliseconds since the epoch, from a number of ms or an ISO-8601 string. */
export function timestampAt(v: unknown, path: string): number {
  let ts: number;
  if (typeof v === 'number') ts = v;
  else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) ts = Date.parse(v);
  else throw invalid(path, 'must be milliseconds since the epoch or an ISO-8601 date-time');
  if (!Number.isFinite(ts)) throw invalid(path, 'is not a valid date-time');
  ts = Math.trunc(ts);
  if (ts < minTs || ts > maxTs) throw invalid(path, 'must be between 2000-01-01 and 2100-01-01 (milliseconds since the epoch)');
  return ts;
}

/** The largest |value| accepted: squares and sums stay finite and exact to 10⁻⁶ per visitor (docs/events.md). */
export const maxAbsValue = 1e12;

export function valueAt(v: unknown, path: string): number | null {
  if (v === undefined || v === null) return null;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw invalid(path, 'must be a finite number');
  if (Math.abs(n) > maxAbsValue) throw invalid(path, `must be between -${maxAbsValue} and ${maxAbsValue}`);
  return n;
}

/** Revenue in 1/100 of a currency unit; fractions are dropped as the Optimizely SDKs do. */
export function revenueAt(v: unknown, path: string): number | null {
  const n = valueAt(v, path);
  return n === null ? null : Math.trunc(n);
}

/** Visitor attributes as `{key: value}` (scalars only); the Optimizely array form is converted. */
export function attributesAt(v: unknown, path: string): Record<string, unknown> | null {
  if (v === undefined || v === null) return null;
  const entries: [string, unknown][] = [];
  if (Array.isArray(v)) {
    v.forEach((a, i) => {
      const at = objectAt(a, `${path}[${i}]`);
      const key = at.key ?? at.entity_id;
      if (typeof key !== 'string' || key === '') throw invalid(`${path}[${i}].key`, 'must be a non-empty string');
      entries.push([key, at.value ?? null]);
    });
  } else {
    entries.push(...Object.entries(objectAt(v, path)));
  }
  // fromEntries defines own properties: a "__proto__" key stays a key.
  return entries.length === 0 ? null : Object.fromEntries(entries);
}
