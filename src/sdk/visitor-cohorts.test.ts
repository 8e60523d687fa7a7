import { describe, expect, it } from 'vitest';
import { VisitorCohorts } from './visitor-cohorts.js';

/** A membership table the test edits, counting the loads that reach it. */
function table() {
  const members = new Map<string, Set<string>>();
  let loads = 0;
  const load = async (projectId: number, visitorId: string) => {
    loads++;
    return new Set(members.get(`${projectId}/${visitorId}`) ?? []);
  };
  return { members, load, loads: () => loads };
}

describe('VisitorCohorts', () => {
  it('loads a visitor once and answers again from the cache', async () => {
    const t = table();
    t.members.set('1/alice', new Set(['7']));
    const cohorts = new VisitorCohorts(t.load);
    expect([...(await cohorts.of(1, 'alice'))]).toEqual(['7']);
    expect([...(await cohorts.of(1, 'alice'))]).toEqual(['7']);
    expect(t.loads()).toBe(1);
  });

  it('sees new memberships after the project is invalidated, and only that project reloads', async () => {
    const t = table();
    const cohorts = new VisitorCohorts(t.load);
    expect((await cohorts.of(1, 'bob')).size).toBe(0);
    await cohorts.of(2, 'bob');
    t.members.set('1/bob', new Set(['9']));
    t.members.set('2/bob', new Set(['9']));
    cohorts.invalidate(1);
    expect([...(await cohorts.of(1, 'bob'))]).toEqual(['9']);
    expect((await cohorts.of(2, 'bob')).size).toBe(0);
    expect(t.loads()).toBe(3);
  });

  it('does not keep a load that an invalidation overtook', async () => {
    const t = table();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const cohorts = new VisitorCohorts(async (p, v) => {
      await gate;
      return t.load(p, v);
    });
    const pending = cohorts.of(1, 'carol');
    cohorts.invalidate(1);
    release();
    await pending;
    t.members.set('1/carol', new Set(['3']));
    expect([...(await cohorts.of(1, 'carol'))]).toEqual(['3']);
  });

  it('keeps at most the configured number of visitors per project, dropping the oldest', async () => {
    const t = table();
    const cohorts = new VisitorCohorts(t.load, 2);
    await cohorts.of(1, 'a');
    await cohorts.of(1, 'b');
    await cohorts.of(1, 'c');
    await cohorts.of(1, 'c');
    await cohorts.of(1, 'b');
    expect(t.loads()).toBe(3);
    await cohorts.of(1, 'a');
    expect(t.loads()).toBe(4);
  });
});
