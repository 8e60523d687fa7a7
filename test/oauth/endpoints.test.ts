/**
 * client_credentials for service accounts, revocation (RFC 7009), the metadata document
 * (RFC 8414), a user's consents at /v2/oauth/grants, and the RFC 6749 error shape of the token
 * endpoint for malformed requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { buildProject, expectError, ok, tokenFor, uniqueKey, type Project } from '../helpers/factories.js';
import { authorizeCode, Browser, CALLBACK, expectOAuthError, pkcePair, registerApp, revokeRequest, tokenRequest, type App, type TokenBody } from './helpers.js';

describe.each(databases)('OAuth endpoints on %s', (engine) => {
  let server: TestServer;
  let admin: Client;
  let project: Project;
  let user: { email: string; token: string; userId: number };
  let app: App;
  beforeAll(async () => {
    server = await startServer(engine);
    admin = client(server.url, server.adminToken);
    project = await buildProject(admin);
    const email = `${uniqueKey('editor')}@example.com`;
    const issued = await tokenFor(server, { role: 'editor', projectId: project.id, email });
    user = { email, token: issued.secret, userId: issued.userId };
    app = await registerApp(admin, { allowed_scopes: ['project:read', 'flag:read'] });
  });
  afterAll(async () => server.close());

  async function tokens(target: App = app, scope = 'project:read'): Promise<TokenBody> {
    const { verifier, challenge } = pkcePair();
    const { code } = await authorizeCode(new Browser(server.url), target, user, { scope, code_challenge: challenge });
    return ok(await tokenRequest(server.url, target, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier }));
  }

  it('client_credentials: a confidential client acts as its service account with its fixed role', async () => {
    const service = await registerApp(admin, { allowed_scopes: ['project:read', 'project:write'], service_account: { role: 'viewer', project_id: project.id } });
    expect(service.service_account).toEqual({ role: 'viewer', project_id: project.id });
    const issued = ok(await tokenRequest(server.url, service, { grant_type: 'client_credentials' }));
    expect(issued.refresh_token).toBeUndefined();
    expect(issued.scope).toBe('project:read project:write');
    const api = client(server.url, issued.access_token);
    ok(await api.get(`/v2/projects/${project.id}`));
    expectError(await api.patch(`/v2/projects/${project.id}`, { description: 'x' }), 403, 'viewer');
    expect(ok(await api.get<{ email: string }>('/v2/users/me')).email).toBe(`service+${service.client_id}@oauth.fieldtest.local`);
    expectOAuthError(await tokenRequest(server.url, service, { grant_type: 'client_credentials', scope: 'flag:read' }), 400, 'invalid_scope');
    expectOAuthError(await tokenRequest(server.url, service, { grant_type: 'client_credentials' }, { secret: 'ftcs_wrong' }), 401, 'invalid_client');
    // A client without a service account, or a public one, may not use the grant.
    expectOAuthError(await tokenRequest(server.url, app, { grant_type: 'client_credentials' }), 400, 'unauthorized_client');
    const spa = await registerApp(admin, { confidential: false });
    expectOAuthError(await tokenRequest(server.url, spa, { grant_type: 'client_credentials' }), 400, 'invalid_client');
    expectOAuthError(await tokenRequest(server.url, app, { grant_type: 'password', username: user.email, password: 'x' }), 400, 'unauthorized_client');
  });

  it('revocation: a refresh token ends its grant, an access token itself, unknown tokens answer 200', async () => {
    const a = await tokens();
    const b = ok(await tokenRequest(server.url, app, { grant_type: 'refresh_token', refresh_token: a.refresh_token ?? '' }));
    const revoked = await revokeRequest(server.url, app, b.access_token);
    expect(revoked.status).toBe(200);
    expectError(await client(server.url, b.access_token).get(`/v2/projects/${project.id}`), 401);
    // The refresh token still works after its access token was revoked…
    const c = ok(await tokenRequest(server.url, app, { grant_type: 'refresh_token', refresh_token: b.refresh_token ?? '' }));
    ok(await client(server.url, c.access_token).get(`/v2/projects/${project.id}`));
    // …and revoking it ends the grant: access token and refresh token alike.
    expect((await revokeRequest(server.url, app, c.refresh_token ?? '')).status).toBe(200);
    expectError(await client(server.url, c.access_token).get(`/v2/projects/${project.id}`), 401);
    expectOAuthError(await tokenRequest(server.url, app, { grant_type: 'refresh_token', refresh_token: c.refresh_token ?? '' }), 400, 'invalid_grant');
    expect((await revokeRequest(server.url, app, 'ftoa_unknown')).status).toBe(200);
    // Only the client a token was issued to may revoke it; it must authenticate to do so.
    const other = await registerApp(admin);
    const d = await tokens();
    expectOAuthError(await revokeRequest(server.url, other, d.access_token), 400, 'invalid_request', 'not issued to this client');
    expectOAuthError(await revokeRequest(server.url, { client_id: app.client_id, client_secret: 'ftcs_wrong' }, d.access_token), 400, 'invalid_client');
    ok(await client(server.url, d.access_token).get(`/v2/projects/${project.id}`));
  });

  it('a public client exchanges and refreshes with its client_id and PKCE alone', async () => {
    const spa = await registerApp(admin, { confidential: false, allowed_scopes: ['project:read'] });
    const issued = await tokens(spa);
    ok(await client(server.url, issued.access_token).get(`/v2/projects/${project.id}`));
    const refreshed = ok(await tokenRequest(server.url, spa, { grant_type: 'refresh_token', refresh_token: issued.refresh_token ?? '' }));
    ok(await client(server.url, refreshed.access_token).get(`/v2/projects/${project.id}`));
    expect((await revokeRequest(server.url, spa, refreshed.refresh_token ?? '')).status).toBe(200);
    expectError(await client(server.url, refreshed.access_token).get(`/v2/projects/${project.id}`), 401);
  });

  it('publishes authorization server metadata (RFC 8414)', async () => {
    const res = await fetch(`${server.url}/.well-known/oauth-authorization-server`);
    expect(res.status).toBe(200);
    const meta = (await res.json()) as Record<string, unknown>;
    expect(meta).toMatchObject({
      issuer: server.url,
      authorization_endpoint: `${server.url}/oauth/authorize`,
      token_endpoint: `${server.url}/oauth/token`,
      revocation_endpoint: `${server.url}/oauth/revoke`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      code_challenge_methods_supported: ['S256'],
    });
    expect(meta.scopes_supported).toContain('flag:read');
    expect(meta.scopes_supported).not.toContain('*');
  });

  it("lists a user's consents and revokes one, ending its tokens", async () => {
    const first = await tokens(app, 'project:read flag:read');
    const userApi = client(server.url, user.token);
    const grants = ok(await userApi.get<{ id: number; client_id: string; client_name: string; scopes: string[]; kind: string }[]>('/v2/oauth/grants'));
    const grant = grants.find((g) => g.client_id === app.client_id && g.scopes.join(' ') === 'flag:read project:read');
    expect(grant).toMatchObject({ client_name: app.name, kind: 'authorization_code' });
    // The app itself may not manage consents.
    expectError(await client(server.url, first.access_token).get('/v2/oauth/grants'), 403, 'personal token');
    // Another user may not revoke it; an administrator may see and revoke anyone's.
    const stranger = client(server.url, (await tokenFor(server, { role: 'viewer', projectId: project.id })).secret);
    expectError(await stranger.delete(`/v2/oauth/grants/${grant?.id ?? 0}`), 403);
    expect(ok(await admin.get<{ id: number }[]>(`/v2/oauth/grants?user_id=${user.userId}`)).map((g) => g.id)).toContain(grant?.id);
    expect((await userApi.delete(`/v2/oauth/grants/${grant?.id ?? 0}`)).status).toBe(204);
    expectError(await client(server.url, first.access_token).get(`/v2/projects/${project.id}`), 401);
    expectOAuthError(await tokenRequest(server.url, app, { grant_type: 'refresh_token', refresh_token: first.refresh_token ?? '' }), 400, 'invalid_grant');
    expect(ok(await userApi.get<{ id: number }[]>('/v2/oauth/grants')).map((g) => g.id)).not.toContain(grant?.id);
    expectError(await userApi.delete('/v2/oauth/grants/999999'), 404);
  });

  it('answers malformed token requests with RFC 6749 errors, never a 500', async () => {
    const form = (body: string, headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }) =>
      fetch(`${server.url}/oauth/token`, { method: 'POST', headers, body }).then(async (r) => ({ status: r.status, headers: r.headers, text: await r.text() }));
    const parse = async (p: Promise<{ status: number; headers: Headers; text: string }>) => {
      const r = await p;
      return { ...r, body: JSON.parse(r.text) as unknown };
    };
    expectOAuthError(await parse(form(`client_id=${app.client_id}&client_secret=${app.client_secret ?? ''}`)), 400, 'invalid_request', 'grant_type');
    expectOAuthError(await parse(form('grant_type=client_credentials')), 400, 'invalid_client');
    expectOAuthError(await parse(form(`grant_type=authorization_code&client_id=${app.client_id}&client_id=${app.client_id}`)), 400, 'invalid_request', 'more than once');
    expectOAuthError(await parse(form(JSON.stringify({ grant_type: 'client_credentials' }), { 'content-type': 'application/json' })), 400, 'invalid_request');
    expectOAuthError(await parse(form('grant_type=magic&client_id=' + app.client_id + '&client_secret=' + (app.client_secret ?? ''))), 400, 'unsupported_grant_type');
    expectOAuthError(await parse(form(`grant_type=authorization_code&client_id=${app.client_id}&client_secret=${app.client_secret ?? ''}&code=ftoc_unknown&redirect_uri=${encodeURIComponent(CALLBACK)}`)), 400, 'invalid_grant');
    const get = await fetch(`${server.url}/oauth/token`);
    expect(get.status).toBe(404);
    expect(Object.keys((await get.json()) as object).sort()).toEqual(['error', 'error_description']);
  });
});
