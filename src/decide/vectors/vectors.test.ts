/**
 * Golden vectors captured from the official Optimizely SDK (`generate.ts`): the engine must give
 * the same variation, enabled flag, rule, variables and ids on every case.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileDatafile } from '../compile-datafile.js';
import { decide } from '../decide.js';
import type { VectorFile } from './vector-file.js';

const directory = new URL('./', import.meta.url);
const files = readdirSync(directory)
  .filter((name) => name.endsWith('.json'))
  .map(
    (name) =>
      [name, JSON.parse(readFileSync(new URL(name, directory), 'utf8')) as VectorFile] as const,
  );

describe('golden vectors from the Optimizely SDK', () => {
  it('has the four vector files', () => {
    expect(files.map(([name]) => name).sort()).toEqual([
      'audiences.json',
      'deliveries.json',
      'experiments.json',
      'holdouts.json',
    ]);
  });

  describe.each(files)('%s', (_name, file) => {
    const config = compileDatafile(file.datafile);
    it.each(file.cases.map((c) => [c.name, c] as const))('%s', (_caseName, c) => {
      const decision = decide(config, { userId: c.userId, attributes: c.attributes }, c.flagKey);
      expect({
        variationKey: decision.variationKey,
        enabled: decision.enabled,
        ruleKey: decision.ruleKey,
        variables: decision.variables,
        ruleId: decision.ruleId,
        variationId: decision.variationId,
      }).toEqual(c.expected);
    });
  });
});
