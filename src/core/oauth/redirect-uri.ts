/**
 * Which redirect URIs a client may register (RFC 6749 §3.1.2, RFC 8252 §7.3, OAuth 2.0 Security
 * BCP): absolute, no fragment, HTTPS — or plain HTTP only to a loopback address for native apps.
 * At authorization time a redirect_uri must equal a registered one exactly (no prefix or pattern
 * matching), which is what closes the open redirect.
 */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why the URI cannot be registered, or null when it can. */
export function redirectUriProblem(uri: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'must be an absolute URI';
  }
  if (uri.includes('#')) return 'must not contain a fragment';
  if (url.username || url.password) return 'must not contain credentials';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return null;
  return 'must use https (plain http only for localhost, 127.0.0.1 or [::1])';
}

/** Whether `requested` is one of the client's registered URIs, compared as exact strings. */
export function isRegisteredRedirectUri(registered: readonly string[], requested: string | undefined): requested is string {
  return requested !== undefined && registered.includes(requested);
}

/**
 * The client's redirect URI with the response parameters added (RFC 6749 §4.1.2), keeping the
 * query it already has (§3.1.2: "MUST retain the query component").
 */
export function withResponseParameters(redirectUri: string, parameters: Readonly<Record<string, string | undefined>>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(parameters)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}
