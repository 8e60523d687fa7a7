/**
 * A user's consents to apps (`/v2/oauth/grants`): listed, and revoked — which ends every token
 * issued under the grant at once. Managed with a personal token: an app does not manage consents.
 */
import { forbidden, notFound } from '../../core/errors.js';
import { authorize } from '../../core/permissions.js';
import type { OAuthGrant } from '../../core/oauth/types.js';
import { findGrant, revokeGrant } from '../../store/repos/oauth-grants.js';
import { listLiveGrants } from '../../store/read/oauth-lists.js';
import type { PageOf } from '../../store/repos/common.js';
import { inTransaction, type CommandContext, type PageRequest } from '../context.js';

function refuseApps(ctx: CommandContext): void {
  if (ctx.actor.viaOAuth) throw forbidden('an OAuth access token cannot manage OAuth consents: use a personal token', 'personal token');
}

export async function listGrants(ctx: CommandContext, page: PageRequest, userId?: number): Promise<PageOf<OAuthGrant>> {
  const owner = userId ?? ctx.actor.userId;
  authorize(ctx.actor, owner === ctx.actor.userId ? 'self:oauth_grants' : 'admin:users');
  refuseApps(ctx);
  return listLiveGrants(ctx.db, owner, page);
}

export async function revokeGrantById(ctx: CommandContext, grantId: number): Promise<void> {
  refuseApps(ctx);
  await inTransaction(ctx, async (tx) => {
    const grant = await findGrant(tx.db, grantId);
    if (!grant) throw notFound('oauth grant', grantId);
    authorize(ctx.actor, grant.userId === ctx.actor.userId ? 'self:oauth_grants' : 'admin:users');
    await revokeGrant(tx.db, grantId, tx.at);
  });
}
