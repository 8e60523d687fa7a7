/**
 * Changes to daily cells, summed exactly. A visitor's contribution (attribution.ts) is made of
 * doubles computed from that visitor's sorted events, so it is the same whatever order events
 * arrived in; each of its numbers is turned into an integer count of 10⁻⁶ units once, and from
 * there on only BigInt additions happen. Adding visitors in any order, removing an old
 * contribution and adding the new one, or rebuilding from scratch all give identical cells.
 * The price: each visitor's sum and sum of squares are rounded to 10⁻⁶ (docs/events.md).
 */
import type { VisitorContribution } from '../../core/experiment/attribution.js';

export interface CellTotals {
  visitors: number;
  converters: number;
  sumMicros: bigint;
  sumSquaresMicros: bigint;
}

export interface CellAddress {
  readonly experimentId: number;
  readonly day: number;
  /** 0 for the conflicted-visitors cell. */
  readonly variationId: number;
  /** '' for the visitors (and conflicted) cell. */
  readonly metricKey: string;
}

/** A number in 10⁻⁶ units, as an exact integer. */
export function toMicros(x: number): bigint {
  return BigInt(Math.round(x * 1_000_000));
}

export function fromMicros(m: bigint): number {
  return Number(m) / 1_000_000;
}

export const conflictedVariation = 0;

export function cellKey(a: CellAddress): string {
  return `${a.experimentId}/${a.day}/${a.variationId}/${a.metricKey}`;
}

export class CellDeltas {
  readonly cells = new Map<string, CellAddress & CellTotals>();

  private at(a: CellAddress): CellAddress & CellTotals {
    const key = cellKey(a);
    let c = this.cells.get(key);
    if (!c) this.cells.set(key, (c = { ...a, visitors: 0, converters: 0, sumMicros: 0n, sumSquaresMicros: 0n }));
    return c;
  }

  /** Adds (sign 1) or removes (sign −1) one visitor's contribution to `experimentId`. */
  add(experimentId: number, contribution: VisitorContribution, sign: 1 | -1): void {
    const big = BigInt(sign);
    if (contribution.conflictedDay !== null) {
      this.at({ experimentId, day: contribution.conflictedDay, variationId: conflictedVariation, metricKey: '' }).visitors += sign;
    }
    for (const cell of contribution.cells) {
      if (cell.visitors !== 0) this.at({ experimentId, day: cell.day, variationId: cell.variationId, metricKey: '' }).visitors += sign * cell.visitors;
      for (const [metricKey, d] of Object.entries(cell.metrics)) {
        const c = this.at({ experimentId, day: cell.day, variationId: cell.variationId, metricKey });
        c.converters += sign * d.converters;
        c.sumMicros += big * toMicros(d.sum);
        c.sumSquaresMicros += big * toMicros(d.sumSquares);
      }
    }
  }

  /** Days touched per experiment (to read the cells they change). */
  days(): Map<number, Set<number>> {
    const out = new Map<number, Set<number>>();
    for (const c of this.cells.values()) {
      let s = out.get(c.experimentId);
      if (!s) out.set(c.experimentId, (s = new Set()));
      s.add(c.day);
    }
    return out;
  }
}

export function isZero(c: CellTotals): boolean {
  return c.visitors === 0 && c.converters === 0 && c.sumMicros === 0n && c.sumSquaresMicros === 0n;
}
