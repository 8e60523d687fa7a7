/**
 * What OAuth suites share: registering apps over the API, PKCE pairs, a browser (a cookie jar
 * over fetch that reads and submits the server's HTML forms), and the token endpoint as an app
 * calls it (form-encoded, client_secret_basic or client_id only).
 */
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Client, Response } from '../helpers/http.js';
import { ok, uniqueKey } from '../helpers/factories.js';

export interface App {
  client_id: string;
  client_secret?: string;
  name: string;
  confidential: boolean;
  redirect_uris: string[];
  allowed_scopes: string[];
  service_account: { role: string; project_id?: number } | null;
  version: number;
}

export const CALLBACK = 'https://app.example.com/callback';

export async function registerApp(admin: Client, body: Record<string, unknown> = {}): Promise<App> {
  return ok(await admin.post<App>('/v2/oauth/clients', { name: uniqueKey('App'), redirect_uris: [CALLBACK], ...body }), 201);
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const decodeHtml = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export interface HtmlForm {
  action: string;
  fields: Record<string, string>;
  /** The values of the form's submit buttons named "decision". */
  decisions: string[];
}

/** The first POST form of a page, with its hidden and prefilled fields. */
export function formOf(html: string): HtmlForm {
  const form = /<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/.exec(html);
  expect(form, `no form in the page:\n${html.slice(0, 800)}`).not.toBeNull();
  const [, action = '', inner = ''] = form ?? [];
  const fields: Record<string, string> = {};
  for (const m of inner.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[decodeHtml(m[1] ?? '')] = decodeHtml(m[2] ?? '');
  const decisions = [...inner.matchAll(/<button[^>]*name="decision" value="([^"]+)"/g)].map((m) => m[1] ?? '');
  return { action: decodeHtml(action), fields, decisions };
}

export interface PageResponse { status: number; location: string | null; html: string; headers: Headers }

/** A user agent with a cookie jar, which does not follow redirects unless asked (`follow`). */
export class Browser {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly baseUrl: string) {}

  private remember(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0|expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string>): Promise<PageResponse> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const target = url.startsWith('http') ? url : this.baseUrl + url;
    const res = await fetch(target, { method, headers, redirect: 'manual', ...(form ? { body: new URLSearchParams(form).toString() } : {}) });
    this.remember(res.headers);
    return { status: res.status, location: res.headers.get('location'), html: await res.text(), headers: res.headers };
  }

  get(url: string): Promise<PageResponse> {
    return this.request('GET', url);
  }

  post(url: string, form: Record<string, string>): Promise<PageResponse> {
    return this.request('POST', url, form);
  }

  /** Follows redirects on this server until a page, or a Location outside it (the app's callback). */
  async follow(first: PageResponse): Promise<PageResponse> {
    let res = first;
    for (let hops = 0; res.location !== null && hops < 10; hops++) {
      const next = new URL(res.location, this.baseUrl).toString();
      if (!next.startsWith(this.baseUrl)) return res;
      res = await this.get(next);
    }
    return res;
  }

  /** Signs in on the sign-in page the authorization request showed, landing on the consent page. */
  async signIn(page: PageResponse, email: string, token: string): Promise<PageResponse> {
    const form = formOf(page.html);
    expect(form.action).toBe('/oauth/sign-in');
    return this.follow(await this.post(form.action, { ...form.fields, email, token }));
  }

  /** Submits the consent page's form with the decision. */
  async decide(consent: PageResponse, decision: 'approve' | 'deny'): Promise<PageResponse> {
    const form = formOf(consent.html);
    expect(form.decisions).toEqual(['approve', 'deny']);
    return this.post(form.action, { ...form.fields, decision });
  }
}

export function authorizeUrl(app: Pick<App, 'client_id'>, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries({ response_type: 'code', client_id: app.client_id, redirect_uri: CALLBACK, ...params })) if (v !== undefined) query.set(k, v);
  return `/oauth/authorize?${query.toString()}`;
}

/** The query parameters of a redirect to the app. */
export function callbackParams(location: string | null): URLSearchParams {
  expect(location, 'expected a redirect').not.toBeNull();
  return new URL(location ?? '').searchParams;
}

export interface TokenBody { access_token: string; refresh_token?: string; token_type: string; expires_in: number; scope: string; error?: string; error_description?: string }

/** POST /oauth/token as an app: form-encoded, the secret by HTTP Basic when there is one. */
export async function tokenRequest(baseUrl: string, app: Pick<App, 'client_id' | 'client_secret'>, form: Record<string, string>, options: { secret?: string | null } = {}): Promise<Response<TokenBody>> {
  const secret = options.secret === undefined ? app.client_secret : options.secret;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const body = new URLSearchParams(form);
  if (secret) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(app.client_id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  else body.set('client_id', app.client_id);
  return post(`${baseUrl}/oauth/token`, headers, body);
}

export async function revokeRequest(baseUrl: string, app: Pick<App, 'client_id' | 'client_secret'>, token: string): Promise<Response<Record<string, string>>> {
  const body = new URLSearchParams({ token, client_id: app.client_id, ...(app.client_secret ? { client_secret: app.client_secret } : {}) });
  return post(`${baseUrl}/oauth/revoke`, { 'content-type': 'application/x-www-form-urlencoded' }, body);
}

async function post<T>(url: string, headers: Record<string, string>, body: URLSearchParams): Promise<Response<T>> {
  const res = await fetch(url, { method: 'POST', headers, body: body.toString() });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as T, text };
}

/** Asserts an RFC 6749 §5.2 error body: exactly {error, error_description}, with `error`. */
export function expectOAuthError(res: Response, status: number, error: string, mention?: string): void {
  expect(res.status, res.text).toBe(status);
  expect(Object.keys(res.body as object).sort()).toEqual(['error', 'error_description']);
  const body = res.body as { error: string; error_description: string };
  expect(body.error).toBe(error);
  if (mention) expect(body.error_description).toContain(mention);
}

/** Runs the browser part of an authorization (sign in, approve) and returns the code and state. */
export async function authorizeCode(browser: Browser, app: App, user: { email: string; token: string }, params: Record<string, string | undefined>): Promise<{ code: string; state: string | null; location: string }> {
  let page = await browser.get(authorizeUrl(app, params));
  if (page.html.includes('action="/oauth/sign-in"')) page = await browser.signIn(page, user.email, user.token);
  expect(page.status, page.html.slice(0, 500)).toBe(200);
  const res = await browser.decide(page, 'approve');
  expect(res.status).toBe(303);
  const query = callbackParams(res.location);
  const code = query.get('code');
  expect(code, res.location ?? '').toBeTruthy();
  return { code: code ?? '', state: query.get('state'), location: res.location ?? '' };
}
