/**
 * GET /oauth/authorize, before the consent page is shown (RFC 6749 §4.1.1, §4.1.2.1, RFC 7636):
 * a request with an unknown client or an unregistered redirect_uri gets an error page and is
 * never redirected (no open redirect); any other bad parameter is sent back to the client's
 * redirect URI as an error, with its state.
 */
import type { OAuthClient } from '../../core/oauth/types.js';
import { isRegisteredRedirectUri, withResponseParameters } from '../../core/oauth/redirect-uri.js';
import { scopesBeyond, splitScope, type OAuthScope } from '../../core/oauth/scopes.js';
import { findOAuthClient } from '../../store/repos/oauth-clients.js';
import type { SystemContext } from '../context.js';
import { grantableScopes } from './scope-rules.js';

export type AuthorizationReview =
  | { readonly kind: 'page'; readonly status: number; readonly error: string; readonly description: string }
  | { readonly kind: 'redirect'; readonly location: string }
  | {
      readonly kind: 'consent';
      readonly client: OAuthClient;
      readonly scopes: readonly OAuthScope[];
      /** The parameters the consent form posts back, normalized (scope made explicit). */
      readonly parameters: Readonly<Record<string, string>>;
    };

/** RFC 6749 Appendix A: state is VSCHAR (printable ASCII). */
const VSCHAR = /^[\x20-\x7E]+$/;
const KEPT = ['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method'] as const;

export async function reviewAuthorization(ctx: SystemContext, query: Readonly<Record<string, string | undefined>>): Promise<AuthorizationReview> {
  const page = (error: string, description: string): AuthorizationReview => ({ kind: 'page', status: 400, error, description });
  if (!query.client_id) return page('invalid_request', 'client_id is required');
  const client = await findOAuthClient(ctx.db, query.client_id);
  if (!client) return page('invalid_client', `no app is registered with client_id ${JSON.stringify(query.client_id)}`);
  const redirectUri = query.redirect_uri;
  if (!isRegisteredRedirectUri(client.redirectUris, redirectUri)) {
    return page('invalid_request', redirectUri === undefined ? 'redirect_uri is required' : 'redirect_uri is not one this app registered; it must match exactly');
  }
  const state = query.state !== undefined && VSCHAR.test(query.state) ? query.state : undefined;
  const fail = (error: string, description: string): AuthorizationReview => ({
    kind: 'redirect',
    location: withResponseParameters(redirectUri, { error, error_description: description, state }),
  });
  if (query.state !== undefined && state === undefined) return fail('invalid_request', 'state must be printable ASCII');
  if (query.response_type !== 'code') return fail('unsupported_response_type', 'response_type must be code');
  const requested = splitScope(query.scope);
  const scopes = grantableScopes(client, requested);
  if (scopes === false) return fail('invalid_scope', `this app may not ask for ${scopesBeyond(requested, client.allowedScopes).join(' ')}`);
  const method = query.code_challenge_method;
  if (method !== undefined && method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
  if (!query.code_challenge && !client.confidential) return fail('invalid_request', 'public clients must send a PKCE code_challenge (S256)');
  if (query.code_challenge && !/^[A-Za-z0-9_-]{43}$/.test(query.code_challenge)) return fail('invalid_request', 'code_challenge must be the base64url SHA-256 of the verifier (43 characters)');
  const parameters: Record<string, string> = { scope: scopes.join(' ') };
  for (const key of KEPT) {
    const value = query[key];
    if (value !== undefined && value !== '') parameters[key] = value;
  }
  return { kind: 'consent', client, scopes, parameters };
}
