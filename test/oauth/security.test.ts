/**
 * The attacks the issue lists, each refused: code replay, wrong redirect URI, wrong PKCE
 * verifier, expired code, another client's code, refresh-token reuse, scope escalation on
 * refresh, open redirect through redirect_uri, CSRF on the consent form — plus PKCE being
 * required of public clients and a confidential client's secret being required.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { buildProject, expectError, ok, tokenFor, uniqueKey, type Project } from '../helpers/factories.js';
import { authorizeCode, authorizeUrl, Browser, callbackParams, CALLBACK, expectOAuthError, formOf, pkcePair, registerApp, tokenRequest, type App } from './helpers.js';

describe.each(databases)('OAuth security on %s', (engine) => {
  let server: TestServer;
  let admin: Client;
  let project: Project;
  let offset = 0;
  let user: { email: string; token: string };
  let app: App;
  let publicApp: App;
  beforeAll(async () => {
    server = await startServer(engine, {}, {}, { clock: () => new Date(Date.now() + offset) });
    admin = client(server.url, server.adminToken);
    project = await buildProject(admin);
    const email = `${uniqueKey('owner')}@example.com`;
    user = { email, token: (await tokenFor(server, { role: 'project_owner', projectId: project.id, email })).secret };
    app = await registerApp(admin, { allowed_scopes: ['project:read', 'flag:read'] });
    publicApp = await registerApp(admin, { confidential: false, allowed_scopes: ['project:read', 'flag:read'] });
  });
  afterAll(async () => server.close());

  /** A fresh code for `target` with a new PKCE pair. */
  async function code(target: App = app, scope = 'project:read') {
    const pkce = pkcePair();
    const { code } = await authorizeCode(new Browser(server.url), target, user, { scope, code_challenge: pkce.challenge, code_challenge_method: 'S256' });
    return { code, ...pkce };
  }
  const exchange = (target: App, c: { code: string; verifier: string }, extra: Record<string, string> = {}) =>
    tokenRequest(server.url, target, { grant_type: 'authorization_code', code: c.code, redirect_uri: CALLBACK, code_verifier: c.verifier, ...extra });

  it('code replay: the second exchange fails and revokes the tokens of the first', async () => {
    const c = await code();
    const first = ok(await exchange(app, c));
    ok(await client(server.url, first.access_token).get(`/v2/projects/${project.id}`));
    expectOAuthError(await exchange(app, c), 400, 'invalid_grant');
    expectError(await client(server.url, first.access_token).get(`/v2/projects/${project.id}`), 401);
    expectOAuthError(await tokenRequest(server.url, app, { grant_type: 'refresh_token', refresh_token: first.refresh_token ?? '' }), 400, 'invalid_grant');
  });

  it('wrong redirect URI at the token endpoint: invalid_grant, and the code is spent', async () => {
    const c = await code();
    expectOAuthError(await exchange(app, c, { redirect_uri: 'https://app.example.com/other' }), 400, 'invalid_grant', 'redirect_uri');
    expectOAuthError(await exchange(app, c), 400, 'invalid_grant');
  });

  it('wrong or missing PKCE verifier: invalid_grant, and the code is spent', async () => {
    const c = await code(publicApp);
    expectOAuthError(await exchange(publicApp, { code: c.code, verifier: pkcePair().verifier }), 400, 'invalid_grant', 'code verifier');
    expectOAuthError(await exchange(publicApp, c), 400, 'invalid_grant');
    const d = await code(publicApp);
    expectOAuthError(await tokenRequest(server.url, publicApp, { grant_type: 'authorization_code', code: d.code, redirect_uri: CALLBACK }), 400, 'invalid_grant', 'code_verifier');
  });

  it('expired code: invalid_grant after five minutes on the server clock', async () => {
    const c = await code();
    try {
      offset = 5 * 60_000 + 1000;
      expectOAuthError(await exchange(app, c), 400, 'invalid_grant', 'expired');
    } finally {
      offset = 0;
    }
  });

  it("another client's code: invalid_grant, even with the right verifier", async () => {
    const other = await registerApp(admin, { allowed_scopes: ['project:read'] });
    const c = await code(app);
    expectOAuthError(await exchange(other, c), 400, 'invalid_grant');
  });

  it('refresh-token reuse: a rotated refresh token revokes the whole grant', async () => {
    const first = ok(await exchange(app, await code()));
    const second = ok(await tokenRequest(server.url, app, { grant_type: 'refresh_token', refresh_token: first.refresh_token ?? '' }));
    ok(await client(server.url, second.access_token).get(`/v2/projects/${project.id}`));
    // An attacker replays the first refresh token: refused, and the legitimate tokens die with it.
    expectOAuthError(await tokenRequest(server.url, app, { grant_type: 'refresh_token', refresh_token: first.refresh_token ?? '' }), 400, 'invalid_grant');
    expectError(await client(server.url, second.access_token).get(`/v2/projects/${project.id}`), 401);
    expectOAuthError(await tokenRequest(server.url, app, { grant_type: 'refresh_token', refresh_token: second.refresh_token ?? '' }), 400, 'invalid_grant');
  });

  it('scope escalation on refresh: invalid_scope, within the app’s allowed scopes or beyond them', async () => {
    const issued = ok(await exchange(app, await code(app, 'project:read')));
    expectOAuthError(await tokenRequest(server.url, app, { grant_type: 'refresh_token', refresh_token: issued.refresh_token ?? '', scope: 'project:read flag:read' }), 400, 'invalid_scope');
    const again = ok(await exchange(app, await code(app, 'project:read')));
    expectOAuthError(await tokenRequest(server.url, app, { grant_type: 'refresh_token', refresh_token: again.refresh_token ?? '', scope: 'flag:write' }), 400, 'invalid_scope');
    // Nor can the authorization request ask for more than the app may.
    const browser = new Browser(server.url);
    const res = await browser.get(authorizeUrl(app, { scope: 'project:read experiment:write', state: 'st', code_challenge: pkcePair().challenge }));
    expect(res.status).toBe(302);
    expect(Object.fromEntries(callbackParams(res.location))).toMatchObject({ error: 'invalid_scope', state: 'st' });
  });

  it('open redirect through redirect_uri: an unregistered URI gets an error page, never a redirect', async () => {
    const browser = new Browser(server.url);
    await authorizeCode(browser, app, user, { scope: 'project:read', code_challenge: pkcePair().challenge });
    for (const redirect of ['https://evil.example.com/callback', `${CALLBACK}/../../evil`, `${CALLBACK}?next=https://evil.example.com`, 'https://app.example.com.evil.example.com/callback']) {
      const res = await browser.get(authorizeUrl(app, { redirect_uri: redirect, scope: 'project:read', code_challenge: pkcePair().challenge }));
      expect(res.status, redirect).toBe(400);
      expect(res.location).toBeNull();
      expect(res.html).toContain('redirect_uri');
      expect(res.html).not.toContain('evil.example.com');
    }
    // Unknown client, or no redirect_uri: an error page too.
    const unknown = await browser.get(authorizeUrl({ client_id: 'ftc_nope' }, { code_challenge: pkcePair().challenge }));
    expect([unknown.status, unknown.location]).toEqual([400, null]);
    const missing = await browser.get(authorizeUrl(app, { redirect_uri: undefined }));
    expect([missing.status, missing.location]).toEqual([400, null]);
    // The form post cannot smuggle one in either.
    const consent = await browser.get(authorizeUrl(app, { scope: 'project:read', code_challenge: pkcePair().challenge }));
    const form = formOf(consent.html);
    const posted = await browser.post('/oauth/authorize', { ...form.fields, redirect_uri: 'https://evil.example.com/cb', decision: 'approve' });
    expect([posted.status, posted.location]).toEqual([400, null]);
  });

  it('CSRF on the consent form: a post without the session’s token is refused, nothing redirected', async () => {
    const victim = new Browser(server.url);
    const consent = await victim.get(authorizeUrl(app, { scope: 'project:read', state: 'v' }));
    const signedIn = await victim.signIn(consent, user.email, user.token);
    const fields = formOf(signedIn.html).fields;
    expect(fields.csrf_token).toMatch(/^[0-9a-f]{64}$/);
    const { csrf_token: _token, ...withoutToken } = fields;
    // A cross-site form carries the victim's cookie but cannot know the token.
    for (const forged of [withoutToken, { ...withoutToken, csrf_token: '0'.repeat(64) }, { ...withoutToken, csrf_token: 'x' }]) {
      const res = await victim.post('/oauth/authorize', { ...forged, decision: 'approve' });
      expect(res.status).toBe(403);
      expect(res.location).toBeNull();
      expect(res.html).toContain('CSRF');
    }
    // Another session's token does not fit this session either.
    const attacker = new Browser(server.url);
    const attackerConsent = await attacker.signIn(await attacker.get(authorizeUrl(app, { scope: 'project:read' })), user.email, user.token);
    const res = await victim.post('/oauth/authorize', { ...withoutToken, csrf_token: formOf(attackerConsent.html).fields.csrf_token ?? '', decision: 'approve' });
    expect([res.status, res.location]).toEqual([403, null]);
    // Without any session, the post is a sign-in page, not a code.
    const anonymous = await new Browser(server.url).post('/oauth/authorize', { ...fields, decision: 'approve' });
    expect([anonymous.status, anonymous.location]).toEqual([401, null]);
    // A sign-in posted without the page's login nonce is refused too (login CSRF).
    const forgedSignIn = await new Browser(server.url).post('/oauth/sign-in', { ...withoutToken, email: user.email, token: user.token, login_nonce: 'guess' });
    expect([forgedSignIn.status, forgedSignIn.headers.getSetCookie().some((c) => c.startsWith('ft_oauth_session='))]).toEqual([403, false]);
  });

  it('escapes what apps and requests put on the pages (no markup injection)', async () => {
    const evil = await registerApp(admin, { name: '<script>alert(1)</script>', allowed_scopes: ['project:read'] });
    const browser = new Browser(server.url);
    const page = await browser.get(authorizeUrl(evil, { scope: 'project:read', state: '"><img src=x>', code_challenge: pkcePair().challenge }));
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('<script>alert');
    expect(page.html).not.toContain('"><img');
    expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('PKCE is required of public clients, only with S256', async () => {
    const browser = new Browser(server.url);
    const none = await browser.get(authorizeUrl(publicApp, { scope: 'project:read', state: 'p' }));
    expect(Object.fromEntries(callbackParams(none.location))).toMatchObject({ error: 'invalid_request', state: 'p' });
    const plain = await browser.get(authorizeUrl(publicApp, { scope: 'project:read', code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }));
    expect(callbackParams(plain.location).get('error')).toBe('invalid_request');
    const short = await browser.get(authorizeUrl(publicApp, { scope: 'project:read', code_challenge: 'short' }));
    expect(callbackParams(short.location).get('error')).toBe('invalid_request');
  });

  it('a confidential client must authenticate; a public one cannot pretend to have a secret', async () => {
    const c = await code();
    expectOAuthError(await tokenRequest(server.url, app, { grant_type: 'authorization_code', code: c.code, redirect_uri: CALLBACK, code_verifier: c.verifier }, { secret: null }), 400, 'invalid_client');
    // The code was not spent by the refused attempt: the client with its secret still gets tokens.
    ok(await exchange(app, c));
    const d = await code();
    const wrong = await tokenRequest(server.url, app, { grant_type: 'authorization_code', code: d.code, redirect_uri: CALLBACK, code_verifier: d.verifier }, { secret: 'ftcs_wrong' });
    expectOAuthError(wrong, 401, 'invalid_client');
    expect(wrong.headers.get('www-authenticate')).toContain('Basic');
    const e = await code(publicApp);
    expectOAuthError(await tokenRequest(server.url, publicApp, { grant_type: 'authorization_code', code: e.code, redirect_uri: CALLBACK, code_verifier: e.verifier }, { secret: 'made-up' }), 401, 'invalid_client');
  });
});
