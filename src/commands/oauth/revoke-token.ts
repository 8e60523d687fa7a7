/**
 * POST /oauth/revoke (RFC 7009): the client authenticates as at the token endpoint, then a
 * refresh token ends its whole grant (§2.1 "SHOULD also invalidate all access tokens based on
 * the same authorization grant") and an access token ends itself. Unknown tokens answer 200.
 */
import { findOAuthToken, revokeOAuthToken } from '../../store/repos/oauth-tokens.js';
import { revokeGrant } from '../../store/repos/oauth-grants.js';
import type { OAuthContext } from './context.js';
import { oauthModel } from './model.js';
import type { ProtocolRequest, ProtocolResponse } from './protocol.js';
import { sha256 } from './secrets.js';

/** client_secret_basic (RFC 6749 §2.3.1: form-encoded, then base64) or client_secret_post / client_id only. */
export function clientCredentialsOf(request: ProtocolRequest): { clientId?: string; clientSecret?: string } {
  const header = request.headers.authorization;
  const basic = typeof header === 'string' ? /^Basic\s+(\S+)$/i.exec(header) : null;
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      const decode = (s: string) => {
        try {
          return decodeURIComponent(s.replace(/\+/g, ' '));
        } catch {
          return s;
        }
      };
      return { clientId: decode(decoded.slice(0, colon)), clientSecret: decode(decoded.slice(colon + 1)) };
    }
  }
  return { clientId: request.body.client_id, clientSecret: request.body.client_secret };
}

const error = (status: number, code: string, description: string, headers: Record<string, string> = {}): ProtocolResponse => ({
  status,
  headers,
  body: { error: code, error_description: description },
});

export async function revokeToken(ctx: OAuthContext, request: ProtocolRequest): Promise<ProtocolResponse> {
  const { clientId, clientSecret } = clientCredentialsOf(request);
  if (!clientId) return error(400, 'invalid_request', 'Missing parameter: `client_id` (or HTTP Basic client authentication)');
  const client = await oauthModel(ctx, { authenticateClients: true }).getClient(clientId, clientSecret as string);
  if (!client) {
    const basic = typeof request.headers.authorization === 'string';
    return basic ? error(401, 'invalid_client', 'Invalid client: client is invalid', { 'www-authenticate': 'Basic realm="Service"' }) : error(400, 'invalid_client', 'Invalid client: client is invalid');
  }
  const token = request.body.token;
  if (!token) return error(400, 'invalid_request', 'Missing parameter: `token`');
  const stored = await findOAuthToken(ctx.db, sha256(token));
  if (!stored) return { status: 200, headers: {}, body: {} };
  if (stored.clientId !== client.id) return error(400, 'invalid_request', 'Invalid request: the token was not issued to this client');
  const at = ctx.clock().toISOString();
  if (stored.kind === 'refresh') await revokeGrant(ctx.db, stored.grantId, at);
  else await revokeOAuthToken(ctx.db, stored.id, at);
  return { status: 200, headers: {}, body: {} };
}
