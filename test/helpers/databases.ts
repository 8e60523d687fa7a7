/**
 * Which databases the integration suites run on: DATABASES=sqlite,postgres (default sqlite, so
 * `npm test` needs no service; .ci/run adds the PostgreSQL run). Every suite uses
 * `describe.each(databases)` so the same assertions hold on both engines.
 */
import type { Engine } from '../../src/store/db.js';

export const databases: Engine[] = (process.env.DATABASES ?? 'sqlite')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is Engine => d === 'sqlite' || d === 'postgres');

/** The maintenance database the PostgreSQL suite creates its databases from. */
export const postgresAdminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function postgresUrl(database: string): string {
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
