import { describe, expect, it } from 'vitest';
import { metricCell, totalsByDay, type DailyCellInput } from './results-totals.js';

const buy = { eventId: 7, aggregator: 'unique', field: null } as const;
const revenue = { eventId: 7, aggregator: 'sum', field: 'revenue' } as const;
const BUY = '7:unique:';
const REV = '7:sum:revenue';

const cells: DailyCellInput[] = [
  { day: 99, variationId: 1, visitors: 50, metrics: { [BUY]: { converters: 9, sum: 9, sumSquares: 9 } } },
  { day: 100, variationId: 1, visitors: 10, metrics: { [BUY]: { converters: 2, sum: 2, sumSquares: 2 }, [REV]: { converters: 2, sum: 30, sumSquares: 500 } } },
  { day: 100, variationId: 2, visitors: 12, metrics: {} },
  { day: 101, variationId: 2, visitors: 3, metrics: { [BUY]: { converters: 1, sum: 1, sumSquares: 1 } } },
  { day: 102, variationId: 1, visitors: 1, metrics: { [REV]: { converters: 0, sum: 5, sumSquares: 125 } } },
  { day: 102, variationId: 3, visitors: 99, metrics: {} },
];

describe('totalsByDay', () => {
  const days = totalsByDay(cells, [{ day: 101, visitors: 2 }, { day: 103, visitors: 5 }], { variationIds: [1, 2], metricKeys: [BUY, REV], startDay: 100, endDay: 102 });

  it('has one entry per day of the window, dated, including days without cells', () => {
    expect(days.map((d) => d.day)).toEqual([100, 101, 102]);
    expect(days[0]?.date).toBe('1970-04-11');
  });

  it('keeps what each day added apart from the running totals, ignoring days and variations outside', () => {
    expect(metricCell(days[1]?.added.get(2), buy)).toEqual({ visitors: 3, converters: 1, sum: 1, sumSquares: 1 });
    expect(metricCell(days[1]?.added.get(1), buy)).toEqual({ visitors: 0, converters: 0, sum: 0, sumSquares: 0 });
    const last = days[2]?.cumulative;
    expect(metricCell(last?.get(1), buy)).toEqual({ visitors: 11, converters: 2, sum: 2, sumSquares: 2 });
    expect(metricCell(last?.get(1), revenue)).toEqual({ visitors: 11, converters: 2, sum: 35, sumSquares: 625 });
    expect(metricCell(last?.get(2), buy)).toEqual({ visitors: 15, converters: 1, sum: 1, sumSquares: 1 });
    expect(last?.has(3)).toBe(false);
  });

  it('counts conflicted visitors by the day they became visible', () => {
    expect(days.map((d) => [d.conflictedAdded, d.conflictedCumulative])).toEqual([[0, 0], [2, 2], [0, 2]]);
  });

  it('does not alias running totals between days', () => {
    expect(days[0]?.cumulative.get(1)?.visitors).toBe(10);
    expect(metricCell(days[0]?.cumulative.get(1), revenue).sum).toBe(30);
  });
});
