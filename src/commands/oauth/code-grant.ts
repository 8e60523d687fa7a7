/**
 * The library's authorization_code grant, with one correction: a redirect_uri that differs from
 * the authorization request's is `invalid_grant` (RFC 6749 §5.2), not `invalid_request`. The code
 * is already spent by then, as the library revokes it before checking PKCE and the redirect URI.
 */
import OAuth2Server from '@node-oauth/oauth2-server';
import AuthorizationCodeGrantType from '@node-oauth/oauth2-server/lib/grant-types/authorization-code-grant-type.js';

export class StrictAuthorizationCodeGrant extends AuthorizationCodeGrantType {
  override validateRedirectUri(request: OAuth2Server.Request, code: OAuth2Server.AuthorizationCode): void {
    const body = request.body as Record<string, unknown>;
    if (body.redirect_uri !== code.redirectUri) {
      throw new OAuth2Server.InvalidGrantError('Invalid grant: `redirect_uri` does not match the one of the authorization request');
    }
  }
}
