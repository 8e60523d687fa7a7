/** Paginated lists of OAuth clients (administrators) and of a user's live grants. */
import type { OAuthClient, OAuthGrant, GrantKind } from '../../core/oauth/types.js';
import type { OAuthScope } from '../../core/oauth/scopes.js';
import type { Db, Page, PageOf } from '../repos/common.js';
import { parseJson } from '../repos/common.js';
import { rowToOAuthClient } from '../repos/oauth-clients.js';

const offsetOf = (p: Page): number => (p.page - 1) * p.perPage;

export async function listOAuthClients(db: Db, page: Page): Promise<PageOf<OAuthClient>> {
  const base = db.selectFrom('oauth_clients');
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('id').limit(page.perPage).offset(offsetOf(page)).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(rowToOAuthClient), total: Number(total.n) };
}

/** The user's grants that are still live (revoked ones are history, not consents). */
export async function listLiveGrants(db: Db, userId: number, page: Page): Promise<PageOf<OAuthGrant>> {
  const base = db
    .selectFrom('oauth_grants')
    .innerJoin('oauth_clients', 'oauth_clients.id', 'oauth_grants.client_id')
    .where('oauth_grants.user_id', '=', userId)
    .where('oauth_grants.revoked_at', 'is', null);
  const [rows, total] = await Promise.all([
    base
      .select(['oauth_grants.id', 'oauth_grants.user_id', 'oauth_grants.kind', 'oauth_grants.scopes', 'oauth_grants.created_at', 'oauth_grants.last_used_at', 'oauth_grants.revoked_at'])
      .select(['oauth_clients.id as client_pk', 'oauth_clients.client_id', 'oauth_clients.name as client_name'])
      .orderBy('oauth_grants.id')
      .limit(page.perPage)
      .offset(offsetOf(page))
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const items = rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    client: { id: row.client_pk, clientId: row.client_id, name: row.client_name },
    kind: row.kind as GrantKind,
    scopes: parseJson<OAuthScope[]>(row.scopes, []),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }));
  return { items, total: Number(total.n) };
}
