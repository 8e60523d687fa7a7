/** Validation of what an administrator registers an app with (names the offending field). */
import { invalid } from '../../core/errors.js';
import { redirectUriProblem } from '../../core/oauth/redirect-uri.js';
import { isOAuthScope, oauthScopes, type OAuthScope } from '../../core/oauth/scopes.js';
import { isProjectRole } from '../../core/permissions.js';
import type { ServiceRole } from '../../core/oauth/types.js';

export function parseRedirectUris(uris: readonly string[], field = 'redirect_uris'): string[] {
  if (uris.length === 0) throw invalid(field, 'register at least one redirect URI');
  uris.forEach((uri, i) => {
    const problem = redirectUriProblem(uri);
    if (problem !== null) throw invalid(`${field}[${i}]`, `${JSON.stringify(uri)} ${problem}`);
  });
  return [...new Set(uris)];
}

export function parseAllowedScopes(scopes: readonly string[] | undefined, field = 'allowed_scopes'): OAuthScope[] {
  if (scopes === undefined) return [...oauthScopes];
  scopes.forEach((scope, i) => {
    if (!isOAuthScope(scope)) throw invalid(`${field}[${i}]`, `${JSON.stringify(scope)} is not a scope an app can be granted (${oauthScopes.join(', ')})`);
  });
  if (scopes.length === 0) throw invalid(field, 'allow at least one scope');
  return oauthScopes.filter((s) => scopes.includes(s));
}

export function parseName(name: string | undefined, field = 'name'): string {
  const trimmed = name?.trim() ?? '';
  if (trimmed === '' || trimmed.length > 200) throw invalid(field, 'must be 1 to 200 characters');
  return trimmed;
}

export function parseServiceRole(input: { role: string; projectId?: number } | null | undefined, confidential: boolean, field = 'service_account'): ServiceRole | null {
  if (input === null || input === undefined) return null;
  if (!confidential) throw invalid(field, 'only a confidential client can act as a service account (client_credentials)');
  if (input.role === 'administrator') return { role: 'administrator' };
  if (!isProjectRole(input.role)) throw invalid(`${field}.role`, 'must be administrator, project_owner, editor or viewer');
  if (input.projectId === undefined) throw invalid(`${field}.project_id`, `the ${input.role} role is per project: give the project`);
  return { role: input.role, projectId: input.projectId };
}
