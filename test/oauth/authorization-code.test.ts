/**
 * The authorization code grant with PKCE (RFC 6749 §4.1, RFC 7636) through the consent page, the
 * token endpoint's code and refresh grants, token expiry on the server's clock, and what an
 * access token may do: the user's role intersected with the granted scopes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { buildFlag, buildProject, expectError, ok, tokenFor, uniqueKey, type Project } from '../helpers/factories.js';
import { authorizeCode, authorizeUrl, Browser, callbackParams, CALLBACK, expectOAuthError, formOf, pkcePair, registerApp, tokenRequest, type App } from './helpers.js';

describe.each(databases)('OAuth authorization code grant on %s', (engine) => {
  let server: TestServer;
  let admin: Client;
  let project: Project;
  let offset = 0;
  let editor: { email: string; token: string };
  let app: App;
  beforeAll(async () => {
    server = await startServer(engine, {}, {}, { clock: () => new Date(Date.now() + offset) });
    admin = client(server.url, server.adminToken);
    project = await buildProject(admin);
    const email = `${uniqueKey('editor')}@example.com`;
    editor = { email, token: (await tokenFor(server, { role: 'editor', projectId: project.id, email })).secret };
    app = await registerApp(admin, { allowed_scopes: ['flag:read', 'flag:write', 'project:read', 'experiment:read'] });
  });
  afterAll(async () => server.close());

  it('asks an anonymous visitor to sign in, then shows the app and the scopes asked for', async () => {
    const browser = new Browser(server.url);
    const { challenge } = pkcePair();
    const signIn = await browser.get(authorizeUrl(app, { scope: 'flag:read project:read', state: 's1', code_challenge: challenge, code_challenge_method: 'S256' }));
    expect(signIn.status).toBe(200);
    expect(signIn.headers.get('content-type')).toContain('text/html');
    expect(signIn.headers.get('x-frame-options')).toBe('DENY');
    expect(signIn.html).toContain(`Sign in to authorize ${app.name}`);
    expect(formOf(signIn.html).fields).toMatchObject({ client_id: app.client_id, scope: 'flag:read project:read', state: 's1' });

    const wrong = await browser.signIn(signIn, editor.email, 'ftp_not_the_token');
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain('do not belong together');

    const consent = await browser.signIn(wrong, editor.email, editor.token);
    expect(consent.status).toBe(200);
    expect(consent.html).toContain(`Authorize ${app.name}`);
    expect(consent.html).toContain(editor.email);
    expect(consent.html).toContain('<code>flag:read</code>');
    expect(consent.html).toContain('<code>project:read</code>');
    expect(consent.html).not.toContain('<code>flag:write</code>');
    expect(formOf(consent.html).decisions).toEqual(['approve', 'deny']);
  });

  it('redirects with a code and the state untouched on approval, and with access_denied on denial', async () => {
    const browser = new Browser(server.url);
    const { challenge } = pkcePair();
    const state = 'xyz 1/2?a=b&c=%41~';
    const approved = await authorizeCode(browser, app, editor, { scope: 'flag:read', state, code_challenge: challenge, code_challenge_method: 'S256' });
    expect(approved.state).toBe(state);
    expect(approved.location.startsWith(`${CALLBACK}?`)).toBe(true);

    const consent = await browser.get(authorizeUrl(app, { scope: 'flag:read', state: 'deny-me', code_challenge: challenge }));
    const denied = await browser.decide(consent, 'deny');
    expect(denied.status).toBe(303);
    const query = callbackParams(denied.location);
    expect(query.get('error')).toBe('access_denied');
    expect(query.get('state')).toBe('deny-me');
    expect(query.get('code')).toBeNull();
  });

  it('exchanges the code for tokens that act as the user with the granted scopes, and refreshes them', async () => {
    const browser = new Browser(server.url);
    const { verifier, challenge } = pkcePair();
    const { code } = await authorizeCode(browser, app, editor, { scope: 'flag:read project:read', code_challenge: challenge, code_challenge_method: 'S256' });
    const issued = await tokenRequest(server.url, app, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier });
    expect(issued.status, issued.text).toBe(200);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    expect(issued.body).toMatchObject({ token_type: 'Bearer', scope: 'flag:read project:read' });
    // An hour, counted down from when the token was stored (the exact expiry is tested on the clock below).
    expect(issued.body.expires_in).toBeGreaterThan(3500);
    expect(issued.body.expires_in).toBeLessThanOrEqual(3600);
    expect(issued.body.access_token).toMatch(/^ftoa_/);
    expect(issued.body.refresh_token).toMatch(/^ftor_/);

    const api = client(server.url, issued.body.access_token);
    const flag = await buildFlag(admin, project.id);
    ok(await api.get(`/flags/v1/projects/${project.id}/flags/${flag.key}`));
    ok(await api.get(`/v2/projects/${project.id}`));
    expect(ok(await api.get<{ email: string }>('/v2/users/me')).email).toBe(editor.email);
    // The role allows writing flags, the grant does not; the grant has no experiment scope.
    expectError(await api.patch(`/flags/v1/projects/${project.id}/flags/${flag.key}`, { name: 'x' }), 403, 'flag:write');
    expectError(await api.get(`/v2/experiments?project_id=${project.id}`), 403, 'experiment:read');
    // Another project: the editor has no role there, whatever the scopes.
    const other = await buildProject(admin);
    expectError(await api.get(`/v2/projects/${other.id}`), 403, 'no role');
    // An app cannot mint a personal token that would outlive its grant.
    expectError(await api.post('/v2/tokens', { name: 'escape', scopes: ['flag:read'] }), 403, 'OAuth');

    const refreshed = await tokenRequest(server.url, app, { grant_type: 'refresh_token', refresh_token: issued.body.refresh_token ?? '' });
    expect(refreshed.status, refreshed.text).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(issued.body.refresh_token);
    expect(refreshed.body.scope).toBe('flag:read project:read');
    ok(await client(server.url, refreshed.body.access_token).get(`/v2/projects/${project.id}`));
    // Refreshing may narrow the scopes.
    const narrowed = await tokenRequest(server.url, app, { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token ?? '', scope: 'project:read' });
    expect(narrowed.body.scope).toBe('project:read');
    expectError(await client(server.url, narrowed.body.access_token).get(`/flags/v1/projects/${project.id}/flags`), 403, 'flag:read');
  });

  it('never lets a viewer do more than view, whatever the app was granted', async () => {
    const email = `${uniqueKey('viewer')}@example.com`;
    const viewer = { email, token: (await tokenFor(server, { role: 'viewer', projectId: project.id, email })).secret };
    const { verifier, challenge } = pkcePair();
    const { code } = await authorizeCode(new Browser(server.url), app, viewer, { scope: 'flag:write', code_challenge: challenge });
    const issued = ok(await tokenRequest(server.url, app, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier }));
    const api = client(server.url, issued.access_token);
    const flag = await buildFlag(admin, project.id);
    ok(await api.get(`/flags/v1/projects/${project.id}/flags/${flag.key}`));
    expectError(await api.patch(`/flags/v1/projects/${project.id}/flags/${flag.key}`, { name: 'x' }), 403, 'viewer');
  });

  it('lets access tokens expire after an hour and codes after five minutes, on the server clock', async () => {
    const browser = new Browser(server.url);
    const { verifier, challenge } = pkcePair();
    const { code } = await authorizeCode(browser, app, editor, { scope: 'project:read', code_challenge: challenge });
    const issued = ok(await tokenRequest(server.url, app, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier }));
    const api = client(server.url, issued.access_token);
    try {
      offset = 3599_000;
      ok(await api.get(`/v2/projects/${project.id}`));
      offset = 3601_000;
      expectError(await api.get(`/v2/projects/${project.id}`), 401, 'expired');
      // The refresh token outlives the access token.
      const refreshed = ok(await tokenRequest(server.url, app, { grant_type: 'refresh_token', refresh_token: issued.refresh_token ?? '' }));
      ok(await client(server.url, refreshed.access_token).get(`/v2/projects/${project.id}`));
    } finally {
      offset = 0;
    }
  });

  it('refuses a code used after it expired', async () => {
    const browser = new Browser(server.url);
    const { verifier, challenge } = pkcePair();
    const { code } = await authorizeCode(browser, app, editor, { scope: 'project:read', code_challenge: challenge });
    try {
      offset = 301_000;
      expectOAuthError(await tokenRequest(server.url, app, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier }), 400, 'invalid_grant', 'expired');
    } finally {
      offset = 0;
    }
  });
});
