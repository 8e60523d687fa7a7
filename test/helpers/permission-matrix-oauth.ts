/**
 * The /v2/oauth rows of the role × operation matrix: only administrators register apps; everyone
 * lists and revokes their own consents, and only administrators anyone else's.
 */
import { registerClient } from '../../src/commands/oauth/save-client.js';
import { insertGrant } from '../../src/store/repos/oauth-grants.js';
import type { Actor, Fixtures, Operation } from './permission-matrix.js';
import { uniqueKey } from './factories.js';

const ALL = ['administrator', 'project_owner', 'editor', 'viewer', 'none'] as const;
const ADMIN = ['administrator'] as const;
const mentions = { project_owner: 'admin:oauth_clients', editor: 'admin:oauth_clients', viewer: 'admin:oauth_clients', none: 'admin:oauth_clients' };
const at = (path: string, body?: unknown) => Promise.resolve(body === undefined ? { path } : { path, body });

async function app(fx: Fixtures): Promise<string> {
  const ctx = { db: fx.server.store.db, clock: () => new Date(), publicUrl: fx.server.url, publish: () => undefined };
  return (await registerClient(ctx, { name: uniqueKey('MatrixApp'), redirectUris: ['https://matrix.example.com/cb'] }, null)).client.clientId;
}

/** A live consent of `userId` to a fresh app, as the authorization code grant leaves it. */
async function grantOf(fx: Fixtures, userId: number): Promise<number> {
  const clientId = await app(fx);
  const client = await fx.server.store.db.selectFrom('oauth_clients').select('id').where('client_id', '=', clientId).executeTakeFirstOrThrow();
  return insertGrant(fx.server.store.db, { clientId: client.id, userId, kind: 'authorization_code', scopes: ['project:read'], at: new Date().toISOString() });
}

const adminUserId = (fx: Fixtures) => (fx.actors.get('administrator') as Actor).userId;

export const oauthOperations: readonly Operation[] = [
  { method: 'GET', route: '/v2/oauth/clients', label: 'list OAuth clients', allowed: ADMIN, mentions, build: () => at('/v2/oauth/clients') },
  { method: 'POST', route: '/v2/oauth/clients', label: 'register an OAuth client', allowed: ADMIN, mentions, build: () => at('/v2/oauth/clients', { name: uniqueKey('App'), redirect_uris: ['https://matrix.example.com/cb'] }) },
  { method: 'GET', route: '/v2/oauth/clients/:client_id', label: 'read an OAuth client', allowed: ADMIN, mentions, build: async (fx) => at(`/v2/oauth/clients/${await app(fx)}`) },
  { method: 'PATCH', route: '/v2/oauth/clients/:client_id', label: 'update an OAuth client', allowed: ADMIN, mentions, build: async (fx) => at(`/v2/oauth/clients/${await app(fx)}`, { name: 'renamed' }) },
  { method: 'DELETE', route: '/v2/oauth/clients/:client_id', label: 'delete an OAuth client', allowed: ADMIN, mentions, build: async (fx) => at(`/v2/oauth/clients/${await app(fx)}`) },
  { method: 'GET', route: '/v2/oauth/grants', label: 'list one’s own OAuth consents', allowed: ALL, build: () => at('/v2/oauth/grants') },
  { method: 'GET', route: '/v2/oauth/grants', label: 'list another user’s OAuth consents', allowed: ADMIN, build: (fx, actor) => at(`/v2/oauth/grants?user_id=${actor.role === 'administrator' ? (fx.actors.get('viewer') as Actor).userId : adminUserId(fx)}`) },
  { method: 'DELETE', route: '/v2/oauth/grants/:grant_id', label: 'revoke one’s own OAuth consent', allowed: ALL, build: async (fx, actor) => at(`/v2/oauth/grants/${await grantOf(fx, actor.userId)}`) },
  {
    method: 'DELETE', route: '/v2/oauth/grants/:grant_id', label: 'revoke another user’s OAuth consent', allowed: ADMIN,
    build: async (fx, actor) => at(`/v2/oauth/grants/${await grantOf(fx, actor.role === 'administrator' ? (fx.actors.get('viewer') as Actor).userId : adminUserId(fx))}`),
  },
];
