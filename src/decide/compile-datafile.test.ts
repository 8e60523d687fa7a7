import { createInstance, createStaticProjectConfigManager } from '@optimizely/optimizely-sdk';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.js';
import { compileDatafile } from './compile-datafile.js';
import { decide } from './decide.js';
import { deliveriesDatafile } from './vectors/datafiles/deliveries.js';
import { experimentsDatafile } from './vectors/datafiles/experiments.js';

type Json = Record<string, unknown>;
const base = (): Json => JSON.parse(JSON.stringify(experimentsDatafile)) as Json;
const flags = (df: Json): Json[] => df.featureFlags as Json[];

/** Whether the SDK refuses the datafile at start (onReady rejects). */
async function sdkRefuses(datafile: string): Promise<boolean> {
  const client = createInstance({
    projectConfigManager: createStaticProjectConfigManager({ datafile }),
  });
  try {
    await client.onReady({ timeout: 1000 });
  } catch {
    return true; // a failed client holds nothing; its close() never settles
  }
  await client.close();
  return false;
}

/** [what, datafile text, field named in the error]: each refused by the SDK too (reference §2.2). */
const refused: [string, () => string, string][] = [
  ['not JSON', () => '{"version":', 'datafile'],
  ['version as a number', () => JSON.stringify({ ...base(), version: 4 }), 'datafile.version'],
  ['version "5"', () => JSON.stringify({ ...base(), version: '5' }), 'datafile.version'],
  [
    'audience conditions as an array',
    () => JSON.stringify({ ...base(), audiences: [{ id: '1', name: 'a', conditions: ['or'] }] }),
    'datafile.audiences[0].conditions',
  ],
  [
    'audience conditions that are not JSON',
    () => JSON.stringify({ ...base(), audiences: [{ id: '1', name: 'a', conditions: '[or' }] }),
    'datafile.audiences[0].conditions',
  ],
  [
    'a flag without variables',
    () => {
      const df = base();
      delete flags(df)[0]?.variables;
      return JSON.stringify(df);
    },
    'datafile.featureFlags[0].variables',
  ],
  [
    'a flag naming an unknown experiment',
    () => {
      const df = base();
      (flags(df)[0] as Json).experimentIds = ['123'];
      return JSON.stringify(df);
    },
    'datafile.featureFlags[0].experimentIds[0]',
  ],
  [
    'groups without top-level experiments',
    () => {
      const df = base();
      delete df.experiments;
      df.featureFlags = [];
      return JSON.stringify(df);
    },
    'datafile.experiments',
  ],
  [
    'an integration without key',
    () => JSON.stringify({ ...base(), integrations: [{ host: 'x' }] }),
    'datafile.integrations[0].key',
  ],
];

describe('compileDatafile refuses what the SDK refuses (reference §2.2)', () => {
  it.each(refused)('%s', async (_what, text, field) => {
    const datafile = text();
    expect(await sdkRefuses(datafile)).toBe(true);
    expect(() => compileDatafile(datafile)).toThrow(DomainError);
    try {
      compileDatafile(datafile);
    } catch (error) {
      expect((error as DomainError).kind).toBe('invalid');
      expect((error as DomainError).field).toBe(field);
    }
  });

  it('refuses a datafile without revision (the SDK never installs it)', () => {
    const df = base();
    delete df.revision;
    expect(() => compileDatafile(df)).toThrow(/revision/);
  });

  it('refuses a flag without experimentIds (the SDK starts, then throws inside decide)', () => {
    const df = base();
    delete flags(df)[0]?.experimentIds;
    expect(() => compileDatafile(df)).toThrow(/experimentIds/);
  });
});

describe('compileDatafile accepts what the SDK accepts', () => {
  it('a minimal datafile', () => {
    const config = compileDatafile({ version: '4', revision: '1' });
    expect(config.flagKeys).toEqual([]);
  });

  it('no typedAudiences, no rollouts, no integrations, no holdouts, variations without featureEnabled', () => {
    const df = base();
    delete df.typedAudiences;
    delete df.integrations;
    delete df.holdouts;
    df.rollouts = [];
    for (const rule of df.experiments as Json[])
      for (const v of rule.variations as Json[]) delete v.featureEnabled;
    const config = compileDatafile(df);
    const decision = decide(config, { userId: 'qa_user' }, 'checkout_redesign');
    expect(decision.variationKey).toBe('treatment');
    expect(decision.enabled).toBe(false);
  });

  it('datafile text or a parsed object alike', () => {
    const fromText = compileDatafile(JSON.stringify(deliveriesDatafile));
    const fromObject = compileDatafile(deliveriesDatafile);
    expect(fromText.flagKeys).toEqual(fromObject.flagKeys);
  });
});

describe('the compiled config', () => {
  const config = compileDatafile(experimentsDatafile);

  it('is frozen', () => {
    expect(Object.isFrozen(config)).toBe(true);
    const flag = config.flags.get('checkout_redesign');
    expect(Object.isFrozen(flag)).toBe(true);
    expect(Object.isFrozen(flag?.experiments[0]?.allocation.decisions)).toBe(true);
  });

  it('keeps traffic ranges as typed arrays', () => {
    const rule = config.flags.get('checkout_redesign')?.experiments[0];
    expect(rule?.allocation.ends).toEqual(Float64Array.from([3000, 5500, 6000]));
    expect(rule?.allocation.hashSuffix).toBe('50001');
  });

  it('orders flags as the SDK decideAll does', () => {
    expect(config.flagKeys).toEqual(experimentsDatafile.featureFlags.map((f) => f.key));
  });
});
