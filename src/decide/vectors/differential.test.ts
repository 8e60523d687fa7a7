/**
 * Differential test (STYLE.md practice 14): the official SDK, in-process, against the engine on
 * 10,000 seeded users × every flag of every test datafile, comparing the whole decision — variation,
 * enabled, rule, variables, rule and variation ids — and, for the first 2,000 users, the
 * impression's rule_type and campaign_id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileDatafile } from '../compile-datafile.js';
import { decide, decideAll } from '../decide.js';
import type { Decision, DecisionConfig } from '../decision-config.js';
import type { SdkOracle } from './sdk-oracle.js';
import { createSdkOracle, toOracleDecision } from './sdk-oracle.js';
import { vectorSuites } from './suites.js';
import { testUsers } from './users.js';

const USERS = 10_000;
/** Impressions double the SDK's cost: check rule_type and campaign_id on the first 2,000 users. */
const WITH_IMPRESSIONS = 2_000;
/** Generous: the SDK is slow on a loaded machine; this bounds a hang, it asserts no speed. */
const TIMEOUT = 300_000;
const users = testUsers(USERS, 20_260_101);

describe.each(vectorSuites.map((suite) => [suite.name, suite] as const))(
  'engine vs SDK: %s datafile',
  (_name, suite) => {
    let oracle: SdkOracle;
    let withImpressions: SdkOracle;
    let config: DecisionConfig;
    beforeAll(async () => {
      oracle = await createSdkOracle(suite.datafile);
      withImpressions = await createSdkOracle(suite.datafile, { captureImpressions: true });
      config = compileDatafile(JSON.stringify(suite.datafile));
    });
    afterAll(async () => {
      await oracle.close();
      await withImpressions.close();
    });

    it(`agrees on ${USERS} users × every flag`, { timeout: TIMEOUT }, () => {
      const mismatches: string[] = [];
      let checks = 0;
      for (const [i, user] of users.entries()) {
        const impressions = i < WITH_IMPRESSIONS;
        const sdk = impressions ? withImpressions : oracle;
        for (const flagKey of config.flagKeys) {
          checks++;
          const want = sdk.decide(user.userId, user.attributes, flagKey);
          const got = toOracleDecision(decide(config, user, flagKey), impressions);
          if (JSON.stringify(got) !== JSON.stringify(want) && mismatches.length < 5) {
            mismatches.push(
              `${JSON.stringify(user)} ${flagKey}\n  sdk:    ${JSON.stringify(want)}\n  engine: ${JSON.stringify(got)}`,
            );
          }
        }
      }
      expect(checks).toBe(USERS * config.flagKeys.length);
      expect(mismatches).toEqual([]);
    });

    it(
      'decideAll equals decide per flag, in the SDK decideAll key order, with and without reasons',
      { timeout: TIMEOUT },
      () => {
        for (const user of users.slice(0, 500)) {
          const all = decideAll(config, user);
          const sdkAll = oracle.client
            .createUserContext(user.userId, user.attributes as never)
            .decideAll();
          expect(Object.keys(all)).toEqual(Object.keys(sdkAll));
          const withReasons = decideAll(config, user, { includeReasons: true });
          for (const flagKey of config.flagKeys) {
            expect(all[flagKey]).toBe(decide(config, user, flagKey));
            expect(all[flagKey]?.variationKey).toBe(sdkAll[flagKey]?.variationKey);
            const { reasons, ...rest } = withReasons[flagKey] as Decision;
            expect(rest).toEqual(all[flagKey]);
            expect(reasons?.length).toBeGreaterThan(0);
          }
        }
      },
    );
  },
);
