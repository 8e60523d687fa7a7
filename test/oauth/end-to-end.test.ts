/**
 * The whole flow as a third-party app runs it: a real app server with a callback, registered
 * over the API; a browser that follows every redirect with its cookies, signs in and submits the
 * consent form; the app exchanging the code (PKCE), calling /v2/projects with the access token,
 * refreshing it, and being refused once the user revokes the consent.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client } from '../helpers/http.js';
import { buildProject, ok, tokenFor, uniqueKey } from '../helpers/factories.js';
import { Browser, pkcePair, type App, type TokenBody } from './helpers.js';

/** The third-party app: starts authorizations and receives the callback, like a small web app would. */
class ThirdPartyApp {
  private readonly pending = new Map<string, string>();
  readonly received: { code?: string; error?: string }[] = [];
  tokens: TokenBody | null = null;
  private server: Server | null = null;
  callback = '';
  registration: App | null = null;

  constructor(private readonly fieldtest: string) {}

  async listen(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req.url ?? '/').then((text) => res.writeHead(200, { 'content-type': 'text/plain' }).end(text)));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.callback = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/callback`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Where the app sends the user: discovered from the metadata document, with state and PKCE. */
  async startAuthorization(scope: string): Promise<string> {
    const meta = (await (await fetch(`${this.fieldtest}/.well-known/oauth-authorization-server`)).json()) as { authorization_endpoint: string };
    const state = randomBytes(8).toString('hex');
    const { verifier, challenge } = pkcePair();
    this.pending.set(state, verifier);
    const url = new URL(meta.authorization_endpoint);
    for (const [k, v] of Object.entries({ response_type: 'code', client_id: this.registration?.client_id ?? '', redirect_uri: this.callback, scope, state, code_challenge: challenge, code_challenge_method: 'S256' })) url.searchParams.set(k, v);
    return url.toString();
  }

  private async handle(path: string): Promise<string> {
    const query = new URL(path, this.callback).searchParams;
    const verifier = this.pending.get(query.get('state') ?? '');
    if (verifier === undefined) return 'unknown state';
    this.pending.delete(query.get('state') ?? '');
    const code = query.get('code');
    if (!code) {
      this.received.push({ error: query.get('error') ?? '' });
      return 'denied';
    }
    this.received.push({ code });
    this.tokens = await this.tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: this.callback, code_verifier: verifier });
    return 'connected';
  }

  async tokenRequest(form: Record<string, string>): Promise<TokenBody> {
    const basic = Buffer.from(`${this.registration?.client_id ?? ''}:${this.registration?.client_secret ?? ''}`).toString('base64');
    const res = await fetch(`${this.fieldtest}/oauth/token`, { method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
    return (await res.json()) as TokenBody;
  }

  api(path: string): Promise<Response> {
    return fetch(`${this.fieldtest}${path}`, { headers: { authorization: `Bearer ${this.tokens?.access_token ?? ''}` } });
  }

  async refresh(): Promise<void> {
    this.tokens = await this.tokenRequest({ grant_type: 'refresh_token', refresh_token: this.tokens?.refresh_token ?? '' });
  }
}

describe.each(databases)('OAuth end to end on %s', (engine) => {
  let server: TestServer;
  let thirdParty: ThirdPartyApp;
  beforeAll(async () => {
    server = await startServer(engine);
    thirdParty = new ThirdPartyApp(server.url);
    await thirdParty.listen();
  });
  afterAll(async () => {
    await thirdParty.close();
    await server.close();
  });

  it('authorizes, calls the API, refreshes, and is refused after revocation', async () => {
    const admin = client(server.url, server.adminToken);
    const project = await buildProject(admin, uniqueKey('Shared with the app'));
    const email = `${uniqueKey('owner')}@example.com`;
    const personal = (await tokenFor(server, { role: 'project_owner', projectId: project.id, email })).secret;
    thirdParty.registration = ok(await admin.post<App>('/v2/oauth/clients', { name: 'Experiment Dashboard', redirect_uris: [thirdParty.callback], allowed_scopes: ['project:read', 'experiment:read'] }), 201);

    // The user's browser: from the app's link to the app's callback, following every redirect.
    const browser = new Browser(server.url);
    const signInPage = await browser.follow(await browser.get(await thirdParty.startAuthorization('project:read')));
    const consent = await browser.signIn(signInPage, email, personal);
    expect(consent.html).toContain('Experiment Dashboard');
    const approved = await browser.decide(consent, 'approve');
    expect(approved.location?.startsWith(`${thirdParty.callback}?code=`)).toBe(true);
    // The browser arrives at the app, which exchanges the code on the spot.
    expect(await (await fetch(approved.location ?? '')).text()).toBe('connected');
    expect(thirdParty.tokens).toMatchObject({ token_type: 'Bearer', scope: 'project:read' });

    const projects = await thirdParty.api('/v2/projects');
    expect(projects.status).toBe(200);
    expect(((await projects.json()) as { id: number }[]).map((p) => p.id)).toEqual([project.id]);

    const before = thirdParty.tokens?.access_token;
    await thirdParty.refresh();
    expect(thirdParty.tokens?.access_token).toMatch(/^ftoa_/);
    expect(thirdParty.tokens?.access_token).not.toBe(before);
    expect((await thirdParty.api('/v2/projects')).status).toBe(200);

    // The user revokes the consent with their personal token.
    const user = client(server.url, personal);
    const grants = ok(await user.get<{ id: number; client_name: string }[]>('/v2/oauth/grants'));
    expect(grants.map((g) => g.client_name)).toEqual(['Experiment Dashboard']);
    expect((await user.delete(`/v2/oauth/grants/${grants[0]?.id ?? 0}`)).status).toBe(204);
    const refused = await thirdParty.api('/v2/projects');
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { code: string }).code).toBe('unauthorized');
    const refreshAfter = await thirdParty.tokenRequest({ grant_type: 'refresh_token', refresh_token: thirdParty.tokens?.refresh_token ?? '' });
    expect(refreshAfter.error).toBe('invalid_grant');

    // A second authorization that the user denies reaches the app as access_denied.
    const again = await browser.follow(await browser.get(await thirdParty.startAuthorization('project:read')));
    const denied = await browser.decide(again, 'deny');
    expect(await (await fetch(denied.location ?? '')).text()).toBe('denied');
    expect(thirdParty.received.at(-1)).toEqual({ error: 'access_denied' });
  });
});
