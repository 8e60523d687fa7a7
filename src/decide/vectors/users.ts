/**
 * Deterministic test users for the differential test and the benchmark: ids that are ASCII,
 * non-ASCII (`用户1`, `é`), emoji (surrogate pairs) and lone surrogates, and attributes mixed from
 * a pool of well-typed, mistyped, null and out-of-range values, sometimes with `$opt_bucketing_id`.
 */

/** A seeded PRNG (mulberry32): the same seed gives the same users on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A test user. */
export interface TestUser {
  readonly userId: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

const ID_SHAPES: readonly ((i: number) => string)[] = [
  (i) => `user-${i}`,
  (i) => `${i}`,
  (i) => `用户${i}`,
  (i) => `é${i}ü`,
  (i) => `🙂${i}🚀`,
  (i) => `u\ud800${i}`, // lone high surrogate: hashed as U+FFFD
  (i) => `${i}\udc00`, // lone low surrogate
  (i) => `bucket-${i % 97}-${i}`,
];

const VALUES: Readonly<Record<string, readonly unknown[]>> = {
  country: ['US', 'CA', 'FR', 'DE', 'us', '', null, 1],
  age: [17, 18, 21, 21.5, 30, 64, 65.5, 90, '30', null, 9007199254740994, -1],
  beta: [true, false, 'true', null],
  email: ['a@fieldtest.dev', 'b@example.com', '', null],
  plan: ['pro', 'pro_annual', 'free', 5],
  app_version: [
    '2.0.1',
    '2',
    '2.0.0',
    '2.0.0-beta',
    '2.0.0-alpha',
    '3.0.0-rc.1',
    '1.2.3',
    '1.2.3+build',
    '1.2.4',
    '2.0 .1',
    '1.2.3.4',
    'a.b',
    2,
  ],
  score: [1.5, 9007199254740994, 0],
  device: ['ios', 'android', 'web'],
  tier: ['gold', 'silver', 'bronze'],
};

/** Stored variations (`$opt_experiment_bucket_map`), keyed by rule id of the test datafiles. */
const BUCKET_MAPS: readonly unknown[] = [
  { '50001': { variation_id: '60002' } }, // checkout_ab → treatment, skipping audience and traffic
  { '50001': { variation_id: '60201' } }, // a variation of another rule: unknown key → no variation
  { '50002': { variation_id: '60022' } }, // paused rule: the status check comes first
  { '50003': { variation_id: '60032' }, '50101': { variation_id: '60102' } },
  { '50001': { variation_id: 'missing' } },
  { '53001': { variation_id: '63011' } },
];

/** `count` users from `seed`; every attribute is present about half the time. */
export function testUsers(count: number, seed = 1): TestUser[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const users: TestUser[] = [];
  for (let i = 0; i < count; i++) {
    const attributes: Record<string, unknown> = {};
    for (const [key, values] of Object.entries(VALUES)) {
      if (random() < 0.5) attributes[key] = pick(values);
    }
    if (random() < 0.1) attributes.$opt_bucketing_id = `device-${Math.floor(random() * 1000)}`;
    if (random() < 0.02) attributes.$opt_bucketing_id = 42; // not a string: ignored
    if (random() < 0.05) attributes.$opt_experiment_bucket_map = pick(BUCKET_MAPS);
    users.push({ userId: pick(ID_SHAPES)(i), attributes });
  }
  return users;
}
