/**
 * The command line, run as a real process: `token create` / `token revoke` against the database a
 * server uses, and `serve` — the first start's administrator token and curl line,
 * FIELDTEST_BOOTSTRAP_TOKEN, PORT and --port, and the same server on SQLite or PostgreSQL
 * (DATABASE_URL).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { databases } from './helpers/databases.js';
import { freshDatabase, startServer, type TestServer } from './helpers/server.js';
import { client, type Client } from './helpers/http.js';
import { freePort, runCli, serve, type ServeProcess } from './helpers/cli.js';
import { abRule, buildExperiment, buildFlag, buildProject, expectError, ok, tokenFor, uniqueKey, type Project } from './helpers/factories.js';
import { openStore } from '../src/store/db.js';
import { bootstrapAdministrator } from '../src/commands/user/save-user.js';

/** The last non-empty line of the output: where `token create` prints the secret. */
const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

describe.each(databases)('the fieldtest command line on %s', (engine) => {
  // Each test spawns the CLI (Node + tsx loading the sources) a few times, which takes seconds on a
  // busy machine: the timeout is generous, and nothing asserts how long anything took.
  describe('token create and token revoke', { timeout: 300_000 }, () => {
    let server: TestServer;
    let admin: Client;
    let project: Project;
    beforeAll(async () => {
      server = await startServer(engine);
      admin = client(server.url, server.adminToken);
      project = await buildProject(admin);
    });
    afterAll(async () => server.close());
    const env = () => ({ DATABASE_URL: server.databaseUrl });

    it('creates an editor token that can do what editors do and nothing more', async () => {
      const email = `${uniqueKey('ana')}@example.com`;
      const res = await runCli(['token', 'create', '--email', email, '--role', 'editor', '--project', String(project.id)], env());
      expect(res.code, res.stderr).toBe(0);
      const token = lastLine(res.stdout);
      expect(token).toMatch(/^ftp_[A-Za-z0-9_-]{40,}$/);
      expect(res.stdout.trim().split('\n')[0]).toMatch(new RegExp(`^created token \\d+ for ${email.replace(/[.]/g, '\\.')} \\(editor in project ${project.id}\\)$`));
      const api = client(server.url, token);
      expect(ok(await api.get<{ email: string; project_roles: unknown[] }>('/v2/users/me'))).toMatchObject({ email, project_roles: [{ project_id: project.id, role: 'editor' }] });
      const flag = ok(await api.post<{ key: string }>(`/flags/v1/projects/${project.id}/flags`, { key: uniqueKey('cli') }), 201);
      ok(await api.patch(`/flags/v1/projects/${project.id}/flags/${flag.key}/environments/production/ruleset`, { rules: [abRule(uniqueKey('ab'))] }));
      expectError(await api.post(`/flags/v1/projects/${project.id}/flags/${flag.key}/environments/production/ruleset/enabled`), 403, 'start');
      expectError(await api.post('/v2/projects', { name: 'x' }), 403);
      const other = await buildProject(admin);
      expectError(await api.get(`/v2/projects/${other.id}`), 403, 'no role');
    });

    it('creates viewer, project owner and administrator tokens with those roles', async () => {
      const make = async (role: string, withProject = true) => {
        const res = await runCli(['token', 'create', '--email', `${uniqueKey(role)}@example.com`, '--role', role, ...(withProject ? ['--project', String(project.id)] : [])], env());
        expect(res.code, res.stderr).toBe(0);
        return client(server.url, lastLine(res.stdout));
      };
      const experiment = await buildExperiment(admin, project.id);
      const viewer = await make('viewer');
      ok(await viewer.get(`/v2/experiments/${experiment.id}`));
      expectError(await viewer.patch(`/v2/experiments/${experiment.id}`, { name: 'x' }), 403, 'viewer');
      const owner = await make('project_owner');
      expect(ok(await owner.patch<{ status: string }>(`/v2/experiments/${experiment.id}`, { status: 'active' })).status).toBe('active');
      const administrator = await make('administrator', false);
      ok(await administrator.post('/v2/projects', { name: uniqueKey('ByAdmin') }), 201);
    });

    it('narrows a token to the scopes given, for a user that already exists', async () => {
      const email = `${uniqueKey('ci')}@example.com`;
      const first = await tokenFor(server, { role: 'editor', projectId: project.id, email });
      const res = await runCli(['token', 'create', '--email', email, '--role', 'editor', '--project', String(project.id), '--scopes', 'flag:read,experiment:read'], env());
      expect(res.code, res.stderr).toBe(0);
      const api = client(server.url, lastLine(res.stdout));
      expect(ok(await api.get<{ id: number }>('/v2/users/me')).id).toBe(first.userId);
      const flag = await buildFlag(admin, project.id);
      ok(await api.get(`/flags/v1/projects/${project.id}/flags/${flag.key}`));
      ok(await api.get(`/v2/experiments?project_id=${project.id}`));
      expectError(await api.patch(`/flags/v1/projects/${project.id}/flags/${flag.key}`, { name: 'x' }), 403, 'flag:write');
      expectError(await api.get(`/v2/projects/${project.id}`), 403, 'project:read');
      const tokens = ok(await api.get<{ scopes: string[] }[]>('/v2/tokens'));
      expect(tokens.at(-1)?.scopes).toEqual(['flag:read', 'experiment:read']);
    });

    const badInput: [string, (projectId: number) => string[], string][] = [
      ['an unknown role', () => ['token', 'create', '--email', 'x@example.com', '--role', 'root'], 'role'],
      ['a project role without --project', () => ['token', 'create', '--email', 'x@example.com', '--role', 'editor'], '--project'],
      ['an unknown scope', (id) => ['token', 'create', '--email', 'x@example.com', '--role', 'viewer', '--project', String(id), '--scopes', 'flag:delete'], 'flag:delete'],
      ['an unknown command', () => ['frobnicate'], 'usage'],
    ];

    it.each(badInput)('refuses %s with exit code 2 and a message', async (_label, args, mention) => {
      const res = await runCli(args(project.id), env());
      expect(res.code, res.stdout).toBe(2);
      expect(res.stderr).toContain(mention);
      expect(res.stdout).not.toMatch(/ftp_/);
    });

    it('revokes a token by id: it answers 401 from then on', async () => {
      const issued = await tokenFor(server, { role: 'viewer', projectId: project.id });
      const id = String(issued.tokenId);
      const api = client(server.url, issued.secret);
      ok(await api.get(`/v2/projects/${project.id}`));
      const revoked = await runCli(['token', 'revoke', '--id', id], env());
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(revoked.stdout).toContain(`revoked token ${id}`);
      expectError(await api.get(`/v2/projects/${project.id}`), 401, 'revoked');
      const again = await runCli(['token', 'revoke', '--id', id], env());
      expect(again.code).toBe(2);
      expect(again.stderr).toContain(`no live token with id ${id}`);
    });
  });

  describe('serve', { timeout: 300_000 }, () => {
    const running: ServeProcess[] = [];
    const start = async (args: string[], env: Record<string, string>) => {
      const proc = await serve(args, env);
      running.push(proc);
      return proc;
    };
    afterAll(async () => {
      await Promise.all(running.map((p) => p.stop()));
    });

    it(`prints an administrator token and a curl line on the first start, and runs on ${engine}`, async () => {
      const databaseUrl = await freshDatabase(engine);
      const proc = await start(['--port', '0'], { DATABASE_URL: databaseUrl });
      await vi.waitFor(() => expect(proc.stdout()).toContain('Try it'));
      const token = /First start: created the administrator admin@fieldtest\.local\..*\n\n\s+(ftp_\S+)/.exec(proc.stdout())?.[1];
      expect(token).toBeDefined();
      const curl = /curl -H "Authorization: Bearer (ftp_\S+)" (\S+)\/v2\/projects/.exec(proc.stdout());
      expect(curl?.[1]).toBe(token);
      expect(curl?.[2]).toBe(`http://localhost:${proc.port}`);
      const listening = proc.stdout().split('\n').filter((l) => l.includes('fieldtest listening')).map((l) => JSON.parse(l) as { database: string })[0];
      expect(listening?.database).toBe(engine);
      const api = client(proc.url, token as string);
      const created = ok(await api.post<{ id: number }>('/v2/projects', { name: 'From the first start' }), 201);
      expect(ok(await api.get<{ id: number }[]>('/v2/projects')).map((p) => p.id)).toEqual([created.id]);
      await proc.stop();

      // A second start on the same database prints no token, and the first one still works.
      const again = await start(['--port', '0'], { DATABASE_URL: databaseUrl });
      expect(again.stdout()).not.toContain('First start');
      expect(again.stdout()).not.toMatch(/ftp_/);
      ok(await client(again.url, token as string).get(`/v2/projects/${created.id}`));
    });

    it('takes FIELDTEST_BOOTSTRAP_TOKEN as the administrator token and prints none', async () => {
      const bootstrap = `ftp_${uniqueKey('bootstrap').replace(/[^A-Za-z0-9_]/g, '')}_0123456789`;
      const proc = await start(['--port', '0'], { DATABASE_URL: await freshDatabase(engine), FIELDTEST_BOOTSTRAP_TOKEN: bootstrap });
      expect(proc.stdout()).not.toContain('First start');
      const api = client(proc.url, bootstrap);
      ok(await api.post('/v2/projects', { name: 'Bootstrapped' }), 201);
      expect(ok(await api.get<{ role: string }>('/v2/users/me')).role).toBe('administrator');
      const short = await runCli(['serve', '--port', '0'], { DATABASE_URL: await freshDatabase(engine), FIELDTEST_BOOTSTRAP_TOKEN: 'short' });
      expect(short.code).toBe(2);
      expect(short.stderr).toContain('FIELDTEST_BOOTSTRAP_TOKEN');
    });

    it('listens on PORT, and --port wins over it', async () => {
      const databaseUrl = await freshDatabase(engine);
      const port = await freePort();
      const byEnv = await start([], { DATABASE_URL: databaseUrl, PORT: String(port), FIELDTEST_BOOTSTRAP_TOKEN: 'x'.repeat(24) });
      expect(byEnv.port).toBe(port);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      await byEnv.stop();
      const flagPort = await freePort();
      const byFlag = await start(['--port', String(flagPort)], { DATABASE_URL: databaseUrl, PORT: String(port) });
      expect(byFlag.port).toBe(flagPort);
      ok(await client(`http://127.0.0.1:${flagPort}`, 'x'.repeat(24)).get('/v2/projects'));
    });

    it('refuses a DATABASE_URL it cannot use, saying what to set', async () => {
      const res = await runCli(['serve', '--port', '0'], { DATABASE_URL: 'mysql://localhost/db' });
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('DATABASE_URL');
      expect(res.stderr).toContain('postgres://');
    });

    it('comes up when several processes first-start on one empty database at once', async () => {
      const databaseUrl = await freshDatabase(engine);
      const procs = await Promise.all([0, 1, 2].map(() => start(['--port', '0'], { DATABASE_URL: databaseUrl })));
      await vi.waitFor(() => expect(procs.filter((p) => p.stdout().includes('Try it'))).toHaveLength(1));
      const token = /Bearer (ftp_\S+)"/.exec(procs.find((p) => p.stdout().includes('Try it'))?.stdout() ?? '')?.[1] as string;
      for (const p of procs) ok(await client(p.url, token).get('/v2/users/me'));
      // The same race without processes in between, on PostgreSQL's concurrent connections (three
      // better-sqlite3 connections in one thread would only block each other synchronously).
      if (engine !== 'postgres') return;
      const fresh = await freshDatabase(engine);
      const stores = [openStore(fresh, { poolSize: 1 }), openStore(fresh, { poolSize: 1 }), openStore(fresh, { poolSize: 1 })];
      try {
        const issued = await Promise.all(stores.map((s) => bootstrapAdministrator({ db: s.db, clock: () => new Date(), publicUrl: '', publish: () => undefined }, null)));
        expect(issued.filter((i) => i !== null)).toHaveLength(1);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });
  });
});
