/** Reading OAuth clients (administrators). */
import { notFound } from '../../core/errors.js';
import { authorize } from '../../core/permissions.js';
import { findOAuthClient } from '../../store/repos/oauth-clients.js';
import { listOAuthClients } from '../../store/read/oauth-lists.js';
import type { PageOf } from '../../store/repos/common.js';
import type { CommandContext, PageRequest, SystemContext } from '../context.js';
import { serviceRoleOf, type ClientDetails } from './save-client.js';

export async function getClient(ctx: CommandContext, clientId: string): Promise<ClientDetails> {
  authorize(ctx.actor, 'admin:oauth_clients');
  const client = await findOAuthClient(ctx.db, clientId);
  if (!client) throw notFound('oauth client', clientId);
  return { client, serviceAccount: await serviceRoleOf(ctx.db, client) };
}

/** A page of clients, for administrators (or the CLI, which passes no actor). */
export async function listClients(ctx: CommandContext | SystemContext, page: PageRequest): Promise<PageOf<ClientDetails>> {
  if ('actor' in ctx) authorize(ctx.actor, 'admin:oauth_clients');
  const result = await listOAuthClients(ctx.db, page);
  const items = await Promise.all(result.items.map(async (client) => ({ client, serviceAccount: await serviceRoleOf(ctx.db, client) })));
  return { items, total: result.total };
}
