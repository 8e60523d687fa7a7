/**
 * Registering apps: /v2/oauth/clients (list, create, get, update, delete) for administrators,
 * with the secret shown once and stored only as a hash, validation naming the field, and
 * `fieldtest oauth client create` on the command line.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { runCli } from '../helpers/cli.js';
import { buildProject, expectError, ok, uniqueKey, type Project } from '../helpers/factories.js';
import { CALLBACK, expectOAuthError, registerApp, tokenRequest, type App } from './helpers.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe.each(databases)('OAuth clients on %s', (engine) => {
  let server: TestServer;
  let admin: Client;
  let project: Project;
  beforeAll(async () => {
    server = await startServer(engine);
    admin = client(server.url, server.adminToken);
    project = await buildProject(admin);
  });
  afterAll(async () => server.close());

  it('creates a confidential client whose secret is shown once and stored as a SHA-256 hash', async () => {
    const created = await registerApp(admin, { name: 'Dashboard', redirect_uris: [CALLBACK, 'http://127.0.0.1:8765/cb'], allowed_scopes: ['flag:read', 'project:read'] });
    expect(created).toMatchObject({ name: 'Dashboard', confidential: true, redirect_uris: [CALLBACK, 'http://127.0.0.1:8765/cb'], allowed_scopes: ['flag:read', 'project:read'], service_account: null, version: 1 });
    expect(created.client_id).toMatch(/^ftc_[0-9a-f]{24}$/);
    expect(created.client_secret).toMatch(/^ftcs_[A-Za-z0-9_-]{43}$/);
    const fetched = ok(await admin.get<App & { secret_prefix: string }>(`/v2/oauth/clients/${created.client_id}`));
    expect(fetched).not.toHaveProperty('client_secret');
    expect(created.client_secret?.startsWith(fetched.secret_prefix)).toBe(true);
    const row = await server.store.db.selectFrom('oauth_clients').select(['secret_hash']).where('client_id', '=', created.client_id).executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(sha256(created.client_secret ?? ''));
    expect(JSON.stringify(await server.store.db.selectFrom('oauth_clients').selectAll().execute())).not.toContain(created.client_secret);
  });

  it('creates a public client without a secret, with every app scope by default', async () => {
    const created = await registerApp(admin, { confidential: false });
    expect(created.client_secret).toBeUndefined();
    expect(created.allowed_scopes).toEqual(['experiment:read', 'experiment:write', 'flag:read', 'flag:write', 'project:read', 'project:write']);
  });

  it('lists clients with Optimizely pagination', async () => {
    for (let i = 0; i < 3; i++) await registerApp(admin);
    const page = await admin.get<App[]>('/v2/oauth/clients?per_page=2&page=1');
    expect(ok(page)).toHaveLength(2);
    expect(page.headers.get('link')).toContain('rel="next"');
    const all = ok(await admin.get<App[]>('/v2/oauth/clients?per_page=100'));
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(all.every((c) => c.client_secret === undefined)).toBe(true);
  });

  it('updates name, redirect URIs and scopes with versions, and rotates the secret', async () => {
    const created = await registerApp(admin);
    const updated = ok(await admin.patch<App>(`/v2/oauth/clients/${created.client_id}`, { name: 'Renamed', redirect_uris: ['https://new.example.com/cb'], allowed_scopes: ['flag:read'], version: 1 }));
    expect(updated).toMatchObject({ name: 'Renamed', redirect_uris: ['https://new.example.com/cb'], allowed_scopes: ['flag:read'], version: 2 });
    expect(updated.client_secret).toBeUndefined();
    expectError(await admin.patch(`/v2/oauth/clients/${created.client_id}`, { name: 'Stale', version: 1 }), 409, 'version');
    const rotated = ok(await admin.patch<App>(`/v2/oauth/clients/${created.client_id}`, { rotate_secret: true }));
    expect(rotated.client_secret).toMatch(/^ftcs_/);
    expect(rotated.client_secret).not.toBe(created.client_secret);
    // The old secret no longer authenticates the client.
    expectOAuthError(await tokenRequest(server.url, created, { grant_type: 'refresh_token', refresh_token: 'ftor_x' }), 401, 'invalid_client');
    expectError(await admin.patch(`/v2/oauth/clients/${created.client_id}`, { confidential: false }), 400, 'confidential');
  });

  it('refuses bad input with a 400 naming the field, and writes nothing', async () => {
    const before = ok(await admin.get<App[]>('/v2/oauth/clients?per_page=100')).length;
    expectError(await admin.post('/v2/oauth/clients', { name: 'x', redirect_uris: ['http://app.example.com/cb'] }), 400, 'redirect_uris[0]', 'https');
    expectError(await admin.post('/v2/oauth/clients', { name: 'x', redirect_uris: [CALLBACK, 'https://a.example.com/cb#frag'] }), 400, 'redirect_uris[1]', 'fragment');
    expectError(await admin.post('/v2/oauth/clients', { name: 'x', redirect_uris: ['/relative'] }), 400, 'redirect_uris[0]');
    expectError(await admin.post('/v2/oauth/clients', { name: 'x', redirect_uris: [] }), 400, 'redirect_uris');
    expectError(await admin.post('/v2/oauth/clients', { name: 'x', redirect_uris: [CALLBACK], allowed_scopes: ['flag:read', '*'] }), 400, 'allowed_scopes[1]');
    expectError(await admin.post('/v2/oauth/clients', { name: 'x', redirect_uris: [CALLBACK], allowed_scopes: ['admin'] }), 400, 'allowed_scopes[0]');
    expectError(await admin.post('/v2/oauth/clients', { redirect_uris: [CALLBACK] }), 400, 'name');
    expectError(await admin.post('/v2/oauth/clients', { name: 'x', redirect_uris: [CALLBACK], confidential: false, service_account: { role: 'viewer', project_id: project.id } }), 400, 'service_account');
    expectError(await admin.post('/v2/oauth/clients', { name: 'x', redirect_uris: [CALLBACK], service_account: { role: 'editor' } }), 400, 'service_account.project_id');
    expectError(await admin.post('/v2/oauth/clients', { name: 'x', redirect_uris: [CALLBACK], service_account: { role: 'editor', project_id: 999999 } }), 400, 'service_account.project_id');
    expectError(await admin.post('/v2/oauth/clients', { name: 'x', redirect_uris: 'https://a.example.com' }), 400, 'redirect_uris');
    expect(ok(await admin.get<App[]>('/v2/oauth/clients?per_page=100')).length).toBe(before);
  });

  it('deletes a client with its grants and tokens, and answers 404 for unknown clients', async () => {
    const created = await registerApp(admin, { service_account: { role: 'viewer', project_id: project.id } });
    const issued = ok(await tokenRequest(server.url, created, { grant_type: 'client_credentials' }));
    ok(await client(server.url, issued.access_token).get(`/v2/projects/${project.id}`));
    expect((await admin.delete(`/v2/oauth/clients/${created.client_id}`)).status).toBe(204);
    expectError(await client(server.url, issued.access_token).get(`/v2/projects/${project.id}`), 401);
    expectError(await admin.get(`/v2/oauth/clients/${created.client_id}`), 404, created.client_id);
    expectError(await admin.delete(`/v2/oauth/clients/${created.client_id}`), 404);
    expectError(await admin.patch('/v2/oauth/clients/ftc_unknown', { name: 'x' }), 404);
    // The service account went with it.
    expect(await server.store.db.selectFrom('users').select('id').where('email', '=', `service+${created.client_id}@oauth.fieldtest.local`).executeTakeFirst()).toBeUndefined();
  });

  it('registers, lists and deletes clients with `fieldtest oauth client`', { timeout: 300_000 }, async () => {
    const env = { DATABASE_URL: server.databaseUrl };
    const name = uniqueKey('Cli App');
    const res = await runCli(['oauth', 'client', 'create', '--name', name, '--redirect-uri', CALLBACK, '--redirect-uri', 'http://localhost:9000/cb', '--scopes', 'flag:read,project:read', '--service-role', 'viewer', '--service-project', String(project.id)], env);
    expect(res.code, res.stderr).toBe(0);
    const clientId = /client_id=(\S+)/.exec(res.stdout)?.[1] ?? '';
    const secret = /client_secret=(\S+)/.exec(res.stdout)?.[1] ?? '';
    expect(clientId).toMatch(/^ftc_/);
    expect(secret).toMatch(/^ftcs_/);
    expect(ok(await admin.get<App>(`/v2/oauth/clients/${clientId}`))).toMatchObject({ name, redirect_uris: [CALLBACK, 'http://localhost:9000/cb'], allowed_scopes: ['flag:read', 'project:read'], service_account: { role: 'viewer', project_id: project.id } });
    // The secret printed works at the token endpoint.
    const issued = ok(await tokenRequest(server.url, { client_id: clientId, client_secret: secret }, { grant_type: 'client_credentials', scope: 'project:read' }));
    ok(await client(server.url, issued.access_token).get(`/v2/projects/${project.id}`));
    const publicRes = await runCli(['oauth', 'client', 'create', '--name', 'SPA', '--redirect-uri', CALLBACK, '--public'], env);
    expect(publicRes.code, publicRes.stderr).toBe(0);
    expect(publicRes.stdout).not.toContain('client_secret=');
    const bad = await runCli(['oauth', 'client', 'create', '--name', 'Bad', '--redirect-uri', 'http://evil.example.com/cb'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('redirect_uris[0]');
    const list = await runCli(['oauth', 'client', 'list'], env);
    expect(list.stdout).toContain(clientId);
    const deleted = await runCli(['oauth', 'client', 'delete', '--client-id', clientId], env);
    expect(deleted.code, deleted.stderr).toBe(0);
    expectError(await admin.get(`/v2/oauth/clients/${clientId}`), 404);
  });
});
