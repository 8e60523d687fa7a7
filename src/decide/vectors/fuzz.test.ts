/**
 * Fuzz differential test: 100 seeded random datafiles (`random-datafile.ts`), each decided by the
 * official SDK and by the engine for 200 users × every flag (+ an unknown flag). Complements the
 * hand-written datafiles with combinations nobody thought of, colliding ids included. A datafile
 * the engine refuses must be one the SDK refuses too.
 */
import { describe, expect, it } from 'vitest';
import { compileDatafile } from '../compile-datafile.js';
import { decide } from '../decide.js';
import type { DecisionConfig } from '../decision-config.js';
import { randomDatafile } from './random-datafile.js';
import { createSdkOracle, toOracleDecision } from './sdk-oracle.js';
import { testUsers } from './users.js';

const DATAFILES = 100;
// The random allowlists name user-1 and user-2.
const users = [
  ...testUsers(198, 99),
  { userId: 'user-1', attributes: { country: 'US' } },
  { userId: 'user-2', attributes: {} },
];

describe('engine vs SDK on random datafiles', () => {
  it(
    `agrees on ${DATAFILES} datafiles × ${users.length} users × every flag`,
    { timeout: 300_000 },
    async () => {
      const mismatches: string[] = [];
      let checks = 0;
      let refused = 0;
      for (let seed = 1; seed <= DATAFILES; seed++) {
        const datafile = randomDatafile(seed);
        let config: DecisionConfig;
        try {
          config = compileDatafile(JSON.stringify(datafile));
        } catch (error) {
          refused++;
          await expect(
            createSdkOracle(datafile),
            `seed ${seed}: ${String(error)}`,
          ).rejects.toThrow();
          continue;
        }
        const oracle = await createSdkOracle(datafile, { captureImpressions: true });
        for (const user of users) {
          for (const flagKey of [...config.flagKeys, 'unknown_flag']) {
            checks++;
            const want = oracle.decide(user.userId, user.attributes, flagKey);
            const got = toOracleDecision(decide(config, user, flagKey), true);
            if (JSON.stringify(got) !== JSON.stringify(want) && mismatches.length < 5) {
              mismatches.push(
                `seed ${seed} ${flagKey} ${JSON.stringify(user)}\n  sdk:    ${JSON.stringify(want)}\n  engine: ${JSON.stringify(got)}`,
              );
            }
          }
        }
        await oracle.close();
      }
      expect(refused).toBeLessThan(DATAFILES / 4);
      expect(checks).toBeGreaterThan((DATAFILES - refused) * users.length);
      expect(mismatches).toEqual([]);
    },
  );
});
