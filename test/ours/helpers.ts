/** Shared steps of the Ours suites: a project with experiment settings, tokens for other roles. */
import { issueTokenForEmail } from '../../src/commands/user/save-user.js';
import type { Client } from '../helpers/http.js';
import type { TestServer } from '../helpers/server.js';

export interface Settings { id: string; projectId: number; environmentKey: string; sdkKey: string; snippetUrl: string; cookieName: string; antiFlickerTimeoutMs: number; version: number }
export interface Variant { id: string; experimentId: string; name: string; isControl: boolean; weight: number; redirectUrl?: string; domModifications: unknown[] }
export interface Experiment {
  id: string; key: string; name: string; status: string; type: string; version: number; trafficAllocation: number;
  winnerVariantId?: string; startedAt?: string; stoppedAt?: string; variants?: Variant[];
  targetingRules: Record<string, unknown>; metrics: { primary?: { eventName: string }; secondary?: { eventName: string }[] };
}
export interface Page<T> { entities: T[]; pagination: { nextCursor?: string; hasMore: boolean } }
export interface ErrorBody { error: string; details: string; requestId: string }

/** A new project and settings bound to its primary environment. */
export async function projectWithSettings(api: Client, name: string): Promise<Settings> {
  const project = await api.post<{ id: number }>('/v2/projects', { name });
  if (project.status !== 201) throw new Error(project.text);
  const settings = await api.post<Settings>('/rest/v1/experiment-settings', { projectId: project.body.id, name: `${name} site`, cookieName: 'ft_vid', antiFlickerTimeoutMs: 2000 });
  if (settings.status !== 201) throw new Error(settings.text);
  return settings.body;
}

/** A token for a user with `role` in the project. */
export async function tokenFor(server: TestServer, email: string, role: string, projectId: number): Promise<string> {
  const issued = await issueTokenForEmail({ db: server.store.db, clock: () => new Date(), publicUrl: '', publish: () => undefined }, { email, role, projectId, scopes: null });
  return issued.secret;
}

export const startable = (settingsId: string, name: string, extra: Record<string, unknown> = {}) => ({
  experimentSettingsId: settingsId,
  name,
  metrics: { primary: { eventName: 'signup' } },
  variants: [
    { name: 'Control', isControl: true, weight: 50 },
    { name: 'Treatment', isControl: false, weight: 50, domModifications: [{ selector: 'h1.hero', action: 'text', value: 'Hello' }] },
  ],
  ...extra,
});
