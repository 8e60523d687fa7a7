/**
 * A project with a running A/B experiment (control/treatment) on a flag, two conversion events
 * and the experiment's metrics on them — built over HTTP like a user would.
 */
import type { Client } from '../helpers/http.js';
import { buildEvent, buildFlag, buildProject, ok, uniqueKey } from '../helpers/factories.js';
import type { TestServer } from '../helpers/server.js';
import type { ExperimentWindow } from '../../src/store/read/experiment-daily.js';
import { findExperiment } from '../../src/store/repos/experiments.js';

export interface EventsFixture {
  readonly projectId: number;
  readonly sdkKey: string;
  readonly flagKey: string;
  readonly experimentId: number;
  readonly experimentKey: string;
  readonly variations: { readonly control: number; readonly treatment: number };
  readonly events: { readonly purchase: number; readonly signup: number };
  readonly purchaseKey: string;
  readonly signupKey: string;
}

export async function buildEventsFixture(api: Client): Promise<EventsFixture> {
  const project = await buildProject(api);
  const envs = ok(await api.get<{ key: string; sdk_key: string }[]>(`/v2/environments?project_id=${project.id}`));
  const sdkKey = envs.find((e) => e.key === 'production')?.sdk_key;
  if (sdkKey === undefined) throw new Error('no production environment');
  const purchase = await buildEvent(api, project.id, { key: uniqueKey('purchase') });
  const signup = await buildEvent(api, project.id, { key: uniqueKey('signup') });
  const flag = await buildFlag(api, project.id, { variations: [{ key: 'control' }, { key: 'treatment' }] });
  const experimentKey = uniqueKey('exp');
  const ruleset = ok(await api.patch<{ rules: { key: string; experiment_id: number | null }[] }>(`/flags/v1/projects/${project.id}/flags/${flag.key}/environments/production/ruleset`, {
    rules: [{ key: experimentKey, type: 'a/b_test', percentage_included: 10000, variations: [{ variation_key: 'control', weight: 5000 }, { variation_key: 'treatment', weight: 5000 }] }],
  }));
  const experimentId = ruleset.rules[0]?.experiment_id;
  if (experimentId === null || experimentId === undefined) throw new Error('no experiment');
  ok(await api.patch(`/v2/experiments/${experimentId}`, {
    metrics: [
      { event_id: purchase.id, aggregator: 'unique' },
      { event_id: purchase.id, aggregator: 'sum', field: 'revenue' },
      { event_id: signup.id, aggregator: 'count' },
      { event_id: signup.id, aggregator: 'sum', field: 'value' },
    ],
  }));
  ok(await api.post(`/flags/v1/projects/${project.id}/flags/${flag.key}/environments/production/ruleset/enabled`));
  const variationId = (key: string): number => {
    const v = flag.variations.find((x) => x.key === key);
    if (!v) throw new Error(`no variation ${key}`);
    return v.id;
  };
  return {
    projectId: project.id,
    sdkKey,
    flagKey: flag.key,
    experimentId,
    experimentKey,
    variations: { control: variationId('control'), treatment: variationId('treatment') },
    events: { purchase: purchase.id, signup: signup.id },
    purchaseKey: purchase.key,
    signupKey: signup.key,
  };
}

/** The experiment as readExperimentDaily takes it, loaded from the server's database. */
export async function experimentWindow(server: TestServer, experimentId: number): Promise<ExperimentWindow> {
  const e = await findExperiment(server.store.db, experimentId);
  if (!e) throw new Error(`no experiment ${experimentId}`);
  return e;
}

export async function logCount(server: TestServer, projectId: number): Promise<number> {
  const row = await server.store.db.selectFrom('event_log').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow();
  return Number(row.n);
}
