/**
 * The authorization endpoint (RFC 6749 §4.1): GET shows the sign-in or consent page, POST takes
 * the consent decision (checked against the session's anti-CSRF token) and redirects to the app
 * with a code or `error=access_denied`, state untouched. /oauth/sign-in starts the session.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decideAuthorization } from '../../../commands/oauth/protocol.js';
import { reviewAuthorization } from '../../../commands/oauth/review-authorization.js';
import { csrfTokenOf, newSecret, sameHash } from '../../../commands/oauth/secrets.js';
import { sessionUser, signIn } from '../../../commands/oauth/sign-in.js';
import { SESSION_SECONDS } from '../../../commands/oauth/context.js';
import { consentPage, errorPage, signInPage } from '../pages.js';
import { oauthContext, singleValues } from '../request-data.js';

const SESSION_COOKIE = 'ft_oauth_session';
const LOGIN_COOKIE = 'ft_oauth_login';
/** The authorization request parameters a sign-in carries back to GET /oauth/authorize. */
const AUTHORIZE_PARAMETERS = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method'];

function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(html);
}

function cookieOptions(request: FastifyRequest, maxAge: number) {
  return { path: '/oauth', httpOnly: true, sameSite: 'lax' as const, secure: request.server.fieldtest.config.publicUrl.startsWith('https:'), maxAge };
}

/** The sign-in form, with a fresh login nonce in a cookie (so a sign-in cannot be forged cross-site). */
function showSignIn(request: FastifyRequest, reply: FastifyReply, appName: string, parameters: Record<string, string>, status = 200, problem?: string, email?: string): FastifyReply {
  const loginNonce = newSecret('session');
  void reply.setCookie(LOGIN_COOKIE, loginNonce, cookieOptions(request, 600));
  return sendPage(reply, status, signInPage({ appName, parameters, loginNonce, ...(problem ? { problem } : {}), ...(email ? { email } : {}) }));
}

function pick(values: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => values[n] !== undefined).map((n) => [n, values[n] as string]));
}

export async function authorizeRoutes(app: FastifyInstance): Promise<void> {
  const config = { public: true };

  app.get('/oauth/authorize', { schema: { hide: true }, config }, async (request, reply) => {
    const ctx = oauthContext(request);
    const review = await reviewAuthorization(ctx, singleValues(request.query, 'query'));
    if (review.kind === 'page') return sendPage(reply, review.status, errorPage(review.error, review.description));
    if (review.kind === 'redirect') return reply.redirect(review.location, 302);
    const secret = request.cookies[SESSION_COOKIE];
    const user = await sessionUser(ctx, secret);
    if (!user || !secret) return showSignIn(request, reply, review.client.name, { ...review.parameters });
    return sendPage(reply, 200, consentPage({
      appName: review.client.name, email: user.email, scopes: review.scopes, redirectUri: review.parameters.redirect_uri ?? '',
      parameters: review.parameters, csrfToken: csrfTokenOf(secret),
    }));
  });

  app.post('/oauth/authorize', { schema: { hide: true }, config }, async (request, reply) => {
    const ctx = oauthContext(request);
    const body = singleValues(request.body, 'body');
    const secret = request.cookies[SESSION_COOKIE];
    const user = await sessionUser(ctx, secret);
    const review = await reviewAuthorization(ctx, body);
    if (review.kind === 'page') return sendPage(reply, review.status, errorPage(review.error, review.description));
    if (!user || !secret) return showSignIn(request, reply, review.kind === 'consent' ? review.client.name : 'the app', pick(body, AUTHORIZE_PARAMETERS), 401, 'Your sign-in has expired: sign in again.');
    // The anti-CSRF token is derived from the session secret, which only the cookie holds: a form
    // posted from another site cannot carry it. Refused without redirecting anywhere.
    if (!body.csrf_token || !sameHash(body.csrf_token, csrfTokenOf(secret))) {
      return sendPage(reply, 403, errorPage('access_denied', 'the consent form was not submitted from this server’s consent page (CSRF check failed); nothing was authorized'));
    }
    if (review.kind === 'redirect') return reply.redirect(review.location, 303);
    const decision = body.decision;
    if (decision !== 'approve' && decision !== 'deny') return sendPage(reply, 400, errorPage('invalid_request', 'decision must be approve or deny'));
    const outcome = await decideAuthorization(ctx, {
      method: 'POST', headers: request.headers, query: {},
      body: { ...review.parameters, ...(decision === 'deny' ? { allowed: 'false' } : {}) },
    }, user.userId);
    if (outcome.kind === 'page') {
      if (outcome.failure !== undefined) request.log.error({ err: outcome.failure }, 'authorization failed');
      return sendPage(reply, outcome.status, errorPage(outcome.error, outcome.description));
    }
    return reply.redirect(outcome.location, 303);
  });

  app.post('/oauth/sign-in', { schema: { hide: true }, config }, async (request, reply) => {
    const ctx = oauthContext(request);
    const body = singleValues(request.body, 'body');
    const parameters = pick(body, AUTHORIZE_PARAMETERS);
    const review = await reviewAuthorization(ctx, parameters);
    if (review.kind !== 'consent') return sendPage(reply, 400, errorPage('invalid_request', 'the sign-in form does not carry a valid authorization request'));
    const nonce = request.cookies[LOGIN_COOKIE];
    if (!nonce || body.login_nonce !== nonce) {
      return showSignIn(request, reply, review.client.name, parameters, 403, 'The sign-in form has expired or was not sent from this page: sign in again.');
    }
    const session = await signIn(ctx, body.email ?? '', body.token ?? '');
    if (session === null) return showSignIn(request, reply, review.client.name, parameters, 401, 'That email and personal token do not belong together.', body.email);
    void reply.clearCookie(LOGIN_COOKIE, { path: '/oauth' });
    void reply.setCookie(SESSION_COOKIE, session, cookieOptions(request, SESSION_SECONDS));
    // Back to the authorization request: a fixed path, only its own parameters (no open redirect).
    return reply.redirect(`/oauth/authorize?${new URLSearchParams(review.parameters).toString()}`, 303);
  });
}
