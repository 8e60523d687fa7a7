/** Registering, changing and removing OAuth clients (administrators, or the CLI). */
import { invalid, notFound } from '../../core/errors.js';
import { authorize } from '../../core/permissions.js';
import type { OAuthClient, ServiceRole } from '../../core/oauth/types.js';
import { bumpOAuthClientVersion, deleteOAuthClient, findOAuthClient, insertOAuthClient, updateOAuthClient } from '../../store/repos/oauth-clients.js';
import { findProject } from '../../store/repos/projects.js';
import { findUser, insertUser, setRole } from '../../store/repos/users.js';
import type { Db } from '../../store/repos/common.js';
import { inTransaction, type CommandContext, type SystemContext } from '../context.js';
import { parseAllowedScopes, parseName, parseRedirectUris, parseServiceRole } from './client-input.js';
import { newSecret, sha256 } from './secrets.js';

export interface ClientInput {
  readonly name?: string;
  readonly redirectUris?: readonly string[];
  readonly allowedScopes?: readonly string[];
  /** Default true: a server-side app that keeps a secret. */
  readonly confidential?: boolean;
  readonly serviceAccount?: { readonly role: string; readonly projectId?: number } | null;
  readonly expectedVersion?: number;
  /** On update: issue a new secret (the old one stops working). */
  readonly rotateSecret?: boolean;
}

/** A client as administrators see it; `secret` only in the response that creates (or rotates) it. */
export interface ClientDetails {
  readonly client: OAuthClient;
  readonly serviceAccount: ServiceRole | null;
  readonly secret?: string;
}

export async function serviceRoleOf(db: Db, client: OAuthClient): Promise<ServiceRole | null> {
  if (client.serviceUserId === null) return null;
  const user = await findUser(db, client.serviceUserId);
  if (!user) return null;
  if (user.isAdmin) return { role: 'administrator' };
  const first = user.roles[0];
  return first ? { role: first.role, projectId: first.projectId } : null;
}

async function createServiceUser(db: Db, clientId: string, name: string, role: ServiceRole, at: string): Promise<number> {
  const userId = await insertUser(db, { email: `service+${clientId}@oauth.fieldtest.local`, name: `${name} (service account)`, isAdmin: role.role === 'administrator', at });
  if (role.role !== 'administrator') {
    if (!(await findProject(db, role.projectId))) throw invalid('service_account.project_id', `project ${role.projectId} does not exist`);
    await setRole(db, userId, role.projectId, role.role, at);
  }
  return userId;
}

/** Registers a client without an actor (the CLI); `createdBy` records who asked, when known. */
export async function registerClient(ctx: SystemContext, input: ClientInput, createdBy: number | null): Promise<ClientDetails> {
  const name = parseName(input.name);
  const redirectUris = parseRedirectUris(input.redirectUris ?? []);
  const allowedScopes = parseAllowedScopes(input.allowedScopes);
  const confidential = input.confidential ?? true;
  const serviceRole = parseServiceRole(input.serviceAccount, confidential);
  const clientId = newSecret('clientId');
  const secret = confidential ? newSecret('clientSecret') : null;
  return inTransaction(ctx, async (tx) => {
    const serviceUserId = serviceRole === null ? null : await createServiceUser(tx.db, clientId, name, serviceRole, tx.at);
    const client = await insertOAuthClient(tx.db, {
      clientId, name, confidential, redirectUris, allowedScopes, serviceUserId, createdBy, at: tx.at,
      secretHash: secret === null ? null : sha256(secret),
      secretPrefix: secret === null ? null : secret.slice(0, 10),
    });
    return { client, serviceAccount: serviceRole, ...(secret === null ? {} : { secret }) };
  });
}

export async function createClient(ctx: CommandContext, input: ClientInput): Promise<ClientDetails> {
  authorize(ctx.actor, 'admin:oauth_clients');
  return registerClient(ctx, input, ctx.actor.userId);
}

export async function updateClient(ctx: CommandContext, clientId: string, input: ClientInput): Promise<ClientDetails> {
  authorize(ctx.actor, 'admin:oauth_clients');
  if (input.confidential !== undefined) throw invalid('confidential', 'cannot change after registration: register a new client');
  if (input.serviceAccount !== undefined) throw invalid('service_account', 'is fixed at registration: register a new client');
  const name = input.name === undefined ? undefined : parseName(input.name);
  const redirectUris = input.redirectUris === undefined ? undefined : parseRedirectUris(input.redirectUris);
  const allowedScopes = input.allowedScopes === undefined ? undefined : parseAllowedScopes(input.allowedScopes);
  return inTransaction(ctx, async (tx) => {
    const existing = await findOAuthClient(tx.db, clientId);
    if (!existing) throw notFound('oauth client', clientId);
    if (input.rotateSecret && !existing.confidential) throw invalid('rotate_secret', 'a public client has no secret');
    const secret = input.rotateSecret ? newSecret('clientSecret') : undefined;
    await bumpOAuthClientVersion(tx.db, existing.id, input.expectedVersion, tx.at);
    await updateOAuthClient(tx.db, existing.id, {
      ...(name === undefined ? {} : { name }),
      ...(redirectUris === undefined ? {} : { redirectUris }),
      ...(allowedScopes === undefined ? {} : { allowedScopes }),
      ...(secret === undefined ? {} : { secretHash: sha256(secret), secretPrefix: secret.slice(0, 10) }),
    });
    const client = (await findOAuthClient(tx.db, clientId)) as OAuthClient;
    return { client, serviceAccount: await serviceRoleOf(tx.db, client), ...(secret === undefined ? {} : { secret }) };
  });
}

/** Removes the client, every grant and token it holds, and its service account. */
export async function removeClient(ctx: SystemContext, clientId: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const existing = await findOAuthClient(tx.db, clientId);
    if (!existing) throw notFound('oauth client', clientId);
    await deleteOAuthClient(tx.db, existing.id, existing.serviceUserId);
  });
}

export async function deleteClient(ctx: CommandContext, clientId: string): Promise<void> {
  authorize(ctx.actor, 'admin:oauth_clients');
  await removeClient(ctx, clientId);
}
