/**
 * The reference implementation, run in-process: the official `@optimizely/optimizely-sdk`
 * (dev dependency, 6.6.1) with a static config manager. Used by the vector generator, the
 * differential test and the benchmark; never by the engine.
 *
 * Besides `decide`'s public result it records, through the SDK's DECISION notification, the rule
 * and variation ids, and with `captureImpressions` the impression each decision sends (for that
 * the oracle's copy of the datafile gets `sendFlagDecisions: true`, which changes which decisions
 * send impressions but never a decision).
 */
import {
  NOTIFICATION_TYPES,
  createForwardingEventProcessor,
  createInstance,
  createStaticProjectConfigManager,
} from '@optimizely/optimizely-sdk';
import type { Client, UserAttributes } from '@optimizely/optimizely-sdk';
import type { Decision } from '../decision-config.js';

/** What the SDK decided, in the engine's vocabulary where one exists. */
export interface OracleDecision {
  readonly flagKey: string;
  readonly variationKey: string | null;
  readonly enabled: boolean;
  readonly ruleKey: string | null;
  readonly variables: Readonly<Record<string, unknown>>;
  /** `experimentId` of the DECISION notification. */
  readonly ruleId: string | null;
  readonly variationId: string | null;
  /** From the impression: `metadata.rule_type` and `campaign_id` (with `captureImpressions`). */
  readonly source?: string;
  readonly campaignId?: string | null;
}

/**
 * An engine decision in the oracle's terms, to compare with `SdkOracle.decide`; `impressions`
 * adds the fields only an oracle with `captureImpressions` reports.
 */
export function toOracleDecision(d: Decision, impressions: boolean): OracleDecision {
  const decision = {
    flagKey: d.flagKey,
    variationKey: d.variationKey,
    enabled: d.enabled,
    ruleKey: d.ruleKey,
    variables: d.variables,
    ruleId: d.ruleId,
    variationId: d.variationId,
  };
  return impressions
    ? { ...decision, source: d.source ?? undefined, campaignId: d.campaignId }
    : decision;
}

/** A ready SDK client over one datafile. */
export interface SdkOracle {
  decide(
    userId: string,
    attributes: Readonly<Record<string, unknown>>,
    flagKey: string,
  ): OracleDecision;
  /** The bare SDK client, for benchmarks. */
  readonly client: Client;
  close(): Promise<void>;
}

interface ImpressionDecision {
  campaign_id: string | null;
  metadata: { flag_key: string; rule_type: string };
}

interface CapturedEvent {
  params: { visitors: { snapshots: { decisions?: ImpressionDecision[] }[] }[] };
}

/** Starts an SDK client on `datafile` and waits until it is ready. */
export async function createSdkOracle(
  datafile: object,
  options: { captureImpressions?: boolean } = {},
): Promise<SdkOracle> {
  const capture = options.captureImpressions === true;
  const text = JSON.stringify(capture ? { ...datafile, sendFlagDecisions: true } : datafile);
  const impressions = new Map<string, ImpressionDecision>();
  const client = createInstance({
    projectConfigManager: createStaticProjectConfigManager({ datafile: text }),
    ...(capture
      ? {
          eventProcessor: createForwardingEventProcessor({
            dispatchEvent: (event: unknown) => {
              // The forwarding processor dispatches synchronously inside decide().
              for (const visitor of (event as CapturedEvent).params.visitors) {
                for (const snapshot of visitor.snapshots) {
                  for (const decision of snapshot.decisions ?? []) {
                    if (!impressions.has(decision.metadata.flag_key))
                      impressions.set(decision.metadata.flag_key, decision);
                  }
                }
              }
              return Promise.resolve({ statusCode: 204 });
            },
          }),
        }
      : {}),
  });
  await client.onReady({ timeout: 5000 });
  const ids = new Map<string, { ruleId: string | null; variationId: string | null }>();
  client.notificationCenter.addNotificationListener(NOTIFICATION_TYPES.DECISION, (payload) => {
    const info = payload.decisionInfo as {
      flagKey?: string;
      experimentId?: string | null;
      variationId?: string | null;
    };
    if (payload.type === 'flag' && info.flagKey !== undefined) {
      ids.set(info.flagKey, {
        ruleId: info.experimentId ?? null,
        variationId: info.variationId ?? null,
      });
    }
  });
  return {
    client,
    decide(userId, attributes, flagKey) {
      ids.clear();
      impressions.clear();
      const user = client.createUserContext(userId, attributes as UserAttributes);
      const decision = user.decide(flagKey);
      const recorded = ids.get(flagKey);
      const impression = impressions.get(flagKey);
      return {
        flagKey: decision.flagKey,
        variationKey: decision.variationKey,
        enabled: decision.enabled,
        ruleKey: decision.ruleKey,
        variables: decision.variables,
        ruleId: recorded?.ruleId ?? null,
        variationId: recorded?.variationId ?? null,
        ...(capture
          ? { source: impression?.metadata.rule_type, campaignId: impression?.campaign_id ?? null }
          : {}),
      };
    },
    close: () => client.close().then(() => undefined),
  };
}
