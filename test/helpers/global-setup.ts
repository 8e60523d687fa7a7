/**
 * Migrates one template per engine before the suites run (STYLE.md 6): a SQLite file that each
 * test file copies, and a PostgreSQL database that each test file clones with CREATE DATABASE …
 * TEMPLATE. Names carry a run id so parallel runs (CI, worktrees) never collide.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openStore } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { databases, postgresAdminUrl, postgresUrl } from './databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    sqliteTemplate: string;
    postgresTemplate: string;
    runId: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const dir = mkdtempSync(join(tmpdir(), 'fieldtest-test-'));
  const sqliteTemplate = join(dir, 'template.db');
  const sqlite = openStore(`sqlite:${sqliteTemplate}`);
  await migrateToLatest(sqlite.db, sqlite.engine);
  await sqlite.close();
  project.provide('sqliteTemplate', sqliteTemplate);
  project.provide('runId', runId);

  const postgresTemplate = `ft_tpl_${runId}`;
  project.provide('postgresTemplate', postgresTemplate);
  if (databases.includes('postgres')) {
    const admin = new pg.Client({ connectionString: postgresAdminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${postgresTemplate}`);
    await admin.end();
    const store = openStore(postgresUrl(postgresTemplate), { poolSize: 1 });
    await migrateToLatest(store.db, store.engine);
    await store.close();
  }

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (databases.includes('postgres')) {
      const admin = new pg.Client({ connectionString: postgresAdminUrl });
      await admin.connect();
      const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'ft_%${runId}%'`);
      for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
      await admin.end();
    }
  };
}
