/**
 * `compileDatafile`: turns any valid Optimizely datafile (format 2–4, ours or Optimizely's) into
 * a frozen `DecisionConfig` built for the hot path. Every decision a flag can give is built here,
 * once: `decide` then only evaluates audiences, hashes and picks one of them.
 *
 * Variation resolution mirrors the SDK (`decision_service`, `bucketer`): a traffic range's
 * `entityId` is looked up in the *global* variation map (a falsy or unknown id buckets nobody);
 * an experiment rule then re-reads the variation by key from the rule, else from the flag's
 * variations; a delivery rule or holdout uses the global variation as is.
 */
import { invalid } from '../core/errors.js';
import type {
  AudienceCheck,
  CompiledAudience,
  CompiledFlag,
  Decision,
  DecisionConfig,
  DecisionSource,
  DeliveryRule,
  ExperimentRule,
  HoldoutRule,
  ReasonCode,
  RuleType,
} from './decision-config.js';
import { UNKNOWN_VARIATION } from './decision-config.js';
import { compileAudienceCheck, compileTree } from './condition-tree.js';
import type { DatafileIndex, HoldoutDraft, RuleDraft, VariationDraft } from './datafile-index.js';
import { indexDatafile } from './datafile-index.js';
import type { Raw } from './raw-datafile.js';
import { keyOf, list, record } from './raw-datafile.js';
import {
  cmabTraffic,
  compileAllocation,
  coversAllBuckets,
  trafficOf,
} from './compile-allocation.js';
import { compileLeaf } from './leaf-evaluators.js';
import { buildVariables, type CompiledVariable } from './variables.js';

/** Who produced a decision, as stored in it. */
interface RuleInfo {
  readonly key: string;
  readonly id: string;
  readonly campaignId: string | null;
  readonly ruleType: RuleType;
  readonly source: DecisionSource;
}

/** Per-flag compile state: the flag's variables and a cache of their values per variation. */
interface FlagContext {
  readonly key: string;
  readonly variables: readonly CompiledVariable[];
  readonly variablesByVariation: Map<VariationDraft | null, Readonly<Record<string, unknown>>>;
  readonly flagVariations: readonly VariationDraft[];
}

/**
 * Compiles a datafile (JSON text or parsed object). Throws a `DomainError` of kind `invalid`,
 * naming the field, for a datafile the SDK would refuse.
 *
 * @example
 *   const config = compileDatafile(datafileJson);
 *   decide(config, { userId: 'user-1', attributes: { country: 'US' } }, 'checkout_redesign');
 */
export function compileDatafile(datafile: unknown): DecisionConfig {
  const index = indexDatafile(datafile);
  const audiences = new Map<string, CompiledAudience>();
  const audienceFor = (id: string): CompiledAudience | undefined => {
    let compiled = audiences.get(id);
    if (compiled === undefined) {
      const audience = index.audiences.get(id);
      if (audience === undefined) return undefined;
      const tree = compileTree(audience.conditions, (leaf) => ({
        kind: 'leaf',
        leaf: compileLeaf(leaf),
      }));
      compiled = Object.freeze({ id: audience.id, name: audience.name, tree });
      audiences.set(id, compiled);
    }
    return compiled;
  };
  const compiler = new FlagCompiler(index, audienceFor);
  const flags = new Map<string, CompiledFlag>();
  for (const [key, raw] of index.flags) flags.set(key, compiler.compileFlag(key, raw));
  const variationKeyById = new Map<string, string>();
  for (const [id, variation] of index.variationsById) variationKeyById.set(id, variation.key);
  return Object.freeze({
    revision: index.revision,
    flagKeys: Object.freeze([...flags.keys()]),
    flags,
    variationKeyById,
  });
}

class FlagCompiler {
  constructor(
    private readonly index: DatafileIndex,
    private readonly audienceFor: (id: string) => CompiledAudience | undefined,
  ) {}

  compileFlag(key: string, raw: Raw): CompiledFlag {
    const field = `datafile.featureFlags[${key}]`;
    const variables = list(raw.variables, `${field}.variables`).map(
      (value, i): CompiledVariable => {
        const variable = record(value, `${field}.variables[${i}]`);
        // `type: "string", subType: "json"` is the older spelling of `json` [SDK parseFeatureFlagConfig].
        const type =
          variable.type === 'string' && variable.subType === 'json' ? 'json' : variable.type;
        return {
          id: keyOf(variable.id),
          key: keyOf(variable.key),
          type,
          defaultValue: variable.defaultValue,
        };
      },
    );
    const flag: FlagContext = {
      key,
      variables,
      variablesByVariation: new Map(),
      flagVariations: this.index.flagVariations.get(key) ?? [],
    };
    const holdouts = this.index.globalHoldouts.map((holdout) => this.holdout(flag, holdout));
    const experiments = (raw.experimentIds as readonly unknown[]).map((id) => {
      const rule = this.index.experimentsById.get(keyOf(id)) as RuleDraft;
      return this.experimentRule(flag, rule);
    });
    let deliveries: DeliveryRule[] = [];
    if (raw.rolloutId) {
      const rollout = this.index.rollouts.get(keyOf(raw.rolloutId));
      if (rollout !== undefined) {
        if (rollout.rules === null) {
          // The SDK reads `rollout.experiments.length` inside decide() and throws.
          throw invalid(
            `datafile.rollouts[${rollout.id}].experiments`,
            'is required for a rollout a flag uses',
          );
        }
        const last = rollout.rules.length - 1;
        deliveries = rollout.rules.map((rule, i) => this.deliveryRule(flag, rule, i === last));
      }
    }
    return Object.freeze({
      key,
      id: keyOf(raw.id),
      holdouts: Object.freeze(holdouts),
      experiments: Object.freeze(experiments),
      deliveries: Object.freeze(deliveries),
      noRule: this.decision(flag, null, null, 'no_rule'),
    });
  }

  private decision(
    flag: FlagContext,
    rule: RuleInfo | null,
    variation: VariationDraft | null,
    reasonCode: ReasonCode,
  ): Decision {
    let variables = flag.variablesByVariation.get(variation);
    if (variables === undefined) {
      const usages =
        variation === null ? undefined : this.index.usagesByVariationId.get(variation.id);
      variables = buildVariables(flag.variables, usages, variation?.enabled ?? false);
      flag.variablesByVariation.set(variation, variables);
    }
    return Object.freeze({
      flagKey: flag.key,
      variationKey: variation?.key ?? null,
      variationId: variation?.id ?? null,
      enabled: variation?.enabled ?? false,
      ruleKey: rule?.key ?? null,
      ruleId: rule?.id ?? null,
      ruleType: rule?.ruleType ?? null,
      // The SDK's decision source for "no decision" is the rollout path's.
      source: rule?.source ?? 'rollout',
      campaignId: rule?.campaignId ?? null,
      variables,
      reasonCode,
    });
  }

  /** The rule info of the experiment the SDK reports for rule `id` (its experimentIdMap entry). */
  private ruleInfo(id: string, ruleType: RuleType, source: DecisionSource): RuleInfo {
    const reported = this.index.experimentsById.get(id) as RuleDraft;
    // Impression campaign_id = layerId || experiment id || null [SDK buildLogEvent].
    const layerId = reported.raw.layerId;
    const campaignId = layerId ? keyOf(layerId) : reported.id || null;
    return { key: reported.key, id: reported.id, campaignId, ruleType, source };
  }

  /** The global variation an `entityId` names; falsy and unknown ids bucket nobody [SDK bucketer]. */
  private variationOf(entityId: unknown): VariationDraft | null {
    if (!entityId) return null;
    return this.index.variationsById.get(keyOf(entityId)) ?? null;
  }

  private audience(raw: Raw): AudienceCheck {
    return Object.freeze(
      compileAudienceCheck(raw.audienceConditions || raw.audienceIds, this.audienceFor),
    );
  }

  private holdout(flag: FlagContext, holdout: HoldoutDraft): HoldoutRule {
    const raw = holdout.raw;
    const info: RuleInfo = {
      key: holdout.key,
      id: holdout.id,
      campaignId: holdout.id || null,
      ruleType: 'holdout',
      source: 'holdout',
    };
    const traffic = cmabTraffic(raw) ?? trafficOf(raw, `holdout ${holdout.id}`);
    return Object.freeze({
      id: holdout.id,
      key: holdout.key,
      status: keyOf(raw.status),
      running: raw.status === 'Running',
      audience: this.audience(raw),
      excludeTargetedDeliveries: Boolean(raw.excludeTargetedDeliveries),
      allocation: compileAllocation(this.index, holdout.id, raw.id, traffic, (entityId) => {
        const variation = this.variationOf(entityId);
        return variation === null ? null : this.decision(flag, info, variation, 'holdout');
      }),
    });
  }

  private localHoldouts(flag: FlagContext, ruleId: string): readonly HoldoutRule[] {
    const holdouts = this.index.localHoldoutsByRuleId.get(ruleId) ?? [];
    return Object.freeze(holdouts.map((holdout) => this.holdout(flag, holdout)));
  }

  private experimentRule(flag: FlagContext, rule: RuleDraft): ExperimentRule {
    const info = this.ruleInfo(rule.id, 'experiment', 'feature-test');
    // The variation the SDK reports for a key: the rule's, else the flag's first with that key.
    const variationForKey = (key: string): VariationDraft | null =>
      rule.variationKeyMap.get(key) ?? flag.flagVariations.find((v) => v.key === key) ?? null;
    const byVariationKey = new Map<string, Decision>();
    const decisionForKey = (key: string): Decision => {
      let decision = byVariationKey.get(key);
      if (decision === undefined) {
        const variation = variationForKey(key);
        decision =
          variation === null ? UNKNOWN_VARIATION : this.decision(flag, info, variation, 'split');
        byVariationKey.set(key, decision);
      }
      return decision;
    };
    for (const key of rule.variationKeyMap.keys()) decisionForKey(key);
    for (const variation of flag.flagVariations) decisionForKey(variation.key);

    let allowlist: Map<string, Decision | null> | null = null;
    const forced = rule.raw.forcedVariations;
    if (typeof forced === 'object' && forced !== null) {
      allowlist = new Map();
      for (const [userId, variationKey] of Object.entries(forced as Raw)) {
        const variation = rule.variationKeyMap.get(keyOf(variationKey));
        allowlist.set(
          userId,
          variation === undefined ? null : this.decision(flag, info, variation, 'forced'),
        );
      }
    }
    const status = this.index.experimentsByKey.get(rule.key)?.raw.status;
    return Object.freeze({
      id: rule.id,
      key: rule.key,
      status: keyOf(status),
      // The SDK checks the status of the experiment found by this rule's *key*.
      running: status === 'Running',
      localHoldouts: this.localHoldouts(flag, rule.id),
      allowlist,
      audience: this.audience(rule.raw),
      cmab: Boolean(rule.raw.cmab),
      allocation: compileAllocation(this.index, rule.id, rule.raw.id, rule.traffic, (entityId) => {
        const variation = this.variationOf(entityId);
        return variation === null ? null : decisionForKey(variation.key);
      }),
      byVariationKey,
    });
  }

  private deliveryRule(flag: FlagContext, rule: RuleDraft, everyoneElse: boolean): DeliveryRule {
    const info = this.ruleInfo(rule.id, 'delivery', 'rollout');
    const traffic = cmabTraffic(rule.raw) ?? rule.traffic;
    const variations = traffic.map((range) => this.variationOf(range.entityId));
    const ends = traffic.map((range) => Number(range.endOfRange));
    const reasonCode: ReasonCode = everyoneElse
      ? 'everyone_else'
      : coversAllBuckets(ends, variations)
        ? 'targeting_match'
        : 'split';
    const decisions = variations.map((variation) =>
      variation === null ? null : this.decision(flag, info, variation, reasonCode),
    );
    return Object.freeze({
      id: rule.id,
      key: rule.key,
      localHoldouts: this.localHoldouts(flag, rule.id),
      audience: this.audience(rule.raw),
      everyoneElse,
      allocation: compileAllocation(
        this.index,
        rule.id,
        rule.raw.id,
        traffic,
        (_entityId, i) => decisions[i] ?? null,
      ),
    });
  }
}
