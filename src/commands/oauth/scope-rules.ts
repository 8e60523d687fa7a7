/** Which scopes a request may be granted: those asked for (default: all the app may ask for), all allowed. */
import type { OAuthClient } from '../../core/oauth/types.js';
import { oauthScopes, scopesBeyond, type OAuthScope } from '../../core/oauth/scopes.js';

/** The scopes to grant, in canonical order, or false when any is not allowed (invalid_scope). */
export function grantableScopes(client: Pick<OAuthClient, 'allowedScopes'>, requested: readonly string[] | undefined): OAuthScope[] | false {
  const asked = requested === undefined || requested.length === 0 ? [...client.allowedScopes] : requested;
  if (scopesBeyond(asked, client.allowedScopes).length > 0) return false;
  return oauthScopes.filter((s) => asked.includes(s));
}
