/**
 * `fieldtest decide` run as a real process on a datafile it fetches from the running server by
 * URL: it prints the engine's decisions for the served datafile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileDatafile, decide } from '../../src/decide/index.js';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client } from '../helpers/http.js';
import { runCli } from '../helpers/cli.js';
import { buildCompatProject, type CompatProject } from './compat-project.js';

describe.each(databases)('fieldtest decide against a served datafile on %s', (engine) => {
  let server: TestServer;
  let project: CompatProject;
  beforeAll(async () => {
    server = await startServer(engine);
    project = await buildCompatProject(client(server.url, server.adminToken), 'CLI decide');
  });
  afterAll(async () => server?.close());

  it('decides every flag for a user, as the engine does on the served datafile', { timeout: 300_000 }, async () => {
    const url = `${server.url}/datafiles/${project.sdkKey}.json`;
    const config = compileDatafile(await (await fetch(url)).text());
    const res = await runCli(['decide', '--datafile', url, '--user', 'user-12', '--attr', 'country=US', '--attr', 'age=30', '--attr', 'app_version=2.1.0'], {});
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as { flagKey: string; variationKey: string | null; enabled: boolean; ruleKey: string | null; variables: unknown });
    expect(lines.map((l) => l.flagKey)).toEqual(project.flagKeys);
    for (const line of lines) {
      const ours = decide(config, { userId: 'user-12', attributes: { country: 'US', age: 30, app_version: '2.1.0' } }, line.flagKey);
      expect([line.variationKey, line.enabled, line.ruleKey, line.variables]).toEqual([ours.variationKey, ours.enabled, ours.ruleKey, ours.variables]);
    }
    const bad = await runCli(['decide', '--datafile', `${server.url}/datafiles/NoSuchKey.json`, '--user', 'u'], {});
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('404');
  });
});
