/**
 * Keeps an HTTP bench's server and its load generator off each other's CPU where `taskset`
 * exists: the server processes share CPU 0, this process (autocannon) takes the others. On a
 * small shared machine the scheduler otherwise moves them onto one core now and then, and a
 * round's figure swings by a third; pinned, the same route measured twice agrees within a few
 * per cent (the figures are in docs/sdks.md).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

const cpus = availableParallelism();
const hasTaskset = cpus >= 2 && spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;

/** Whether servers and load run on separate CPUs. */
export const pinned = hasTaskset && process.env.BENCH_PIN !== '0';

/** The command that runs `args` (a node command line) on the server's CPU. */
export function onServerCpu(args: readonly string[]): [string, string[]] {
  return pinned ? ['taskset', ['-c', '0', process.execPath, ...args]] : [process.execPath, [...args]];
}

/** Moves this process (the load generator) to the other CPUs. */
export function pinLoadGenerator(): void {
  if (pinned) spawnSync('taskset', ['-a', '-cp', `1-${cpus - 1}`, String(process.pid)], { stdio: 'ignore' });
}

export function pinningNote(): string {
  return pinned ? `servers on CPU 0, load generator on CPU 1-${cpus - 1}` : 'not pinned (no taskset, one CPU, or BENCH_PIN=0)';
}
