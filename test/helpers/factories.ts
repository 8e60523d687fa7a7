/**
 * Builders the suites share: resources are made over HTTP as the administrator (so they go
 * through the real routes, commands and repositories), tokens the way `fieldtest token create`
 * makes them.
 */
import { expect } from 'vitest';
import { issueTokenForEmail } from '../../src/commands/user/save-user.js';
import type { Scope } from '../../src/core/permissions.js';
import type { Client, Response } from './http.js';
import type { TestServer } from './server.js';

export interface Project { id: number; name: string; version: number }
export interface Environment { id: number; key: string; is_primary: boolean; version: number }
export interface Variable { id: number; key: string; type: string; default_value: string }
export interface Variation { id: number; key: string; name: string; variables: Record<string, string> }
export interface RuleOut {
  id: string;
  key: string;
  type: string;
  audience_conditions: string;
  percentage_included: number;
  variations: { variation_key: string; weight: number }[];
  experiment_id: number | null;
}
export interface Ruleset { flag_key: string; environment_key: string; enabled: boolean; default_variation_key: string; rules: RuleOut[]; version: number }
export interface Flag {
  id: number;
  key: string;
  name: string;
  project_id: number;
  variables: Variable[];
  variations: Variation[];
  environments: Record<string, { enabled: boolean; ruleset: Ruleset }>;
  version: number;
}
export interface Experiment {
  id: number;
  project_id: number;
  key: string;
  name: string;
  status: string;
  flag_key: string;
  environment_key: string;
  variations: { variation_id: number; key: string; weight: number }[];
  metrics: { event_id: number; aggregator: string; scope: string; winning_direction: string }[];
  version: number;
}
export interface Audience { id: number; project_id: number; name: string; conditions: string; version: number }
export interface Attribute { id: number; project_id: number; key: string; name: string; version: number }
export interface EventDef { id: number; project_id: number; key: string; name: string; version: number }
export interface ErrorBody { code: string; message: string; uuid: string }

let counter = 0;
/** A key no other call in this process returns. */
export function uniqueKey(prefix: string): string {
  counter += 1;
  return `${prefix}_${counter}_${Math.random().toString(36).slice(2, 7)}`;
}

/** The body of a response that must have `status`; fails with the response text otherwise. */
export function ok<T>(response: Response<T>, status = 200): T {
  expect(response.status, response.text.slice(0, 500)).toBe(status);
  return response.body;
}

/** Asserts a `{code, message, uuid}` error with `status` whose message contains every `mentions`. */
export function expectError(response: Response, status: number, ...mentions: string[]): ErrorBody {
  expect(response.status, response.text.slice(0, 500)).toBe(status);
  const body = response.body as ErrorBody;
  expect(Object.keys(body).sort()).toEqual(['code', 'message', 'uuid']);
  expect(typeof body.code).toBe('string');
  expect(body.uuid).toBe(response.headers.get('x-request-id'));
  for (const m of mentions) expect(body.message).toContain(m);
  return body;
}

export async function buildProject(api: Client, name = uniqueKey('Project')): Promise<Project & { environments: Environment[] }> {
  const project = ok(await api.post<Project>('/v2/projects', { name }), 201);
  const environments = ok(await api.get<Environment[]>(`/v2/environments?project_id=${project.id}`));
  return { ...project, environments };
}

export async function buildFlag(api: Client, projectId: number, body: Record<string, unknown> = {}): Promise<Flag> {
  return ok(await api.post<Flag>(`/flags/v1/projects/${projectId}/flags`, { key: uniqueKey('flag'), ...body }), 201);
}

export async function buildAudience(api: Client, projectId: number, body: Record<string, unknown> = {}): Promise<Audience> {
  return ok(await api.post<Audience>('/v2/audiences', { project_id: projectId, name: uniqueKey('Audience'), ...body }), 201);
}

export async function buildEvent(api: Client, projectId: number, body: Record<string, unknown> = {}): Promise<EventDef> {
  return ok(await api.post<EventDef>('/v2/events', { project_id: projectId, key: uniqueKey('event'), ...body }), 201);
}

export async function buildAttribute(api: Client, projectId: number, body: Record<string, unknown> = {}): Promise<Attribute> {
  return ok(await api.post<Attribute>('/v2/attributes', { project_id: projectId, key: uniqueKey('attr'), ...body }), 201);
}

export async function buildExperiment(api: Client, projectId: number, body: Record<string, unknown> = {}): Promise<Experiment> {
  return ok(await api.post<Experiment>('/v2/experiments', { project_id: projectId, name: uniqueKey('Experiment'), ...body }), 201);
}

/** An a/b test rule body over the flag's default "off"/"on" variations. */
export function abRule(key: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    key,
    type: 'a/b_test',
    percentage_included: 10000,
    variations: [
      { variation_key: 'off', weight: 5000 },
      { variation_key: 'on', weight: 5000 },
    ],
    ...extra,
  };
}

export type RoleName = 'administrator' | 'project_owner' | 'editor' | 'viewer';

/** A personal token the way `fieldtest token create` issues it: the user is created if new. */
export async function tokenFor(
  server: TestServer,
  options: { role: RoleName; projectId?: number; scopes?: Scope[] | null; email?: string },
): Promise<{ secret: string; tokenId: number; userId: number }> {
  const issued = await issueTokenForEmail(
    // Through the server's own connection: it must hear of the change, as a command would tell it.
    { db: server.store.db, clock: () => new Date(), publicUrl: server.url, publish: () => undefined, credentialsChanged: server.app.server.fieldtest.credentialsChanged },
    {
      email: options.email ?? `${uniqueKey(options.role)}@example.com`,
      role: options.role,
      ...(options.projectId === undefined ? {} : { projectId: options.projectId }),
      scopes: options.scopes ?? null,
    },
  );
  return { secret: issued.secret, tokenId: issued.token.id, userId: issued.token.userId };
}
