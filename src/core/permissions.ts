/**
 * Who may do what (STYLE.md practice 12): a role × action table plus token scopes that can only
 * narrow it. Roles follow the Optimizely FAQ: administrators may do everything in every project,
 * project owners everything within their project, editors everything within it except start
 * experiments, viewers only read.
 */
import type { DomainError} from './errors.js';
import { forbidden } from './errors.js';

export const projectRoles = ['project_owner', 'editor', 'viewer'] as const;
export type ProjectRole = (typeof projectRoles)[number];
export type Role = 'administrator' | ProjectRole;
export const roles: readonly Role[] = ['administrator', ...projectRoles];

export const scopes = [
  'experiment:read',
  'experiment:write',
  'flag:read',
  'flag:write',
  'project:read',
  'project:write',
  '*',
] as const;
export type Scope = (typeof scopes)[number];

/** Actions a route or command can require. `admin:*` actions are never project-scoped. */
export const actions = [
  'project:read',
  'project:write',
  'flag:read',
  'flag:write',
  'experiment:read',
  'experiment:write',
  'experiment:start',
  'admin:projects',
  'admin:users',
  'admin:oauth_clients',
  'self:tokens',
  'self:oauth_grants',
] as const;
export type Action = (typeof actions)[number];

/** The token scope an action needs. `null`: any token of the user may do it. */
const scopeOfAction: Record<Action, Scope | null> = {
  'project:read': 'project:read',
  'project:write': 'project:write',
  'flag:read': 'flag:read',
  'flag:write': 'flag:write',
  'experiment:read': 'experiment:read',
  'experiment:write': 'experiment:write',
  'experiment:start': 'experiment:write',
  'admin:projects': 'project:write',
  'admin:users': '*',
  'admin:oauth_clients': '*',
  'self:tokens': null,
  'self:oauth_grants': null,
};

const allowedByRole: Record<ProjectRole, ReadonlySet<Action>> = {
  project_owner: new Set<Action>([
    'project:read',
    'project:write',
    'flag:read',
    'flag:write',
    'experiment:read',
    'experiment:write',
    'experiment:start',
  ]),
  editor: new Set<Action>([
    'project:read',
    'project:write',
    'flag:read',
    'flag:write',
    'experiment:read',
    'experiment:write',
  ]),
  viewer: new Set<Action>(['project:read', 'flag:read', 'experiment:read']),
};

/** The authenticated caller: a user with per-project roles, through a token with scopes. */
export interface Actor {
  readonly userId: number;
  readonly email: string;
  readonly isAdmin: boolean;
  /** Role per project id. Administrators need no entries. */
  readonly projectRoles: ReadonlyMap<number, ProjectRole>;
  /** `null` means unrestricted (`*`). */
  readonly scopes: ReadonlySet<Scope> | null;
  /** Which credential authenticated the request, for logs and token routes. */
  readonly tokenId: number;
  /** An OAuth access token (a third-party app acting for the user) rather than a personal token. */
  readonly viaOAuth?: boolean;
}

export function scopeFor(action: Action): Scope | null {
  return scopeOfAction[action];
}

/** Whether the token's scopes allow the action, regardless of role. */
export function scopeAllows(actor: Pick<Actor, 'scopes'>, action: Action): boolean {
  const needed = scopeOfAction[action];
  if (needed === null || actor.scopes === null || actor.scopes.has('*')) return true;
  if (actor.scopes.has(needed)) return true;
  // A write scope implies the read scope of the same resource.
  if (needed.endsWith(':read')) return actor.scopes.has(needed.replace(':read', ':write') as Scope);
  return false;
}

/** Whether the actor's role allows the action (in `projectId` for project actions). */
export function roleAllows(actor: Actor, action: Action, projectId?: number): boolean {
  if (actor.isAdmin) return true;
  if (action.startsWith('self:')) return true;
  if (action.startsWith('admin:')) return false;
  if (projectId === undefined) return false;
  const role = actor.projectRoles.get(projectId);
  return role !== undefined && allowedByRole[role].has(action);
}

/** Throws `forbidden` naming what is missing, or returns when the actor may act. */
export function authorize(actor: Actor, action: Action, projectId?: number): void {
  const error = denial(actor, action, projectId);
  if (error) throw error;
}

export function can(actor: Actor, action: Action, projectId?: number): boolean {
  return denial(actor, action, projectId) === null;
}

function denial(actor: Actor, action: Action, projectId?: number): DomainError | null {
  if (!scopeAllows(actor, action)) {
    const scope = scopeOfAction[action] ?? '*';
    return forbidden(`this token lacks the scope ${scope}, which ${action} requires`, scope);
  }
  if (roleAllows(actor, action, projectId)) return null;
  if (action === 'experiment:start') {
    return forbidden('your role may not start experiments: only administrators and project owners can', action);
  }
  if (action.startsWith('admin:')) return forbidden(`only administrators may do ${action}`, action);
  const role = projectId === undefined ? undefined : actor.projectRoles.get(projectId);
  return role === undefined
    ? forbidden(`you have no role in project ${String(projectId)}`, action)
    : forbidden(`the ${role} role may not do ${action}`, action);
}

/** Project ids the actor can read; `null` means all (administrators). */
export function readableProjects(actor: Actor): readonly number[] | null {
  if (actor.isAdmin) return null;
  return [...actor.projectRoles.keys()];
}

export function isScope(value: string): value is Scope {
  return (scopes as readonly string[]).includes(value);
}

export function isProjectRole(value: string): value is ProjectRole {
  return (projectRoles as readonly string[]).includes(value);
}
