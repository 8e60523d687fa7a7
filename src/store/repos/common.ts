/** Small pieces every repository uses. */
import { sql, type Kysely } from 'kysely';
import { notFound, versionMismatch } from '../../core/errors.js';
import type { DB } from '../schema.js';

/** A connection or a transaction: repositories take either, so a transaction is just an argument. */
export type Db = Kysely<DB>;

export function nowIso(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}

/** The next id from the sequence shared by every entity that appears in datafiles. */
export async function nextId(db: Db): Promise<number> {
  const row = await db.insertInto('id_sequence').defaultValues().returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === '') return fallback;
  return JSON.parse(text) as T;
}

export const toBool = (value: number): boolean => value === 1;
export const fromBool = (value: boolean): number => (value ? 1 : 0);

type VersionedTable = 'users' | 'projects' | 'environments' | 'attributes' | 'audiences' | 'events' | 'flags' | 'rulesets' | 'experiments' | 'groups' | 'holdouts' | 'oauth_clients';

/**
 * Raises the row's version, checking the caller's expected version when given: a concurrent
 * change becomes a 409 instead of a lost update. Returns the new version.
 */
export async function bumpVersion(
  db: Db,
  table: VersionedTable,
  id: number,
  expectedVersion: number | undefined,
  what: string,
  updatedAt: string,
): Promise<number> {
  const check = expectedVersion === undefined ? sql`` : sql` and version = ${expectedVersion}`;
  const { rows } = await sql<{ version: number }>`update ${sql.table(table)} set version = version + 1, updated_at = ${updatedAt} where id = ${id}${check} returning version`.execute(db);
  const row = rows[0];
  if (row) return Number(row.version);
  const current = await sql<{ version: number }>`select version from ${sql.table(table)} where id = ${id}`.execute(db);
  const found = current.rows[0];
  if (!found) throw notFound(what, id);
  throw versionMismatch(what, expectedVersion ?? -1, Number(found.version));
}

export interface Page {
  readonly page: number;
  readonly perPage: number;
}

export interface PageOf<T> {
  readonly items: readonly T[];
  readonly total: number;
}
