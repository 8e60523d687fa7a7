/**
 * Seeded random datafiles for the fuzz differential test: valid v4 datafiles (what the SDK starts
 * with) mixing every feature the engine mirrors — audiences of every match type with odd trees,
 * experiments with any status, groups of both policies, traffic with gaps and unknown ids,
 * allowlists, FR rules, shared variation ids, holdouts, variables of every type — so that
 * combinations no hand-written datafile covers are compared with the SDK too.
 */
import type {
  DatafileConditionLeaf,
  DatafileFeatureFlag,
  DatafileGroup,
  DatafileHoldout,
  DatafileLocalHoldout,
  DatafileRollout,
  DatafileRule,
  DatafileTrafficRange,
  DatafileTypedAudience,
  DatafileV4,
  DatafileVariable,
  DatafileVariation,
} from '../datafile-types.js';
import { datafile } from './datafiles/build.js';
import { seededRandom } from './users.js';

const MATCHES = [
  'exact',
  'exists',
  'gt',
  'ge',
  'lt',
  'le',
  'substring',
  'semver_eq',
  'semver_gt',
  'semver_ge',
  'semver_lt',
  'semver_le',
];
const VALUES: Record<string, unknown[]> = {
  country: ['US', 'CA', 'FR', ''],
  age: [18, 21, 30.5, 65, '30'],
  beta: [true, false],
  email: ['@fieldtest.dev', 'b'],
  plan: ['pro', 'free', 5],
  app_version: ['2.0.0', '2', '2.0.0-beta', '1.2.3+build', '3.0', 'x.y'],
  score: [1.5, 9007199254740994, 0],
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Builds one random datafile from `seed`. Rarely, colliding ids make it one the SDK refuses
 * (a flag then names an experiment id that no longer exists).
 */
export function randomDatafile(seed: number): DatafileV4 {
  const random = seededRandom(seed);
  const chance = (p: number): boolean => random() < p;
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  let nextId = 1000;
  const id = (): string => String(nextId++);

  const leaf = (): DatafileConditionLeaf | string => {
    if (chance(0.03)) return { type: 'cohort', name: 'cohort', value: int(3) };
    if (chance(0.03))
      return {
        type: 'third_party_dimension',
        name: 'odp.audiences',
        match: 'qualified',
        value: 'seg',
      };
    const name = pick(Object.keys(VALUES));
    const match = chance(0.03) ? 'regex' : chance(0.15) ? undefined : pick(MATCHES);
    const value = match?.startsWith('semver')
      ? pick(VALUES.app_version as unknown[])
      : pick(VALUES[name] as unknown[]);
    return match === undefined
      ? { type: 'custom_attribute', name, value: value as DatafileConditionLeaf['value'] }
      : { type: 'custom_attribute', name, match, value: value as DatafileConditionLeaf['value'] };
  };
  const tree = (depth: number, makeLeaf: () => unknown): unknown => {
    if (depth === 0 || chance(0.35)) return makeLeaf();
    const children = Array.from({ length: int(3) + (chance(0.1) ? 0 : 1) }, () =>
      tree(depth - 1, makeLeaf),
    );
    const shape = int(10);
    if (shape === 0) return children; // implicit OR, or the first-element-dropped quirk
    return [pick(['and', 'or', 'not']), ...children];
  };

  const audiences: DatafileTypedAudience[] = Array.from({ length: int(5) }, () => ({
    id: id(),
    name: `aud${nextId}`,
    conditions: tree(3, leaf) as DatafileTypedAudience['conditions'],
  }));
  const audienceIds = [...audiences.map((a) => a.id), 'missing-audience'];
  const ruleAudience = (): Pick<DatafileRule, 'audienceIds' | 'audienceConditions'> => {
    const form = int(5);
    if (form === 0 || audiences.length === 0) return { audienceIds: [] };
    if (form === 1) return { audienceIds: [pick(audienceIds), pick(audienceIds)] };
    return {
      audienceIds: [pick(audienceIds)],
      audienceConditions: tree(2, () => pick(audienceIds)) as DatafileRule['audienceConditions'],
    };
  };

  const traffic = (entities: readonly string[]): DatafileTrafficRange[] => {
    const ranges: DatafileTrafficRange[] = [];
    let end = 0;
    for (const entity of entities) {
      end = Math.min(10000, end + int(6000));
      ranges.push({ entityId: chance(0.05) ? pick(['', '99999']) : entity, endOfRange: end });
    }
    if (chance(0.5) && ranges.length > 0)
      (ranges[ranges.length - 1] as { endOfRange: number }).endOfRange = 10000;
    return ranges;
  };
  const variableValue = (type: string): string =>
    pick(
      {
        boolean: ['true', 'false', 'yes'],
        integer: ['1', '42.9', 'x'],
        double: ['1.5', '3e2', 'x'],
        json: ['{"a":1}', '[1]', '{'],
        string: ['a', ''],
      }[type] ?? ['a'],
    );

  const experiments: DatafileRule[] = [];
  const groups: DatafileGroup[] = [];
  const featureFlags: DatafileFeatureFlag[] = [];
  const rollouts: DatafileRollout[] = [];
  const allRuleIds: string[] = [];
  const groupRules: DatafileRule[] = [];

  for (let f = 0; f < 1 + int(4); f++) {
    const variables: DatafileVariable[] = Array.from({ length: int(3) }, () => {
      const type = pick(['boolean', 'integer', 'double', 'json', 'string']);
      return { id: id(), key: `var${nextId}`, type, defaultValue: variableValue(type) };
    });
    // FX shares a flag's variations between its rules: reuse ids within the flag.
    const flagVariations: DatafileVariation[] = Array.from({ length: 2 + int(2) }, (_, i) => ({
      id: id(),
      key: ['off', 'on', 'treatment', 'control'][i] as string,
      featureEnabled: i > 0 && chance(0.85),
      variables: variables
        .filter(() => chance(0.7))
        .map((v) => ({ id: v.id, value: variableValue(v.type) })),
    }));
    const rule = (key: string, delivery: boolean): DatafileRule => {
      const ruleId = id();
      allRuleIds.push(ruleId);
      const variations = delivery
        ? [pick(flagVariations)]
        : flagVariations.filter((_, i) => i > 0 || chance(0.5));
      const forced: Record<string, string> = chance(0.3)
        ? { 'user-1': pick(variations).key, 'user-2': chance(0.5) ? 'nope' : pick(variations).key }
        : {};
      return {
        id: ruleId,
        key,
        status: delivery || chance(0.8) ? pick(['Running', 'Running', 'Paused']) : 'Not started',
        layerId: chance(0.9) ? `layer-${ruleId}` : '',
        ...ruleAudience(),
        variations,
        trafficAllocation: traffic(variations.map((v) => v.id)),
        forcedVariations: forced,
        ...(!delivery && chance(0.1) ? { type: 'fr' } : {}),
      };
    };
    const experimentIds: string[] = [];
    for (let e = 0; e < int(3); e++) {
      const r = rule(`exp${f}_${e}`, false);
      (chance(0.3) ? groupRules : experiments).push(r);
      experimentIds.push(r.id);
    }
    const rolloutId = `rollout-${f}`;
    const deliveries = Array.from({ length: int(4) }, (_, d) => rule(`del${f}_${d}`, true));
    if (deliveries.length > 0 || chance(0.5))
      rollouts.push({ id: rolloutId, experiments: deliveries });
    featureFlags.push({
      id: id(),
      key: `flag_${f}`,
      rolloutId: chance(0.9) ? rolloutId : '',
      experimentIds,
      variables,
    });
  }

  // The experiments set aside share one group, of either policy.
  if (groupRules.length > 0) {
    const slots = groupRules.map((r) => r.id);
    groups.push({
      id: id(),
      policy: chance(0.8) ? 'random' : 'overlapping',
      trafficAllocation: traffic(slots),
      experiments: groupRules,
    });
  }

  const holdout = (): DatafileHoldout => {
    const off: DatafileVariation = {
      id: id(),
      key: 'off',
      featureEnabled: chance(0.1),
      variables: [],
    };
    return {
      id: id(),
      key: `ho${nextId}`,
      status: chance(0.8) ? 'Running' : 'Draft',
      variations: [off],
      trafficAllocation: [{ entityId: off.id, endOfRange: int(3000) }],
      ...ruleAudience(),
    };
  };
  const holdouts = Array.from({ length: int(2) }, holdout);
  const localHoldouts: DatafileLocalHoldout[] = Array.from({ length: int(2) }, () => ({
    ...holdout(),
    includedRules: [pick(allRuleIds.length > 0 ? allRuleIds : ['none'])],
  }));

  // Sometimes make ids and keys collide, to check the SDK's "last one wins" precedence is mirrored.
  const rules = [
    ...experiments,
    ...groupRules,
    ...rollouts.flatMap((r) => r.experiments),
  ] as Mutable<DatafileRule>[];
  const variations = rules.flatMap((r) => r.variations) as Mutable<DatafileVariation>[];
  if (rules.length >= 2 && chance(0.3)) {
    const [a, b] = [pick(rules), pick(rules)] as [Mutable<DatafileRule>, Mutable<DatafileRule>];
    if (chance(0.5)) b.id = a.id;
    else b.key = a.key;
  }
  if (variations.length >= 2 && chance(0.3)) pick(variations).id = pick(variations).id;
  if (featureFlags.length >= 2 && chance(0.1))
    (featureFlags[1] as Mutable<DatafileFeatureFlag>).key = (
      featureFlags[0] as DatafileFeatureFlag
    ).key;
  const firstHoldout = holdouts[0];
  if (firstHoldout !== undefined && variations.length > 0 && chance(0.1)) {
    (firstHoldout.variations[0] as Mutable<DatafileVariation>).id = pick(variations).id;
  }

  return datafile(String(seed), {
    audiences: audiences.map((a) => ({
      id: a.id,
      name: a.name,
      conditions: chance(0.7)
        ? '["or", {"type":"custom_attribute","name":"$opt_dummy_attribute","value":"x"}]'
        : JSON.stringify(a.conditions),
    })),
    typedAudiences: audiences.filter(() => chance(0.8)),
    experiments,
    groups,
    featureFlags,
    rollouts,
    holdouts,
    localHoldouts,
  });
}
