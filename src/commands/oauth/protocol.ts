/**
 * The OAuth 2.0 endpoints' use cases, run by @node-oauth/oauth2-server on our model. Requests and
 * responses are plain data, so the HTTP adapter stays a translation and the library stays here.
 */
import OAuth2Server from '@node-oauth/oauth2-server';
import { oauthModel } from './model.js';
import { CODE_SECONDS, type OAuthContext } from './context.js';
import { StrictAuthorizationCodeGrant } from './code-grant.js';

export interface ProtocolRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly query: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, string>>;
}

export interface ProtocolResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>>;
  /** An unexpected error inside the library or the model, for the server log. */
  readonly failure?: unknown;
}

/** Where the user agent goes next, or the error page to show instead (no redirect possible). */
export type AuthorizationOutcome =
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'page'; readonly status: number; readonly error: string; readonly description: string; readonly failure?: unknown };

function libraryRequest(request: ProtocolRequest): OAuth2Server.Request {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name] = value;
  return new OAuth2Server.Request({ method: request.method, headers, query: { ...request.query }, body: { ...request.body } });
}

/** POST /oauth/token: authorization_code (with PKCE), refresh_token (rotating), client_credentials. */
export async function exchangeToken(ctx: OAuthContext, request: ProtocolRequest): Promise<ProtocolResponse> {
  const server = new OAuth2Server({
    model: oauthModel(ctx, { authenticateClients: true }),
    accessTokenLifetime: ctx.lifetimes.accessTokenSeconds,
    refreshTokenLifetime: ctx.lifetimes.refreshTokenSeconds,
    // Public clients authenticate by PKCE alone; the model still demands a confidential client's secret.
    requireClientAuthentication: { authorization_code: false, refresh_token: false },
    alwaysIssueNewRefreshToken: true,
    extendedGrantTypes: { authorization_code: StrictAuthorizationCodeGrant },
  });
  const response = new OAuth2Server.Response({ headers: {} });
  try {
    await server.token(libraryRequest(request), response);
  } catch (error) {
    if (!(error instanceof OAuth2Server.OAuthError)) throw error;
    // Some checks (method, content type) throw before the library fills the response: build it here.
    const failure = error instanceof OAuth2Server.ServerError ? ((error as { inner?: unknown }).inner ?? error) : undefined;
    return {
      status: typeof error.code === 'number' ? error.code : 400,
      headers: response.headers as Record<string, string>,
      body: { error: error.name, error_description: error.message },
      ...(failure === undefined ? {} : { failure }),
    };
  }
  return { status: response.status ?? 200, headers: response.headers as Record<string, string>, body: response.body as Record<string, unknown> };
}

/**
 * The signed-in user's decision on the consent form: a code (approve) or access_denied (deny),
 * sent back to the client's redirect URI with its state. `request.body.allowed` is 'false' on deny.
 */
export async function decideAuthorization(ctx: OAuthContext, request: ProtocolRequest, userId: number): Promise<AuthorizationOutcome> {
  const server = new OAuth2Server({
    model: oauthModel(ctx, { authenticateClients: false }),
    authorizationCodeLifetime: CODE_SECONDS,
    allowEmptyState: true,
    authenticateHandler: { handle: () => ({ id: userId }) },
  });
  const response = new OAuth2Server.Response({ headers: {} });
  try {
    await server.authorize(libraryRequest(request), response);
  } catch (error) {
    if (!(error instanceof OAuth2Server.OAuthError)) throw error;
    const status = typeof error.code === 'number' ? error.code : 400;
    const location = response.get('location') as string | undefined;
    // Errors found before the redirect URI was trusted (unknown client, unregistered URI) must
    // not redirect anywhere: that is the open redirect RFC 6749 §4.1.2.1 forbids.
    if (location === undefined) {
      const failure = error instanceof OAuth2Server.ServerError ? ((error as { inner?: unknown }).inner ?? error) : undefined;
      return { kind: 'page', status, error: error.name, description: error.message, ...(failure === undefined ? {} : { failure }) };
    }
    return { kind: 'redirect', location };
  }
  return { kind: 'redirect', location: response.get('location') as string };
}
