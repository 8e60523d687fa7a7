/** The role × action table and the token scopes that narrow it (the Optimizely FAQ's roles). */
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { actions, authorize, can, readableProjects, roleAllows, scopeAllows, scopeFor, type Action, type Actor, type ProjectRole, type Scope } from './permissions.js';

const PROJECT = 7;
const OTHER = 8;

function actor(role: ProjectRole | 'administrator' | 'none', scopes: Scope[] | null = null): Actor {
  return {
    userId: 1,
    email: 'a@example.com',
    isAdmin: role === 'administrator',
    projectRoles: new Map(role === 'administrator' || role === 'none' ? [[OTHER, 'viewer' as const]] : [[PROJECT, role]]),
    scopes: scopes === null ? null : new Set(scopes),
    tokenId: 1,
  };
}

/** Which project actions each role has in its project (admin:* and self:* are checked apart). */
const table: Record<ProjectRole | 'administrator' | 'none', readonly Action[]> = {
  administrator: ['project:read', 'project:write', 'flag:read', 'flag:write', 'experiment:read', 'experiment:write', 'experiment:start'],
  project_owner: ['project:read', 'project:write', 'flag:read', 'flag:write', 'experiment:read', 'experiment:write', 'experiment:start'],
  editor: ['project:read', 'project:write', 'flag:read', 'flag:write', 'experiment:read', 'experiment:write'],
  viewer: ['project:read', 'flag:read', 'experiment:read'],
  none: [],
};
const projectActions = actions.filter((a) => !a.startsWith('admin:') && !a.startsWith('self:'));

function denial(fn: () => void): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a denial');
}

describe('roles', () => {
  const cases = (Object.keys(table) as (keyof typeof table)[]).flatMap((role) => projectActions.map((action) => [role, action] as const));

  it.each(cases)('%s may %s in its project: as the table says', (role, action) => {
    const a = actor(role);
    expect(can(a, action, PROJECT)).toBe(table[role].includes(action));
    expect(roleAllows(a, action, PROJECT)).toBe(table[role].includes(action));
  });

  it.each(['project_owner', 'editor', 'viewer'] as const)('%s may do nothing in another project', (role) => {
    for (const action of projectActions) expect(can(actor(role), action, OTHER + 1)).toBe(false);
  });

  it('lets administrators do everything everywhere, and only them the admin actions', () => {
    for (const action of actions) expect(can(actor('administrator'), action, 12345)).toBe(true);
    for (const role of ['project_owner', 'editor', 'viewer', 'none'] as const) {
      expect(can(actor(role), 'admin:projects')).toBe(false);
      expect(can(actor(role), 'admin:users')).toBe(false);
      expect(can(actor(role), 'admin:oauth_clients')).toBe(false);
      expect(can(actor(role), 'self:tokens')).toBe(true);
      expect(can(actor(role), 'self:oauth_grants')).toBe(true);
    }
  });

  it('needs a project for project actions', () => {
    expect(can(actor('project_owner'), 'flag:read')).toBe(false);
  });

  it('names the reason in the forbidden error', () => {
    expect(denial(() => authorize(actor('editor'), 'experiment:start', PROJECT)).message).toContain('may not start experiments');
    expect(denial(() => authorize(actor('viewer'), 'flag:write', PROJECT)).message).toBe('the viewer role may not do flag:write');
    expect(denial(() => authorize(actor('none'), 'flag:read', PROJECT)).message).toBe(`you have no role in project ${PROJECT}`);
    const admin = denial(() => authorize(actor('editor'), 'admin:users'));
    expect(admin.kind).toBe('forbidden');
    expect(admin.missing).toBe('admin:users');
  });

  it('lists the projects an actor can read', () => {
    expect(readableProjects(actor('administrator'))).toBeNull();
    expect(readableProjects(actor('editor'))).toEqual([PROJECT]);
    expect(readableProjects(actor('none'))).toEqual([OTHER]);
  });
});

describe('scopes', () => {
  it('maps every action to the scope a token needs for it', () => {
    expect(Object.fromEntries(actions.map((a) => [a, scopeFor(a)]))).toEqual({
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
    });
  });

  it('allows everything with no scopes or *, and a write scope implies its read scope', () => {
    for (const action of actions) {
      expect(scopeAllows({ scopes: null }, action)).toBe(true);
      expect(scopeAllows({ scopes: new Set<Scope>(['*']) }, action)).toBe(true);
    }
    const flagWriter = { scopes: new Set<Scope>(['flag:write']) };
    expect(actions.filter((a) => scopeAllows(flagWriter, a))).toEqual(['flag:read', 'flag:write', 'self:tokens', 'self:oauth_grants']);
    const reader = { scopes: new Set<Scope>(['experiment:read']) };
    expect(actions.filter((a) => scopeAllows(reader, a))).toEqual(['experiment:read', 'self:tokens', 'self:oauth_grants']);
  });

  it('only narrows: a scope never adds to what the role allows', () => {
    expect(can(actor('viewer', ['*']), 'flag:write', PROJECT)).toBe(false);
    expect(can(actor('administrator', ['flag:read']), 'flag:write', PROJECT)).toBe(false);
    expect(can(actor('administrator', ['flag:read']), 'flag:read', PROJECT)).toBe(true);
  });

  it('names the missing scope', () => {
    const error = denial(() => authorize(actor('administrator', ['flag:read']), 'experiment:start', PROJECT));
    expect(error.message).toBe('this token lacks the scope experiment:write, which experiment:start requires');
    expect(error.missing).toBe('experiment:write');
  });
});
