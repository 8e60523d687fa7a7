/**
 * A/A simulation with continuous peeking (Johari et al., arXiv:1512.04922): the always-valid
 * mSPRT keeps its false-positive rate at or below α however often one looks, while a
 * fixed-horizon z-test peeked at the same points does not. Deterministic (seeded PRNG); the
 * comparison runs through summarizeArm/compareArms, the code path of analyzeExperiment.
 */
import { describe, expect, it } from 'vitest';
import { compareArms, summarizeArm } from './compare-arms.js';

/** mulberry32: a small seeded 32-bit PRNG, uniform on [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SimulationResult {
  readonly sequential: number;
  readonly peekedZ: number;
}

/** Runs `runs` A/A experiments with conversion rate p, looking every `every` visitors per arm. */
function simulate(p: number, runs: number, every: number, maxPerArm: number, alpha: number, seed: number): SimulationResult {
  const random = mulberry32(seed);
  let sequentialRejections = 0;
  let zRejections = 0;
  for (let run = 0; run < runs; run += 1) {
    let xA = 0;
    let xB = 0;
    let runningP = 1;
    let seqRejected = false;
    let zRejected = false;
    for (let n = every; n <= maxPerArm; n += every) {
      for (let i = 0; i < every; i += 1) {
        if (random() < p) xA += 1;
        if (random() < p) xB += 1;
      }
      const a = summarizeArm('conversion', { n, sum: xA, sumSquares: xA });
      const b = summarizeArm('conversion', { n, sum: xB, sumSquares: xB });
      const seq = compareArms('conversion', 'sequential', a, b, 0.01, runningP);
      runningP = seq.pValue ?? runningP;
      if (runningP <= alpha) seqRejected = true;
      const fixed = compareArms('conversion', 'frequentist', a, b, 0.01);
      if (fixed.pValue !== null && fixed.pValue <= alpha) zRejected = true;
      if (seqRejected && zRejected) break;
    }
    if (seqRejected) sequentialRejections += 1;
    if (zRejected) zRejections += 1;
  }
  return { sequential: sequentialRejections / runs, peekedZ: zRejections / runs };
}

describe('A/A simulation with continuous peeking', () => {
  const alpha = 0.1;
  const runs = 3000;
  const bound = alpha + 3 * Math.sqrt((alpha * (1 - alpha)) / runs);
  it.each([
    { p: 0.1, every: 20, maxPerArm: 3000, seed: 1 },
    { p: 0.03, every: 50, maxPerArm: 5000, seed: 2 },
  ])(
    'mSPRT false-positive rate stays ≤ α + 3·sd while a peeked z-test inflates (p = $p, a look every $every visitors per arm up to $maxPerArm)',
    ({ p, every, maxPerArm, seed }) => {
      const result = simulate(p, runs, every, maxPerArm, alpha, seed);
      console.info(`A/A p=${p}: mSPRT FPR ${result.sequential.toFixed(4)}, peeked z-test FPR ${result.peekedZ.toFixed(4)} (α = ${alpha}, ${runs} runs)`);
      expect(result.sequential).toBeLessThanOrEqual(bound);
      expect(result.peekedZ).toBeGreaterThan(3 * alpha);
    },
  );
});
