/**
 * Exactness of the cells: contributions with arbitrary doubles summed in any order, or removed
 * and re-added, give identical totals — which plain float addition does not.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { VisitorContribution } from '../../core/experiment/attribution.js';
import { CellDeltas, fromMicros, isZero, toMicros } from './cell-deltas.js';

const contribution = fc.record({
  day: fc.integer({ min: 20_000, max: 20_003 }),
  variation: fc.constantFrom(11, 12),
  sum: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  conflicted: fc.boolean(),
}).map(({ day, variation, sum, conflicted }): VisitorContribution =>
  conflicted
    ? { cells: [], conflictedDay: day }
    : { cells: [{ day, variationId: variation, visitors: 1, metrics: { 'm': { converters: 1, sum, sumSquares: sum * sum } } }], conflictedDay: null });

function totals(d: CellDeltas): Record<string, string> {
  return Object.fromEntries([...d.cells].filter(([, c]) => !isZero(c)).map(([k, c]) => [k, `${c.visitors}/${c.converters}/${c.sumMicros}/${c.sumSquaresMicros}`]));
}

describe('CellDeltas', () => {
  it('sums in any order to the same cells, and removing what was added leaves nothing', () => {
    fc.assert(
      fc.property(fc.array(contribution, { minLength: 1, maxLength: 30 }), fc.array(fc.nat(), { minLength: 30, maxLength: 30 }), (list, keys) => {
        const forward = new CellDeltas();
        for (const c of list) forward.add(1, c, 1);
        const shuffled = new CellDeltas();
        list.map((c, i) => ({ c, k: keys[i] ?? 0 })).sort((a, b) => a.k - b.k).forEach(({ c }) => shuffled.add(1, c, 1));
        expect(totals(shuffled)).toEqual(totals(forward));
        for (const c of [...list].reverse()) forward.add(1, c, -1);
        expect(totals(forward)).toEqual({});
      }),
    );
  });

  it('where float addition is order-dependent', () => {
    const parts = [0.1, 0.2, 0.3];
    expect(parts[0]! + parts[1]! + parts[2]!).not.toBe(parts[2]! + parts[1]! + parts[0]!);
    const toCell = (sum: number): VisitorContribution => ({ cells: [{ day: 1, variationId: 2, visitors: 1, metrics: { m: { converters: 1, sum, sumSquares: 0 } } }], conflictedDay: null });
    const a = new CellDeltas();
    const b = new CellDeltas();
    parts.forEach((p) => a.add(1, toCell(p), 1));
    [...parts].reverse().forEach((p) => b.add(1, toCell(p), 1));
    expect(totals(a)).toEqual(totals(b));
    expect(fromMicros([...a.cells.values()].find((c) => c.metricKey === 'm')?.sumMicros ?? 0n)).toBe(0.6);
  });

  it('keeps 10⁻⁶ and whole numbers exact', () => {
    expect(toMicros(1.5)).toBe(1_500_000n);
    expect(toMicros(-0.000001)).toBe(-1n);
    expect(fromMicros(toMicros(4200))).toBe(4200);
    expect(toMicros(1e12 * 1e12)).toBe(BigInt(1e30));
  });
});
