/**
 * Every role × every operation of the Optimizely dialect, as the FAQ defines the roles:
 * administrators everything everywhere, project owners everything in their project, editors
 * everything in it except starting experiments (enabling a ruleset with an a/b test starts one),
 * viewers read only, and a user without a role in the project nothing there. The matrix is
 * checked against the server's own route table, so a new route without a row here fails.
 * Then token scopes, which only narrow, and 401 for missing, invalid, revoked or expired tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { abRule, buildExperiment, buildFlag, buildProject, expectError, ok, tokenFor, uniqueKey, type Project } from '../helpers/factories.js';
import { matrixRoutes, operations, roles, type Actor, type Fixtures, type Role } from '../helpers/permission-matrix.js';

describe.each(databases)('Optimizely permissions on %s', (engine) => {
  let server: TestServer;
  let admin: Client;
  const actors = new Map<Role, Actor>();
  let fx: Fixtures;
  beforeAll(async () => {
    server = await startServer(engine);
    admin = client(server.url, server.adminToken);
    const project = await buildProject(admin);
    const elsewhere = await buildProject(admin);
    for (const role of roles) {
      const email = `${uniqueKey(role)}@example.com`;
      const issued =
        role === 'none'
          ? await tokenFor(server, { role: 'viewer', projectId: elsewhere.id, email })
          : await tokenFor(server, { role, ...(role === 'administrator' ? {} : { projectId: project.id }), email });
      actors.set(role, { role, email, token: issued.secret, userId: issued.userId, api: client(server.url, issued.secret) });
    }
    fx = { admin, project, server, actors };
  });
  afterAll(async () => server.close());

  it('covers every registered route, and every route declares a permission or is public', () => {
    const table = server.app.server.printRoutes({ commonPrefix: false, includeMeta: ['permission', 'public'] });
    const routes = matrixRoutes(table);
    const dialect = routes.filter((r) => r.path.startsWith('/v2/') || r.path.startsWith('/flags/v1/'));
    expect(dialect.length).toBeGreaterThan(40);
    const undeclared = dialect.filter((r) => r.permission === undefined && r.public !== true);
    expect(undeclared.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const covered = new Set(operations.map((o) => `${o.method} ${o.route}`));
    const missing = dialect.filter((r) => r.public !== true && !covered.has(`${r.method} ${r.path}`));
    expect(missing.map((r) => `${r.method} ${r.path} (${r.permission})`), 'routes without a row in the permission matrix').toEqual([]);
    const registered = new Set(routes.map((r) => `${r.method} ${r.path}`));
    expect(operations.filter((o) => !registered.has(`${o.method} ${o.route}`)).map((o) => `${o.method} ${o.route}`), 'matrix rows for routes that do not exist').toEqual([]);
  });

  describe.each(operations)('$method $route — $label', (operation) => {
    it.each(roles)('%s', async (role) => {
      const actor = actors.get(role) as Actor;
      const request = await operation.build(fx, actor);
      const res = await actor.api.request(operation.method, request.path, request.body === undefined ? {} : { body: request.body });
      if (operation.allowed.includes(role)) {
        expect(res.status, `${role} ${operation.method} ${request.path}: ${res.text.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
        expect(res.status, `${role} ${operation.method} ${request.path}: ${res.text.slice(0, 300)}`).toBeLessThan(300);
        await operation.check?.(fx, actor, res);
      } else {
        const error = expectError(res, 403);
        expect(error.code).toBe('forbidden');
        if (role === 'none' && !operation.route.includes('/users') && !operation.route.startsWith('/v2/tokens') && !operation.route.startsWith('/v2/oauth') && operation.route !== '/v2/projects') {
          expect(error.message).toContain('no role in project');
        }
        const mention = operation.mentions?.[role];
        if (mention) expect(error.message).toContain(mention);
      }
    });
  });

  describe('token scopes narrow what a user may do', () => {
    let project: Project;
    beforeAll(async () => {
      project = fx.project;
    });
    const scoped = async (role: 'administrator' | 'editor' | 'viewer', scopes: Parameters<typeof tokenFor>[1]['scopes']) =>
      client(server.url, (await tokenFor(server, { role, ...(role === 'administrator' ? {} : { projectId: project.id }), scopes })).secret);

    it('experiment:read reads experiments and nothing else', async () => {
      const api = await scoped('administrator', ['experiment:read']);
      ok(await api.get(`/v2/experiments?project_id=${project.id}`));
      ok(await api.get(`/v2/events?project_id=${project.id}`));
      expectError(await api.post('/v2/experiments', { project_id: project.id, name: 'x' }), 403, 'experiment:write');
      expectError(await api.get(`/flags/v1/projects/${project.id}/flags`), 403, 'flag:read');
      expectError(await api.get('/v2/projects'), 403, 'project:read');
      expectError(await api.get(`/v2/audiences?project_id=${project.id}`), 403, 'flag:read');
    });

    it('flag:write writes and reads flags, and implies no other scope', async () => {
      const api = await scoped('administrator', ['flag:write']);
      const flag = ok(await api.post<{ key: string }>(`/flags/v1/projects/${project.id}/flags`, { key: uniqueKey('scoped') }), 201);
      ok(await api.get(`/flags/v1/projects/${project.id}/flags/${flag.key}`));
      ok(await api.patch(`/flags/v1/projects/${project.id}/flags/${flag.key}/environments/production/ruleset`, { default_variation_key: 'on' }));
      expectError(await api.get(`/v2/experiments?project_id=${project.id}`), 403, 'experiment:read');
      expectError(await api.patch(`/v2/projects/${project.id}`, { description: 'x' }), 403, 'project:write');
    });

    it('* allows all the role allows, and no more', async () => {
      const adminAll = await scoped('administrator', ['*']);
      ok(await adminAll.post('/v2/projects', { name: uniqueKey('Scoped') }), 201);
      const viewerAll = await scoped('viewer', ['*']);
      ok(await viewerAll.get(`/v2/projects/${project.id}`));
      expectError(await viewerAll.patch(`/v2/projects/${project.id}`, { description: 'x' }), 403, 'viewer');
    });

    it('a scope cannot widen a role, and a role cannot widen a scope', async () => {
      const editorRead = await scoped('editor', ['flag:read', 'project:read']);
      const flag = await buildFlag(admin, project.id);
      ok(await editorRead.get(`/flags/v1/projects/${project.id}/flags/${flag.key}`));
      expectError(await editorRead.patch(`/flags/v1/projects/${project.id}/flags/${flag.key}`, { name: 'x' }), 403, 'flag:write');
      const editorWrite = await scoped('editor', ['experiment:write']);
      const experiment = await buildExperiment(admin, project.id);
      ok(await editorWrite.patch(`/v2/experiments/${experiment.id}`, { name: 'renamed' }));
      expectError(await editorWrite.patch(`/v2/experiments/${experiment.id}`, { status: 'active' }), 403, 'start');
    });

    it('a scoped token can only issue narrower tokens, and only * may administer users', async () => {
      const api = await scoped('administrator', ['experiment:read', 'flag:read']);
      const narrower = ok(await api.post<{ token: string; scopes: string[] }>('/v2/tokens', { name: 'narrow', scopes: ['flag:read'] }), 201);
      expect(narrower.scopes).toEqual(['flag:read']);
      expectError(await api.post('/v2/tokens', { name: 'wide', scopes: ['flag:write'] }), 403, 'flag:write');
      expectError(await api.post('/v2/tokens', { name: 'all' }), 403, '*');
      const projectWriter = await scoped('administrator', ['project:write']);
      expectError(await projectWriter.post('/v2/users', { email: `${uniqueKey('u')}@example.com` }), 403, '*');
      // The narrower token works with exactly its scope.
      const narrow = client(server.url, narrower.token);
      ok(await narrow.get(`/flags/v1/projects/${project.id}/flags`));
      expectError(await narrow.get(`/v2/experiments?project_id=${project.id}`), 403, 'experiment:read');
    });

    it('tokens issued over the API for a new user carry that user’s role and the scopes asked for', async () => {
      const user = ok(await admin.post<{ id: number; project_roles: unknown[] }>('/v2/users', { email: `${uniqueKey('api')}@example.com`, project_roles: [{ project_id: project.id, role: 'editor' }] }), 201);
      expect(user.project_roles).toEqual([{ project_id: project.id, role: 'editor' }]);
      const issued = ok(await admin.post<{ token: string; user_id: number; scopes: string[] }>('/v2/tokens', { user_id: user.id, name: 'ci', scopes: ['flag:read', 'flag:write'] }), 201);
      expect(issued).toMatchObject({ user_id: user.id, scopes: ['flag:read', 'flag:write'] });
      const api = client(server.url, issued.token);
      const flag = ok(await api.post<{ key: string }>(`/flags/v1/projects/${project.id}/flags`, { key: uniqueKey('byeditor') }), 201);
      ok(await api.patch(`/flags/v1/projects/${project.id}/flags/${flag.key}/environments/production/ruleset`, { rules: [abRule(uniqueKey('ab'))] }));
      expectError(await api.post(`/flags/v1/projects/${project.id}/flags/${flag.key}/environments/production/ruleset/enabled`), 403, 'start');
      expectError(await api.get(`/v2/experiments?project_id=${project.id}`), 403, 'experiment:read');
    });
  });

  describe('authentication', () => {
    it('answers a missing, malformed or unknown token with 401', async () => {
      const anonymous = client(server.url, null);
      expect(expectError(await anonymous.get('/v2/projects'), 401, 'Authorization').code).toBe('unauthorized');
      expectError(await anonymous.request('GET', '/v2/projects', { headers: { authorization: 'Token abc' } }), 401, 'Bearer');
      expectError(await anonymous.request('GET', '/v2/projects', { headers: { authorization: 'Bearer' } }), 401);
      expectError(await client(server.url, 'ftp_not_a_real_token').get('/v2/projects'), 401, 'not valid');
      expectError(await anonymous.get(`/flags/v1/projects/${fx.project.id}/flags`), 401);
      expectError(await anonymous.post('/v2/projects', { name: 'x' }), 401);
    });

    it('answers a revoked token with 401', async () => {
      const issued = await tokenFor(server, { role: 'editor', projectId: fx.project.id });
      const api = client(server.url, issued.secret);
      ok(await api.get(`/v2/projects/${fx.project.id}`));
      const tokens = ok(await api.get<{ id: number; revoked: string | null }[]>('/v2/tokens'));
      expect(tokens.map((t) => t.id)).toContain(issued.tokenId);
      expect((await api.delete(`/v2/tokens/${issued.tokenId}`)).status).toBe(204);
      expectError(await api.get(`/v2/projects/${fx.project.id}`), 401, 'revoked');
      // Revoking again is idempotent, and the token stays dead.
      expect((await admin.delete(`/v2/tokens/${issued.tokenId}`)).status).toBe(204);
      expectError(await api.get(`/v2/projects/${fx.project.id}`), 401);
    });

    it('answers an expired token with 401', async () => {
      const issued = ok(await admin.post<{ token: string }>('/v2/tokens', { name: 'old', expires: '2001-01-01T00:00:00Z' }), 201);
      expectError(await client(server.url, issued.token).get('/v2/projects'), 401, 'expired');
    });
  });
});
