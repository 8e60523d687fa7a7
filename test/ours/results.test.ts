/**
 * Ours Privacy results and results-time-series from the core results service: impressions,
 * conversions, rate and P(best) checked in closed form, the eventName override, the daily series
 * with its startDate/endDate clamping and 400s, and the results rate limit. The server runs on a
 * clock the test sets, so the run spans several UTC days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases } from '../helpers/databases.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { client, type Client } from '../helpers/http.js';
import { expectContract } from '../helpers/contract.js';
import { conversion, exposure, seedEvents, type SeedEvent } from '../helpers/events.js';
import { probabilityBBeatsA } from '../helpers/closed-form.js';
import { projectWithSettings, startable, type ErrorBody, type Experiment, type Settings } from './helpers.js';

interface Results { variants: { id: string; name: string; isControl: boolean; impressions: number; conversions: number; conversionRate: number; probabilityToBeBest: number }[] }
interface Series { days: { date: string; variants: { id: string; impressions: number; conversions: number; conversionRate: number }[] }[] }

const T0 = Date.parse('2031-05-01T10:00:00.000Z');
const DAY2 = Date.parse('2031-05-02T09:00:00.000Z');
const NOW = Date.parse('2031-05-04T12:00:00.000Z');

describe.each(databases)('Ours Privacy results on %s', (engine) => {
  let now = T0;
  let server: TestServer;
  let api: Client;
  let settings: Settings;
  let experiment: Experiment;
  let controlId: string;
  let treatmentId: string;

  beforeAll(async () => {
    server = await startServer(engine, {}, {}, { clock: () => new Date(now) });
    api = client(server.url, server.adminToken);
    settings = await projectWithSettings(api, 'Ours results');
    const created = await api.post<Experiment>('/rest/v1/experiments', startable(settings.id, 'Hero'));
    expect(created.status).toBe(201);
    experiment = created.body;
    controlId = experiment.variants!.find((v) => v.isControl)!.id;
    treatmentId = experiment.variants!.find((v) => !v.isControl)!.id;
  });
  afterAll(async () => server.close());

  const results = async (query = '') => {
    const res = await api.get<Results>(`/rest/v1/experiments/${experiment.id}/results${query}`);
    expectContract('ours', 'getExperimentResults', res, 200);
    return res.body;
  };
  const series = async (query = '') => {
    const res = await api.get<Series>(`/rest/v1/experiments/${experiment.id}/results-time-series${query}`);
    expectContract('ours', 'getExperimentResultsTimeSeries', res, 200);
    return res.body;
  };
  const byId = (r: Results) => Object.fromEntries(r.variants.map((v) => [v.id, v]));

  it('shows every variant with zeros before the experiment starts', async () => {
    const r = await results();
    expect(r.variants.map((v) => [v.name, v.isControl, v.impressions, v.conversions, v.conversionRate, v.probabilityToBeBest])).toEqual([
      ['Control', true, 0, 0, 0, 0.5],
      ['Treatment', false, 0, 0, 0, 0.5],
    ]);
    expect((await series()).days).toEqual([]);
  });

  it('counts impressions and conversions per variant, with P(best) from the exact Beta formula', async () => {
    expect((await api.post(`/rest/v1/experiments/${experiment.id}/start`, {})).status).toBe(200);
    const core = (await api.get<{ id: number; key: string; variations: { variation_id: number; name: string }[] }[]>(`/v2/experiments?project_id=${settings.projectId}`)).body.find((e) => e.key === experiment.key)!;
    const { body: events } = await api.get<{ id: number; key: string }[]>(`/v2/events?project_id=${settings.projectId}`);
    const signup = events.find((e) => e.key === 'signup')!;
    const click = await api.post<{ id: number; key: string }>('/v2/events', { project_id: settings.projectId, key: 'click' });
    const id = (name: string) => core.variations.find((v) => v.name === name)!.variation_id;
    const raw: SeedEvent[] = [];
    // Day 1: 500 visitors per variant, 50 and 70 sign up; day 2: 300 more each, 30 and 40 sign up.
    for (const [at, visitors, control, treatment] of [[T0 + 3_600_000, 500, 50, 70], [DAY2, 300, 30, 40]] as const) {
      for (let i = 0; i < visitors; i++) {
        const c = `c-${at}-${i}`;
        const t = `t-${at}-${i}`;
        raw.push(exposure(settings.projectId, c, core.id, id('Control'), at), exposure(settings.projectId, t, core.id, id('Treatment'), at));
        if (i < control) raw.push(conversion(settings.projectId, c, signup, at + 1000));
        if (i < treatment) raw.push(conversion(settings.projectId, t, signup, at + 1000));
        if (i < 5) raw.push(conversion(settings.projectId, t, click.body, at + 2000));
      }
    }
    await seedEvents(server, raw);
    now = NOW;

    const r = byId(await results());
    expect(r[controlId]).toMatchObject({ impressions: 800, conversions: 80, conversionRate: 0.1 });
    expect(r[treatmentId]).toMatchObject({ impressions: 800, conversions: 110, conversionRate: 0.1375 });
    expect(r[treatmentId]!.probabilityToBeBest).toBeCloseTo(probabilityBBeatsA(81, 721, 111, 691), 4);
    expect(r[controlId]!.probabilityToBeBest + r[treatmentId]!.probabilityToBeBest).toBeCloseTo(1, 6);

    const clicks = byId(await results('?eventName=click'));
    expect([clicks[controlId]!.conversions, clicks[treatmentId]!.conversions]).toEqual([0, 10]);
    const unknown = await api.get<ErrorBody>(`/rest/v1/experiments/${experiment.id}/results?eventName=nope`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toContain('eventName');
    expect((await api.get<ErrorBody>('/rest/v1/experiments/exp_missing/results')).status).toBe(404);
  });

  it('gives one entry per UTC day with what that day added', async () => {
    const all = await series();
    expect(all.days.map((d) => d.date)).toEqual(['2031-05-01', '2031-05-02', '2031-05-03', '2031-05-04']);
    const treatment = all.days.map((d) => d.variants.find((v) => v.id === treatmentId)!);
    expect(treatment.map((v) => [v.impressions, v.conversions])).toEqual([[500, 70], [300, 40], [0, 0], [0, 0]]);
    expect(treatment[0]!.conversionRate).toBeCloseTo(0.14, 12);
    expect(treatment[2]!.conversionRate).toBe(0);
    const narrowed = await series('?startDate=2031-05-02&endDate=2031-05-03');
    expect(narrowed.days.map((d) => d.date)).toEqual(['2031-05-02', '2031-05-03']);
    // Bounds outside the run are clamped to it, silently.
    const clamped = await series('?startDate=2031-01-01&endDate=2031-12-31');
    expect(clamped.days.map((d) => d.date)).toEqual(['2031-05-01', '2031-05-02', '2031-05-03', '2031-05-04']);
    const clicks = await series('?eventName=click&endDate=2031-05-01');
    expect(clicks.days).toHaveLength(1);
    expect(clicks.days[0]!.variants.find((v) => v.id === treatmentId)).toMatchObject({ impressions: 500, conversions: 5 });
  });

  it.each([
    ['a window over 366 days', '?startDate=2030-01-01&endDate=2031-01-02', 'endDate'],
    ['an end before the start', '?startDate=2031-05-03&endDate=2031-05-02', 'endDate'],
    ['a day that does not exist', '?startDate=2031-02-30', 'startDate'],
    ['a malformed day', '?endDate=2031-5-4', 'endDate'],
  ])('answers 400 in {error, details} for %s', async (_name, query, field) => {
    const res = await api.get<ErrorBody>(`/rest/v1/experiments/${experiment.id}/results-time-series${query}`);
    expectContract('ours', 'getExperimentResultsTimeSeries', res, 400);
    expect(res.body.error).toBe('invalid');
    expect(res.body.details).toContain(field);
  });

  it('accepts exactly 366 days', async () => {
    expect((await series('?startDate=2031-01-01&endDate=2032-01-01')).days).toHaveLength(4);
  });
});

describe.each(databases)('the Ours results rate limit on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(engine, {}, { RATE_LIMIT_RESULTS_PER_MINUTE: '3' }, { clock: () => new Date('2031-06-01T10:00:05.000Z') });
  });
  afterAll(async () => server.close());

  it('counts results and results-time-series together', async () => {
    const api = client(server.url, server.adminToken);
    const settings = await projectWithSettings(api, 'Limited');
    const { body: e } = await api.post<Experiment>('/rest/v1/experiments', startable(settings.id, 'Limited'));
    expect((await api.get(`/rest/v1/experiments/${e.id}/results`)).status).toBe(200);
    expect((await api.get(`/rest/v1/experiments/${e.id}/results-time-series`)).status).toBe(200);
    expect((await api.get(`/rest/v1/experiments/${e.id}/results`)).status).toBe(200);
    const limited = await api.get<ErrorBody>(`/rest/v1/experiments/${e.id}/results-time-series`);
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('rate_limited');
    expect((await api.get(`/rest/v1/experiments/${e.id}`)).status).toBe(200);
  });
});
