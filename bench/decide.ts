/**
 * Decision engine benchmark: `node --import tsx bench/decide.ts [--users N] [--sdk-users M]`.
 *
 * One realistic datafile (20 flags: A/B tests with and without audiences, a random group of three
 * experiments, targeted deliveries with partial rollouts, a 5 % global holdout, variables) and the
 * same pre-generated user ids and attributes, decided flag by flag by the engine and by the
 * official SDK (`createInstance` + static config manager, no event processor, one
 * `createUserContext(id, attrs)` per user, then `decide(flagKey)` per flag). Both run in this one
 * process (one core), interleaved in 20 rounds so that load changes hit both alike. The SDK runs
 * on the first M users because it is slow; the rates come from the same run. A final untimed pass
 * checks that both agree.
 */
import { fileURLToPath } from 'node:url';
import { compileDatafile, decide, decideAll } from '../src/decide/index.js';
import type {
  DatafileFeatureFlag,
  DatafileRollout,
  DatafileRule,
  DatafileV4,
} from '../src/decide/index.js';
import {
  attr,
  datafile,
  delivery,
  range,
  rule,
  typedAudience,
  variation,
} from '../src/decide/vectors/datafiles/build.js';
import { createSdkOracle } from '../src/decide/vectors/sdk-oracle.js';
import { seededRandom } from '../src/decide/vectors/users.js';

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
}
const USERS = argument('--users', 1_000_000);
const SDK_USERS = argument('--sdk-users', 50_000);
const ROUNDS = 20;

/** The benchmark datafile: 20 flags in the shapes a real project has. */
export function benchDatafile(): DatafileV4 {
  const audiences = [
    typedAudience('4501', 'us_or_ca', [
      'or',
      attr('country', 'exact', 'US'),
      attr('country', 'exact', 'CA'),
    ]),
    typedAudience('4502', 'paying', [
      'or',
      attr('plan', 'exact', 'pro'),
      attr('plan', 'exact', 'team'),
    ]),
    typedAudience('4503', 'app_2_plus', ['and', attr('app_version', 'semver_ge', '2.0.0')]),
    typedAudience('4504', 'adults', ['and', attr('age', 'ge', 18), ['not', attr('age', 'gt', 65)]]),
    typedAudience('4505', 'mobile', [
      'or',
      attr('device', 'exact', 'ios'),
      attr('device', 'exact', 'android'),
    ]),
  ];
  const experiments: DatafileRule[] = [];
  const groupExperiments: DatafileRule[] = [];
  const featureFlags: DatafileFeatureFlag[] = [];
  const rollouts: DatafileRollout[] = [];
  const variables = [
    { id: 'v1', key: 'title', type: 'string', defaultValue: 'Welcome' },
    { id: 'v2', key: 'limit', type: 'integer', defaultValue: '10' },
    { id: 'v3', key: 'ratio', type: 'double', defaultValue: '0.5' },
    { id: 'v4', key: 'layout', type: 'json', defaultValue: '{"columns":2}' },
  ];
  const values = (n: number): Record<string, string> => ({
    v1: `Title ${n}`,
    v2: String(n),
    v3: '0.75',
    v4: `{"columns":${n % 4}}`,
  });
  for (let f = 0; f < 20; f++) {
    const id = String(84000 + f);
    const off = variation(`64${f}00`, 'off', false);
    const on = variation(`64${f}01`, 'on', true, values(f));
    const targeted: DatafileRule[] = [];
    const experimentIds: string[] = [];
    if (f < 6) {
      // A/B tests, some targeted, with 50–100 % traffic.
      const a = variation(`64${f}10`, 'control', true, values(1));
      const b = variation(`64${f}11`, 'treatment', true, values(2));
      const traffic = [range(a.id, 2500 + f * 500), range(b.id, 5000 + f * 1000)];
      const audienceConditions = f % 2 === 0 ? [] : ['or', `450${1 + (f % 5)}`];
      experiments.push(
        rule({
          id: `54${f}0`,
          key: `ab_${f}`,
          variations: [a, b],
          trafficAllocation: traffic,
          audienceConditions,
        }),
      );
      experimentIds.push(`54${f}0`);
    } else if (f < 9) {
      // Three flags whose experiments share one mutually exclusive group.
      const a = variation(`64${f}10`, 'a', true, values(3));
      const b = variation(`64${f}11`, 'b', true, values(4));
      groupExperiments.push(
        rule({
          id: `54${f}0`,
          key: `grouped_${f}`,
          variations: [a, b],
          trafficAllocation: [range(a.id, 5000), range(b.id, 10000)],
        }),
      );
      experimentIds.push(`54${f}0`);
    } else {
      // Deliveries: one or two targeted rules, some partial.
      targeted.push(
        delivery(`55${f}0`, `targeted_${f}_a`, on, f % 3 === 0 ? 100 : 40, [
          'or',
          `450${1 + (f % 5)}`,
        ]),
      );
      if (f % 2 === 0)
        targeted.push(delivery(`55${f}1`, `targeted_${f}_b`, on, 100, ['and', '4503', '4504']));
    }
    rollouts.push({
      id: `rollout-${id}`,
      experiments: [
        ...targeted,
        delivery(`default-rollout-${id}`, `default-rollout-${id}`, f % 4 === 0 ? on : off, 100),
      ],
    });
    featureFlags.push({
      id,
      key: `flag_${String(f).padStart(2, '0')}`,
      rolloutId: `rollout-${id}`,
      experimentIds,
      variables,
    });
  }
  return datafile('100', {
    attributes: ['country', 'plan', 'app_version', 'age', 'device'].map((key, i) => ({
      id: `350${i}`,
      key,
    })),
    audiences: audiences.map((a) => a.legacy),
    typedAudiences: audiences.map((a) => a.typed),
    experiments,
    groups: [
      {
        id: '74000',
        policy: 'random',
        trafficAllocation: [range('5460', 3000), range('5470', 6000), range('5480', 9000)],
        experiments: groupExperiments,
      },
    ],
    featureFlags,
    rollouts,
    holdouts: [
      {
        id: '9500',
        key: 'company_holdout',
        status: 'Running',
        variations: [variation('95000', 'off', false)],
        trafficAllocation: [range('95000', 500)],
        audienceIds: [],
        audienceConditions: [],
      },
    ],
  });
}

/** Pre-generated users: distinct ids; attributes drawn from 1,000 shared objects. */
export function benchUsers(
  count: number,
): { userId: string; attributes: Record<string, unknown> }[] {
  const random = seededRandom(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const pool = Array.from({ length: 1000 }, () => ({
    country: pick(['US', 'CA', 'GB', 'DE', 'FR', 'JP']),
    plan: pick(['free', 'pro', 'team']),
    app_version: pick(['1.9.3', '2.0.0', '2.1.4', '3.0.0-beta']),
    age: pick([16, 25, 34, 47, 70]),
    device: pick(['ios', 'android', 'web']),
  }));
  return Array.from({ length: count }, (_, i) => ({
    userId: `user-${i}-${Math.floor(random() * 1e9).toString(36)}`,
    attributes: pool[i % pool.length] as Record<string, unknown>,
  }));
}

/**
 * Accumulated wall-clock and CPU time (user + system) of the measured loops. CPU time is the
 * fairer figure on a shared machine: it does not count time spent waiting for the core.
 */
class Meter {
  wallNs = 0;
  cpuUs = 0;
  constructor(readonly decisions: number) {}

  run(loop: () => void): void {
    const cpu = process.cpuUsage();
    const wall = process.hrtime.bigint();
    loop();
    this.wallNs += Number(process.hrtime.bigint() - wall);
    const used = process.cpuUsage(cpu);
    this.cpuUs += used.user + used.system;
  }

  /** Decisions per second of wall-clock time. */
  get wallRate(): number {
    return this.decisions / (this.wallNs / 1e9);
  }

  /** Decisions per second of CPU time. */
  get cpuRate(): number {
    return this.decisions / (this.cpuUs / 1e6);
  }

  line(label: string, what: string): string {
    const n = (x: number): string => Math.round(x).toLocaleString('en-US');
    return `${label.padEnd(20)}${what}: ${n(this.wallRate)} decisions/s wall (${(this.wallNs / 1e9).toFixed(2)} s), ${n(this.cpuRate)} decisions/s CPU (${(this.cpuUs / 1e6).toFixed(2)} s)`;
  }
}

async function main(): Promise<void> {
  const df = benchDatafile();
  const config = compileDatafile(JSON.stringify(df));
  const flagKeys = config.flagKeys;
  const users = benchUsers(USERS);
  const oracle = await createSdkOracle(df);
  const client = oracle.client;
  let sink = 0;

  // Warm-up: both paths reach their optimised code before timing.
  for (const user of users.slice(0, 20_000))
    for (const key of flagKeys) if (decide(config, user, key).enabled) sink++;
  for (const user of users.slice(0, 2_000)) {
    const context = client.createUserContext(user.userId, user.attributes as never);
    for (const key of flagKeys) if (context.decide(key).enabled) sink++;
  }

  // Interleave the three measurements in rounds, so load changes on the machine hit all alike.
  const sdkUsers = users.slice(0, SDK_USERS);
  const engine = new Meter(users.length * flagKeys.length);
  const all = new Meter(users.length * flagKeys.length);
  const sdk = new Meter(sdkUsers.length * flagKeys.length);
  for (let round = 0; round < ROUNDS; round++) {
    const chunk = users.slice(
      (round * users.length) / ROUNDS,
      ((round + 1) * users.length) / ROUNDS,
    );
    const sdkChunk = sdkUsers.slice(
      (round * sdkUsers.length) / ROUNDS,
      ((round + 1) * sdkUsers.length) / ROUNDS,
    );
    engine.run(() => {
      for (const user of chunk)
        for (const key of flagKeys) if (decide(config, user, key).enabled) sink++;
    });
    all.run(() => {
      for (const user of chunk)
        for (const decision of Object.values(decideAll(config, user))) if (decision.enabled) sink++;
    });
    sdk.run(() => {
      for (const user of sdkChunk) {
        const context = client.createUserContext(user.userId, user.attributes as never);
        for (const key of flagKeys) if (context.decide(key).enabled) sink++;
      }
    });
  }

  let mismatches = 0;
  for (const user of sdkUsers) {
    const context = client.createUserContext(user.userId, user.attributes as never);
    for (const key of flagKeys) {
      const want = context.decide(key);
      const got = decide(config, user, key);
      if (want.variationKey !== got.variationKey || want.ruleKey !== got.ruleKey) mismatches++;
    }
  }
  await oracle.close();

  const n = (x: number): string => x.toLocaleString('en-US');
  console.log(
    `decide benchmark — ${flagKeys.length} flags, node ${process.version}, one process (one core), ${ROUNDS} interleaved rounds`,
  );
  console.log(
    engine.line('engine decide()', `${n(engine.decisions)} decisions (${n(users.length)} users)`),
  );
  console.log(all.line('engine decideAll()', `${n(all.decisions)} decisions`));
  console.log(
    sdk.line('SDK decide()', `${n(sdk.decisions)} decisions (${n(sdkUsers.length)} users)`),
  );
  console.log(
    `ratio engine/SDK:   ${(engine.wallRate / sdk.wallRate).toFixed(1)}× wall, ${(engine.cpuRate / sdk.cpuRate).toFixed(1)}× CPU`,
  );
  console.log(
    `agreement:          ${n(sdk.decisions)} decisions compared, ${mismatches} mismatches (sink ${sink})`,
  );
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1])
  await main();
