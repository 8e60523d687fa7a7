/** Parsing the two batch formats: what is accepted, how it is read, and which field an error names. */
import { describe, expect, it } from 'vitest';
import { parseOptimizelyBatch } from './optimizely-batch.js';
import { parseNativeBatch } from './native-batch.js';

const ts = 1_767_225_600_000;
const impression = (uuid: string, decision: Record<string, unknown> = { campaign_id: '90001', experiment_id: '90001', variation_id: '60002' }) => ({
  decisions: [decision],
  events: [{ entity_id: decision.campaign_id ?? null, key: 'campaign_activated', timestamp: ts, uuid }],
});

function batch(visitors: unknown[], extra: Record<string, unknown> = {}) {
  return { account_id: '10000001', project_id: '20000001', revision: '7', visitors, ...extra };
}

describe('parseOptimizelyBatch', () => {
  it('reads impressions with their decision and conversions with value and revenue', () => {
    const parsed = parseOptimizelyBatch(batch([
      { visitor_id: 'user-1', attributes: [{ entity_id: '30001', key: 'country', type: 'custom', value: 'US' }], snapshots: [impression('u1')] },
      { visitor_id: 'user-1', snapshots: [{ events: [{ entity_id: '40001', key: 'purchase', timestamp: ts + 1, uuid: 'u2', tags: { revenue: 4200, value: 1.5 }, value: 1.5, revenue: 4200 }] }] },
    ]));
    expect(parsed.projectId).toBe(20000001);
    expect(parsed.events).toEqual([
      { uuid: 'u1', kind: 'exposure', visitorId: 'user-1', timestamp: ts, attributes: { country: 'US' }, experiment: { id: 90001 }, variation: { id: 60002 }, eventId: null, eventKey: null, value: null, revenue: null },
      { uuid: 'u2', kind: 'conversion', visitorId: 'user-1', timestamp: ts + 1, attributes: null, experiment: null, variation: null, eventId: 40001, eventKey: 'purchase', value: 1.5, revenue: 4200 },
    ]);
  });

  it('accepts what older SDKs send: "" variation ids, null campaigns, no project_id, values only in tags', () => {
    const parsed = parseOptimizelyBatch({ account_id: '1', visitors: [
      { visitor_id: 'a', snapshots: [impression('x', { campaign_id: null, experiment_id: '', variation_id: '' })] },
      { visitor_id: 'b', snapshots: [impression('y', { campaign_id: 'rollout-1-2', experiment_id: 'default-rollout-1-2', variation_id: '61000' })] },
      { visitor_id: 'c', session_id: 5, snapshots: [{ events: [{ key: 'buy', timestamp: ts, uuid: 'z', tags: { revenue: '42.7', value: '1.5e2' } }] }] },
    ] });
    expect(parsed.projectId).toBeNull();
    expect(parsed.events.map((e) => [e.experiment, e.variation])).toEqual([[null, null], [null, { id: 61000 }], [null, null]]);
    expect(parsed.events[2]).toMatchObject({ kind: 'conversion', eventId: null, eventKey: 'buy', revenue: 42, value: 150 });
  });

  it('names the field that is wrong', () => {
    expect(() => parseOptimizelyBatch(batch([{ visitor_id: 'a', snapshots: [{ events: [{ key: 'buy', timestamp: ts }] }] }]))).toThrow('visitors[0].snapshots[0].events[0].uuid');
    expect(() => parseOptimizelyBatch(batch([{ visitor_id: 'a', snapshots: [{ events: [{ key: 'buy', uuid: 'u', timestamp: ts, value: Infinity }] }] }]))).toThrow('visitors[0].snapshots[0].events[0].value');
    expect(() => parseOptimizelyBatch(batch([{ visitor_id: 'a', snapshots: [{ events: [{ uuid: 'u', timestamp: ts }] }] }]))).toThrow('events[0].key');
    expect(() => parseOptimizelyBatch(batch([], { project_id: 'abc' }))).toThrow('project_id');
    expect(() => parseOptimizelyBatch({ account_id: '1' })).toThrow('visitors: must be an array');
    expect(() => parseOptimizelyBatch([])).toThrow('body: must be an object');
  });

  it('refuses more than 10,000 events as too large', () => {
    const events = Array.from({ length: 10_001 }, (_, i) => ({ key: 'k', timestamp: ts, uuid: `u${i}` }));
    expect(() => parseOptimizelyBatch(batch([{ visitor_id: 'a', snapshots: [{ events }] }]))).toThrow(expect.objectContaining({ kind: 'payload_too_large' }));
  });
});

describe('parseNativeBatch', () => {
  it('reads ids or keys, ms or ISO times, with or without the envelope and the type', () => {
    const list = [
      { type: 'exposure', uuid: 'a', visitor_id: 'v', timestamp: ts, experiment_id: 34, variation_id: '35' },
      { uuid: 'b', visitor_id: 'v', timestamp: '2026-01-01T00:00:00.000Z', experiment_key: 'checkout', variation_key: 'treatment' },
      { uuid: 'c', visitor_id: 'v', event_key: 'buy', value: 2, revenue: 99.9 },
    ];
    const parsed = parseNativeBatch(list, ts + 5);
    expect(parsed.events.map((e) => [e.kind, e.experiment, e.variation, e.eventKey, e.timestamp])).toEqual([
      ['exposure', { id: 34 }, { id: 35 }, null, ts],
      ['exposure', { key: 'checkout' }, { key: 'treatment' }, null, ts],
      ['conversion', null, null, 'buy', ts + 5],
    ]);
    expect(parsed.events[2]?.revenue).toBe(99);
    expect(parseNativeBatch({ project_id: 3, events: list }, ts).projectId).toBe(3);
  });

  it('names the field that is wrong', () => {
    expect(() => parseNativeBatch([{ uuid: 'a', visitor_id: 'v', type: 'click' }], ts)).toThrow('[0].type');
    expect(() => parseNativeBatch([{ uuid: 'a', visitor_id: 'v', experiment_id: 3 }], ts)).toThrow('[0].variation_id');
    expect(() => parseNativeBatch({ events: [{ uuid: 'a', visitor_id: '', event_key: 'k' }] }, ts)).toThrow('events[0].visitor_id');
    expect(() => parseNativeBatch([{ uuid: 'a', visitor_id: 'v', event_key: 'k', timestamp: 'now' }], ts)).toThrow('[0].timestamp');
    expect(() => parseNativeBatch([{ uuid: 'a', visitor_id: 'v', event_key: 'k', timestamp: 12 }], ts)).toThrow('[0].timestamp');
    expect(() => parseNativeBatch('[]', ts)).toThrow('body');
  });

  it('keeps a "__proto__" attribute a plain key', () => {
    const parsed = parseNativeBatch(JSON.parse('[{"uuid":"a","visitor_id":"v","event_key":"k","attributes":{"__proto__":{"admin":true}}}]'), ts);
    const attributes = parsed.events[0]?.attributes ?? {};
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(Object.keys(attributes)).toEqual(['__proto__']);
  });
});
