/** The attribution rule's edge cases, one visitor at a time (docs/events.md "Attribution"). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayMs, dayOf, dayString, metricKey, noContribution, visitorContribution, type AttributionWindow, type VisitorConversion, type VisitorExposure } from './attribution.js';

const start = Date.UTC(2026, 0, 10, 12);
const A = 101;
const B = 102;
const buy = 7;
const window: AttributionWindow = {
  startedAt: start,
  stoppedAt: null,
  metrics: [
    { eventId: buy, aggregator: 'unique', field: null },
    { eventId: buy, aggregator: 'count', field: null },
    { eventId: buy, aggregator: 'sum', field: 'revenue' },
    { eventId: buy, aggregator: 'sum', field: 'value' },
  ],
};
const unique = metricKey({ eventId: buy, aggregator: 'unique', field: null });
const count = metricKey({ eventId: buy, aggregator: 'count', field: null });
const revenue = metricKey({ eventId: buy, aggregator: 'sum', field: 'revenue' });
const value = metricKey({ eventId: buy, aggregator: 'sum', field: 'value' });

const x = (uuid: string, ts: number, variationId = A): VisitorExposure => ({ uuid, ts, variationId });
const c = (uuid: string, ts: number, extra: Partial<VisitorConversion> = {}): VisitorConversion => ({ uuid, ts, eventId: buy, value: null, revenue: null, ...extra });

describe('visitorContribution', () => {
  it('counts nothing without an exposure inside the run', () => {
    expect(visitorContribution(window, [], [c('c', start + 1)])).toBe(noContribution);
    expect(visitorContribution(window, [x('x', start - 1)], [c('c', start + 1)])).toBe(noContribution);
    expect(visitorContribution({ ...window, stoppedAt: start + 10 }, [x('x', start + 11)], [])).toBe(noContribution);
  });

  it('puts the visitor on the day of the first exposure, in its variation, whatever the arrival order', () => {
    const later = x('x2', start + 3 * dayMs);
    const first = x('x1', start + dayMs);
    const got = visitorContribution(window, [later, first], []);
    expect(got).toEqual({ cells: [{ day: dayOf(start + dayMs), variationId: A, visitors: 1, metrics: {} }], conflictedDay: null });
    expect(visitorContribution(window, [first, later], [])).toEqual(got);
  });

  it('breaks a tie in time by uuid', () => {
    const got = visitorContribution(window, [x('b', start, A), x('a', start, A)], [c('c', start)]);
    expect(got.cells[0]?.visitors).toBe(1);
    expect(got.cells[0]?.metrics[unique]?.converters).toBe(1);
  });

  it('counts a visitor exposed to two variations nowhere, as conflicted on the day the second appeared', () => {
    const got = visitorContribution(window, [x('1', start, A), x('2', start + 2 * dayMs, B)], [c('c', start + 1)]);
    expect(got).toEqual({ cells: [], conflictedDay: dayOf(start + 2 * dayMs) });
    // An exposure to the second variation before the start does not conflict.
    expect(visitorContribution(window, [x('0', start - 5, B), x('1', start, A)], []).conflictedDay).toBeNull();
  });

  it('counts conversions at or after the first exposure and not after the stop', () => {
    const stopped = { ...window, stoppedAt: start + 2 * dayMs };
    const got = visitorContribution(stopped, [x('x', start + 100)], [
      c('before', start + 99, { revenue: 1000 }),
      c('same-ms', start + 100, { revenue: 10 }),
      c('at-stop', start + 2 * dayMs, { revenue: 20 }),
      c('after-stop', start + 2 * dayMs + 1, { revenue: 5000 }),
    ]);
    const totals = got.cells.reduce((t, cell) => t + (cell.metrics[revenue]?.sum ?? 0), 0);
    expect(totals).toBe(30);
    expect(got.cells.reduce((t, cell) => t + (cell.metrics[count]?.sum ?? 0), 0)).toBe(2);
  });

  it('gives per-day deltas whose running sums are the as-of-day totals, squares included', () => {
    const got = visitorContribution(window, [x('x', start)], [
      c('1', start + 1, { value: 2 }),
      c('2', start + dayMs, { value: 3 }),
      c('3', start + dayMs + 5, { value: -1 }),
    ]);
    const days = got.cells.map((cell) => cell.day);
    expect(days).toEqual([dayOf(start), dayOf(start + dayMs)]);
    // Day 1: value 2 → sum 2, square 4. Day 2: value 4 → sum +2, square 16 − 4.
    expect(got.cells[0]?.metrics[value]).toEqual({ converters: 1, sum: 2, sumSquares: 4 });
    expect(got.cells[1]?.metrics[value]).toEqual({ converters: 0, sum: 2, sumSquares: 12 });
    expect(got.cells[0]?.metrics[unique]).toEqual({ converters: 1, sum: 1, sumSquares: 1 });
    // A repeated conversion adds nothing to "unique" on a later day.
    expect(got.cells[1]?.metrics[unique]).toBeUndefined();
    expect(got.cells[1]?.metrics[count]).toEqual({ converters: 0, sum: 2, sumSquares: 9 - 1 });
  });

  it('treats a missing value or revenue as 0 and ignores other events', () => {
    const got = visitorContribution(window, [x('x', start)], [c('1', start + 1), { ...c('2', start + 2), eventId: 99, revenue: 500 }]);
    expect(got.cells[0]?.metrics[revenue]).toEqual({ converters: 1, sum: 0, sumSquares: 0 });
    expect(got.cells[0]?.metrics[count]).toEqual({ converters: 1, sum: 1, sumSquares: 1 });
  });

  it('computes a metric listed twice once', () => {
    const twice = { ...window, metrics: [window.metrics[0], window.metrics[0]].filter((m) => m !== undefined) };
    expect(visitorContribution(twice, [x('x', start)], [c('1', start + 1)]).cells[0]?.metrics[unique]).toEqual({ converters: 1, sum: 1, sumSquares: 1 });
  });

  it('does not depend on the order events arrive in (property)', () => {
    const event = fc.record({ kind: fc.boolean(), at: fc.integer({ min: -dayMs, max: 4 * dayMs }), b: fc.boolean(), v: fc.integer({ min: -20, max: 20 }) });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), fc.array(fc.nat(), { minLength: 12, maxLength: 12 }), (events, keys) => {
        const exposures = events.flatMap((e, i) => (e.kind ? [x(`u${i}`, start + e.at, e.b ? A : B)] : []));
        const conversions = events.flatMap((e, i) => (e.kind ? [] : [c(`u${i}`, start + e.at, { value: e.v / 4, revenue: e.v })]));
        const order = <T>(list: T[]) => list.map((item, i) => ({ item, k: keys[i % keys.length] ?? 0 })).sort((p, q) => p.k - q.k).map((p) => p.item);
        expect(visitorContribution(window, order(exposures), order(conversions))).toEqual(visitorContribution(window, exposures, conversions));
      }),
    );
  });

  it('names days in UTC', () => {
    expect(dayString(dayOf(Date.UTC(2026, 0, 10, 23, 59)))).toBe('2026-01-10');
    expect(dayString(dayOf(Date.UTC(2026, 0, 11, 0, 0)))).toBe('2026-01-11');
  });
});
