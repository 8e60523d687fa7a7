import { describe, expect, it } from 'vitest';
import { endOfUtcDay, parseUtcDay, resultsWindow } from './results-window.js';

const day = (iso: string) => Math.floor(Date.parse(iso) / 86_400_000);

describe('resultsWindow', () => {
  const run = { startedAt: '2026-03-01T10:00:00.000Z', stoppedAt: '2026-03-10T08:00:00.000Z' };
  const now = Date.parse('2026-04-01T00:00:00Z');

  it('is null for an experiment that never started', () => {
    expect(resultsWindow({ startedAt: null, stoppedAt: null }, {}, now)).toBeNull();
  });

  it('defaults to the whole run, in whole UTC days', () => {
    expect(resultsWindow(run, {}, now)).toEqual({
      start: Date.parse(run.startedAt),
      end: Date.parse(run.stoppedAt),
      startDay: day('2026-03-01'),
      endDay: day('2026-03-10'),
    });
  });

  it('runs until now while the experiment runs', () => {
    const w = resultsWindow({ startedAt: run.startedAt, stoppedAt: null }, {}, Date.parse('2026-03-05T12:00:00Z'));
    expect(w?.endDay).toBe(day('2026-03-05'));
  });

  it('clamps requested bounds to the run and narrows inside it', () => {
    const early = resultsWindow(run, { start: Date.parse('2026-01-01T00:00:00Z'), end: Date.parse('2027-01-01T00:00:00Z') }, now);
    expect(early?.startDay).toBe(day('2026-03-01'));
    expect(early?.endDay).toBe(day('2026-03-10'));
    const inside = resultsWindow(run, { start: Date.parse('2026-03-03T23:00:00Z'), end: Date.parse('2026-03-05T01:00:00Z') }, now);
    expect([inside?.startDay, inside?.endDay]).toEqual([day('2026-03-03'), day('2026-03-05')]);
  });

  it('is null when the window misses the run', () => {
    expect(resultsWindow(run, { end: Date.parse('2026-02-01T00:00:00Z') }, now)).toBeNull();
    expect(resultsWindow(run, { start: Date.parse('2026-03-11T00:00:00Z') }, now)).toBeNull();
  });
});

describe('parseUtcDay', () => {
  it.each([
    ['2026-04-30', Date.parse('2026-04-30T00:00:00Z')],
    ['2024-02-29', Date.parse('2024-02-29T00:00:00Z')],
    ['2026-02-30', null],
    ['2026-13-01', null],
    ['2026-4-30', null],
    ['yesterday', null],
  ])('%s', (text, expected) => {
    expect(parseUtcDay(text)).toBe(expected);
  });

  it('endOfUtcDay is the last millisecond of the day', () => {
    expect(endOfUtcDay(Date.parse('2026-04-30T05:00:00Z'))).toBe(Date.parse('2026-04-30T23:59:59.999Z'));
  });
});
