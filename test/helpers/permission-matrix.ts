/**
 * The role × operation matrix of the Optimizely dialect (permissions.test.ts runs it), and a
 * reader of the server's route table so the test can prove the matrix covers every route.
 *
 * Each operation builds, as the administrator, a fresh resource to act on, so that whether the
 * call is allowed is the only thing that varies between roles.
 */
import { expect } from 'vitest';
import { insertTokenFor } from '../../src/commands/user/issue-token.js';
import type { Client, Response } from './http.js';
import type { TestServer } from './server.js';
import { oauthOperations } from './permission-matrix-oauth.js';
import { abRule, buildAttribute, buildAudience, buildEvent, buildExperiment, buildFlag, ok, uniqueKey, type Environment, type Project } from './factories.js';

export const roles = ['administrator', 'project_owner', 'editor', 'viewer', 'none'] as const;
export type Role = (typeof roles)[number];

export interface Actor { role: Role; email: string; token: string; userId: number; api: Client }
export interface Fixtures { admin: Client; project: Project & { environments: Environment[] }; server: TestServer; actors: Map<Role, Actor> }

export interface Operation {
  method: string;
  /** The route as Fastify registered it. */
  route: string;
  label: string;
  allowed: readonly Role[];
  build(fx: Fixtures, actor: Actor): Promise<{ path: string; body?: unknown }>;
  /** What a denial's message must say, per role. */
  mentions?: Partial<Record<Role, string>>;
  check?(fx: Fixtures, actor: Actor, res: Response): Promise<void> | void;
}

const ALL = roles;
const READ: Role[] = ['administrator', 'project_owner', 'editor', 'viewer'];
const WRITE: Role[] = ['administrator', 'project_owner', 'editor'];
const START: Role[] = ['administrator', 'project_owner'];
const ADMIN: Role[] = ['administrator'];
const startMention = { editor: 'may not start experiments' };

const at = (path: string, body?: unknown) => Promise.resolve(body === undefined ? { path } : { path, body });
const pid = (fx: Fixtures) => fx.project.id;
const delivery = () => ({ key: uniqueKey('td'), type: 'targeted_delivery', variations: [{ variation_key: 'on' }] });

async function otherUser(fx: Fixtures): Promise<number> {
  return ok(await fx.admin.post<{ id: number }>('/v2/users', { email: `${uniqueKey('other')}@example.com` }), 201).id;
}

async function experimentIn(fx: Fixtures, statuses: string[]): Promise<number> {
  const e = await buildExperiment(fx.admin, pid(fx));
  for (const status of statuses) ok(await fx.admin.patch(`/v2/experiments/${e.id}`, { status }));
  return e.id;
}

function flagOperations(base: '/flags/v1' | '/v2'): Operation[] {
  const flags = `${base}/projects/:project_id/flags`;
  const ruleset = `${flags}/:flag_key/environments/:environment_key/ruleset`;
  const flagsOf = (fx: Fixtures) => `${base}/projects/${pid(fx)}/flags`;
  /** A fresh flag, its ruleset in production set by the administrator first. */
  const flag = async (fx: Fixtures, setup?: Record<string, unknown>) => {
    const f = await buildFlag(fx.admin, pid(fx));
    if (setup) ok(await fx.admin.patch(`${flagsOf(fx)}/${f.key}/environments/production/ruleset`, setup));
    return `${flagsOf(fx)}/${f.key}`;
  };
  return [
    { method: 'GET', route: flags, label: 'list flags', allowed: READ, build: (fx) => at(flagsOf(fx)) },
    { method: 'POST', route: flags, label: 'create a flag', allowed: WRITE, build: (fx) => at(flagsOf(fx), { key: uniqueKey('new') }) },
    { method: 'GET', route: `${flags}/:flag_key`, label: 'read a flag', allowed: READ, build: async (fx) => at(await flag(fx)) },
    { method: 'PATCH', route: `${flags}/:flag_key`, label: 'update a flag', allowed: WRITE, build: async (fx) => at(await flag(fx), { name: 'renamed' }) },
    { method: 'DELETE', route: `${flags}/:flag_key`, label: 'delete a flag', allowed: WRITE, build: async (fx) => at(await flag(fx)) },
    { method: 'GET', route: ruleset, label: 'read a ruleset', allowed: READ, build: async (fx) => at(`${await flag(fx)}/environments/production/ruleset`) },
    {
      method: 'PATCH', route: ruleset, label: 'write deliveries in a disabled ruleset', allowed: WRITE,
      build: async (fx) => at(`${await flag(fx)}/environments/production/ruleset`, { rules: [delivery()], default_variation_key: 'on' }),
    },
    {
      method: 'PATCH', route: ruleset, label: 'write an a/b test in a disabled ruleset', allowed: WRITE,
      build: async (fx) => at(`${await flag(fx)}/environments/production/ruleset`, { rules: [abRule(uniqueKey('ab'))] }),
    },
    {
      method: 'PATCH', route: ruleset, label: 'add an a/b test to an enabled ruleset (starts it)', allowed: START, mentions: startMention,
      build: async (fx) => at(`${await flag(fx, { rules: [delivery()], enabled: true })}/environments/production/ruleset`, { rules: [delivery(), abRule(uniqueKey('ab'))] }),
    },
    {
      method: 'PATCH', route: ruleset, label: 'enable a ruleset with an a/b test in the body', allowed: START, mentions: startMention,
      build: async (fx) => at(`${await flag(fx, { rules: [abRule(uniqueKey('ab'))] })}/environments/production/ruleset`, { enabled: true }),
    },
    {
      method: 'POST', route: `${ruleset}/enabled`, label: 'enable a ruleset of deliveries', allowed: WRITE,
      build: async (fx) => at(`${await flag(fx, { rules: [delivery()] })}/environments/production/ruleset/enabled`),
    },
    {
      method: 'POST', route: `${ruleset}/enabled`, label: 'enable a ruleset with an a/b test (starts it)', allowed: START, mentions: startMention,
      build: async (fx) => at(`${await flag(fx, { rules: [abRule(uniqueKey('ab'))] })}/environments/production/ruleset/enabled`),
      check: async (fx, _actor, res) => {
        const id = (res.body as { rules: { experiment_id: number }[] }).rules[0]?.experiment_id;
        expect(ok(await fx.admin.get<{ status: string }>(`/v2/experiments/${id}`)).status).toBe('active');
      },
    },
    {
      method: 'POST', route: `${ruleset}/disabled`, label: 'disable a ruleset with a running a/b test', allowed: WRITE,
      build: async (fx) => at(`${await flag(fx, { rules: [abRule(uniqueKey('ab'))], enabled: true })}/environments/production/ruleset/disabled`),
    },
  ];
}

const groupPath = async (fx: Fixtures) => `/v2/groups/${ok(await fx.admin.post<{ id: number }>('/v2/groups', { project_id: pid(fx), name: uniqueKey('G') }), 201).id}`;
const holdoutPath = async (fx: Fixtures) => `/v2/holdouts/${ok(await fx.admin.post<{ id: number }>('/v2/holdouts', { project_id: pid(fx), key: uniqueKey('ho'), percentage_included: 500 }), 201).id}`;
const experimentPath = async (fx: Fixtures, statuses: string[] = []) => `/v2/experiments/${await experimentIn(fx, statuses)}`;

export const operations: readonly Operation[] = [
  {
    method: 'GET', route: '/v2/projects', label: 'list projects (only those one has a role in)', allowed: ALL, build: () => at('/v2/projects?per_page=100'),
    check: (fx, actor, res) => {
      const ids = (res.body as { id: number }[]).map((p) => p.id);
      if (actor.role === 'none') expect(ids).not.toContain(pid(fx));
      else expect(ids).toContain(pid(fx));
    },
  },
  { method: 'POST', route: '/v2/projects', label: 'create a project', allowed: ADMIN, mentions: { project_owner: 'admin:projects', editor: 'admin:projects', viewer: 'admin:projects' }, build: () => at('/v2/projects', { name: uniqueKey('P') }) },
  { method: 'GET', route: '/v2/projects/:project_id', label: 'read a project', allowed: READ, build: (fx) => at(`/v2/projects/${pid(fx)}`) },
  { method: 'PATCH', route: '/v2/projects/:project_id', label: 'update a project', allowed: WRITE, build: (fx) => at(`/v2/projects/${pid(fx)}`, { description: uniqueKey('d') }) },

  { method: 'GET', route: '/v2/environments', label: 'list environments', allowed: READ, build: (fx) => at(`/v2/environments?project_id=${pid(fx)}`) },
  { method: 'POST', route: '/v2/environments', label: 'create an environment', allowed: WRITE, build: (fx) => at('/v2/environments', { project_id: pid(fx), key: uniqueKey('env') }) },
  { method: 'GET', route: '/v2/environments/:environment_id', label: 'read an environment', allowed: READ, build: (fx) => at(`/v2/environments/${fx.project.environments[0]?.id}`) },
  { method: 'PATCH', route: '/v2/environments/:environment_id', label: 'update an environment', allowed: WRITE, build: (fx) => at(`/v2/environments/${fx.project.environments[1]?.id}`, { name: uniqueKey('Dev') }) },

  ...flagOperations('/flags/v1'),
  ...flagOperations('/v2'),

  { method: 'GET', route: '/v2/experiments', label: 'list experiments', allowed: READ, build: (fx) => at(`/v2/experiments?project_id=${pid(fx)}`) },
  { method: 'POST', route: '/v2/experiments', label: 'create an experiment', allowed: WRITE, build: (fx) => at('/v2/experiments', { project_id: pid(fx), name: uniqueKey('E') }) },
  { method: 'POST', route: '/v2/experiments', label: 'create a running experiment (starts it)', allowed: START, mentions: startMention, build: (fx) => at('/v2/experiments', { project_id: pid(fx), name: uniqueKey('E'), status: 'active' }) },
  { method: 'GET', route: '/v2/experiments/:experiment_id', label: 'read an experiment', allowed: READ, build: async (fx) => at(await experimentPath(fx)) },
  { method: 'PATCH', route: '/v2/experiments/:experiment_id', label: 'rename an experiment', allowed: WRITE, build: async (fx) => at(await experimentPath(fx), { name: 'renamed' }) },
  { method: 'PATCH', route: '/v2/experiments/:experiment_id', label: 'start an experiment', allowed: START, mentions: startMention, build: async (fx) => at(await experimentPath(fx), { status: 'active' }) },
  { method: 'PATCH', route: '/v2/experiments/:experiment_id', label: 'start an experiment (FAQ word)', allowed: START, mentions: startMention, build: async (fx) => at(await experimentPath(fx), { status: 'Running' }) },
  { method: 'PATCH', route: '/v2/experiments/:experiment_id', label: 'pause a running experiment', allowed: WRITE, build: async (fx) => at(await experimentPath(fx, ['active']), { status: 'paused' }) },
  { method: 'PATCH', route: '/v2/experiments/:experiment_id', label: 'resume a paused experiment (starts traffic)', allowed: START, mentions: startMention, build: async (fx) => at(await experimentPath(fx, ['active', 'paused']), { status: 'active' }) },
  { method: 'PATCH', route: '/v2/experiments/:experiment_id', label: 'archive a running experiment', allowed: WRITE, build: async (fx) => at(await experimentPath(fx, ['active']), { status: 'archived' }) },
  { method: 'DELETE', route: '/v2/experiments/:experiment_id', label: 'delete an experiment', allowed: WRITE, build: async (fx) => at(await experimentPath(fx)) },
  { method: 'GET', route: '/v2/experiments/:experiment_id/results', label: 'read results (204 without data)', allowed: READ, build: async (fx) => at(`${await experimentPath(fx)}/results`) },
  { method: 'GET', route: '/v2/experiments/:experiment_id/timeseries', label: 'read the results time series', allowed: READ, build: async (fx) => at(`${await experimentPath(fx)}/timeseries`) },

  { method: 'GET', route: '/v2/audiences', label: 'list audiences', allowed: READ, build: (fx) => at(`/v2/audiences?project_id=${pid(fx)}`) },
  { method: 'POST', route: '/v2/audiences', label: 'create an audience', allowed: WRITE, build: (fx) => at('/v2/audiences', { project_id: pid(fx), name: uniqueKey('A') }) },
  { method: 'GET', route: '/v2/audiences/:audience_id', label: 'read an audience', allowed: READ, build: async (fx) => at(`/v2/audiences/${(await buildAudience(fx.admin, pid(fx))).id}`) },
  { method: 'PATCH', route: '/v2/audiences/:audience_id', label: 'update an audience', allowed: WRITE, build: async (fx) => at(`/v2/audiences/${(await buildAudience(fx.admin, pid(fx))).id}`, { name: 'renamed' }) },

  { method: 'GET', route: '/v2/attributes', label: 'list attributes', allowed: READ, build: (fx) => at(`/v2/attributes?project_id=${pid(fx)}`) },
  { method: 'POST', route: '/v2/attributes', label: 'create an attribute', allowed: WRITE, build: (fx) => at('/v2/attributes', { project_id: pid(fx), key: uniqueKey('attr') }) },
  { method: 'GET', route: '/v2/attributes/:attribute_id', label: 'read an attribute', allowed: READ, build: async (fx) => at(`/v2/attributes/${(await buildAttribute(fx.admin, pid(fx))).id}`) },
  { method: 'PATCH', route: '/v2/attributes/:attribute_id', label: 'update an attribute', allowed: WRITE, build: async (fx) => at(`/v2/attributes/${(await buildAttribute(fx.admin, pid(fx))).id}`, { name: 'renamed' }) },

  { method: 'GET', route: '/v2/groups', label: 'list groups', allowed: READ, build: (fx) => at(`/v2/groups?project_id=${pid(fx)}`) },
  { method: 'POST', route: '/v2/groups', label: 'create a group', allowed: WRITE, build: async (fx) => at('/v2/groups', { project_id: pid(fx), name: uniqueKey('G'), entities: [{ id: await experimentIn(fx, []), weight: 5000 }] }) },
  { method: 'GET', route: '/v2/groups/:group_id', label: 'read a group', allowed: READ, build: async (fx) => at(await groupPath(fx)) },
  { method: 'PATCH', route: '/v2/groups/:group_id', label: 'update a group', allowed: WRITE, build: async (fx) => at(await groupPath(fx), { name: 'renamed' }) },
  { method: 'DELETE', route: '/v2/groups/:group_id', label: 'delete a group', allowed: WRITE, build: async (fx) => at(await groupPath(fx)) },
  { method: 'GET', route: '/v2/holdouts', label: 'list holdouts', allowed: READ, build: (fx) => at(`/v2/holdouts?project_id=${pid(fx)}`) },
  { method: 'POST', route: '/v2/holdouts', label: 'create a paused holdout', allowed: WRITE, build: (fx) => at('/v2/holdouts', { project_id: pid(fx), key: uniqueKey('ho'), percentage_included: 500 }) },
  { method: 'POST', route: '/v2/holdouts', label: 'create a running holdout (holds traffic back)', allowed: START, mentions: startMention, build: (fx) => at('/v2/holdouts', { project_id: pid(fx), key: uniqueKey('ho'), percentage_included: 500, status: 'running' }) },
  { method: 'GET', route: '/v2/holdouts/:holdout_id', label: 'read a holdout', allowed: READ, build: async (fx) => at(await holdoutPath(fx)) },
  { method: 'PATCH', route: '/v2/holdouts/:holdout_id', label: 'update a holdout', allowed: WRITE, build: async (fx) => at(await holdoutPath(fx), { percentage_included: 100 }) },
  { method: 'PATCH', route: '/v2/holdouts/:holdout_id', label: 'run a paused holdout', allowed: START, mentions: startMention, build: async (fx) => at(await holdoutPath(fx), { status: 'running' }) },
  { method: 'DELETE', route: '/v2/holdouts/:holdout_id', label: 'delete a holdout', allowed: WRITE, build: async (fx) => at(await holdoutPath(fx)) },
  { method: 'GET', route: '/v2/events', label: 'list events', allowed: READ, build: (fx) => at(`/v2/events?project_id=${pid(fx)}`) },
  { method: 'POST', route: '/v2/events', label: 'create an event', allowed: WRITE, build: (fx) => at('/v2/events', { project_id: pid(fx), key: uniqueKey('ev') }) },
  { method: 'GET', route: '/v2/events/:event_id', label: 'read an event', allowed: READ, build: async (fx) => at(`/v2/events/${(await buildEvent(fx.admin, pid(fx))).id}`) },
  { method: 'PATCH', route: '/v2/events/:event_id', label: 'update an event', allowed: WRITE, build: async (fx) => at(`/v2/events/${(await buildEvent(fx.admin, pid(fx))).id}`, { name: 'renamed' }) },

  { method: 'GET', route: '/v2/features', label: 'list features', allowed: READ, build: (fx) => at(`/v2/features?project_id=${pid(fx)}`) },
  { method: 'GET', route: '/v2/features/:feature_id', label: 'read a feature', allowed: READ, build: async (fx) => at(`/v2/features/${(await buildFlag(fx.admin, pid(fx))).id}`) },

  { method: 'GET', route: '/v2/tokens', label: 'list one’s own tokens', allowed: ALL, build: () => at('/v2/tokens') },
  { method: 'GET', route: '/v2/tokens', label: 'list another user’s tokens', allowed: ADMIN, build: async (fx) => at(`/v2/tokens?user_id=${await otherUser(fx)}`) },
  { method: 'POST', route: '/v2/tokens', label: 'create a token for oneself', allowed: ALL, build: () => at('/v2/tokens', { name: uniqueKey('t') }) },
  { method: 'POST', route: '/v2/tokens', label: 'create a token for another user', allowed: ADMIN, build: async (fx) => at('/v2/tokens', { name: uniqueKey('t'), user_id: await otherUser(fx) }) },
  {
    method: 'DELETE', route: '/v2/tokens/:token_id', label: 'revoke one’s own token', allowed: ALL,
    build: async (fx, actor) => at(`/v2/tokens/${(await insertTokenFor(fx.server.store.db, actor.userId, { name: 'spare', scopes: null, expiresAt: null }, new Date().toISOString())).token.id}`),
  },
  {
    method: 'DELETE', route: '/v2/tokens/:token_id', label: 'revoke another user’s token', allowed: ADMIN,
    build: async (fx) => at(`/v2/tokens/${(await insertTokenFor(fx.server.store.db, await otherUser(fx), { name: 'theirs', scopes: null, expiresAt: null }, new Date().toISOString())).token.id}`),
  },

  { method: 'POST', route: '/v2/users', label: 'create a user', allowed: ADMIN, mentions: { project_owner: 'admin:users', editor: 'admin:users', viewer: 'admin:users' }, build: () => at('/v2/users', { email: `${uniqueKey('u')}@example.com` }) },
  { method: 'GET', route: '/v2/users/me', label: 'read oneself', allowed: ALL, build: () => at('/v2/users/me'), check: (_fx, actor, res) => expect((res.body as { email: string }).email).toBe(actor.email) },
  { method: 'GET', route: '/v2/users/:user_id', label: 'read oneself by id', allowed: ALL, build: (_fx, actor) => at(`/v2/users/${actor.userId}`) },
  { method: 'GET', route: '/v2/users/:user_id', label: 'read another user', allowed: ADMIN, build: async (fx) => at(`/v2/users/${await otherUser(fx)}`) },
  { method: 'PATCH', route: '/v2/users/:user_id', label: 'update a user’s roles', allowed: ADMIN, build: async (fx) => at(`/v2/users/${await otherUser(fx)}`, { project_roles: [{ project_id: pid(fx), role: 'viewer' }] }) },
  ...oauthOperations,
];

export interface RegisteredRoute { method: string; path: string; permission?: string; public?: boolean }

/** Reads `printRoutes({ commonPrefix: false, includeMeta: ['permission', 'public'] })` into routes (HEAD left out). */
export function matrixRoutes(table: string): RegisteredRoute[] {
  const out: RegisteredRoute[] = [];
  const stack: { col: number; path: string }[] = [];
  let current: RegisteredRoute[] = [];
  for (const line of table.split('\n')) {
    const col = line.search(/[^│├└─\s]/u);
    if (col < 0) continue;
    const text = line.slice(col);
    const meta = /^• \((\w+)\) (.+)$/u.exec(text);
    if (meta) {
      const value: unknown = JSON.parse(meta[2] as string);
      for (const route of current) Object.assign(route, { [meta[1] as string]: value });
      continue;
    }
    const match = /^(.*) \(([A-Z, ]+)\)$/.exec(text);
    if (!match) throw new Error(`unreadable route line: ${line}`);
    while (stack.length && (stack[stack.length - 1]?.col ?? 0) >= col) stack.pop();
    const path = (stack[stack.length - 1]?.path ?? '') + (match[1] as string);
    stack.push({ col, path });
    current = (match[2] as string).split(', ').filter((m) => m !== 'HEAD').map((method) => ({ method, path }));
    out.push(...current);
  }
  return out;
}
