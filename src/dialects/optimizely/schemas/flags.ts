/** Flags, variables, variations, rules and rulesets. */
import Type, { type Static } from 'typebox';
import { Id, Timestamp, Version } from './common.js';

const VariableType = Type.Enum(['string', 'integer', 'double', 'boolean', 'json']);
const Key = Type.String({ minLength: 1, maxLength: 64 });

export const Variable = Type.Object({ id: Id, key: Type.String(), type: VariableType, default_value: Type.String() });
export const VariableInput = Type.Object({ key: Key, type: VariableType, default_value: Type.String({ maxLength: 100_000 }) });

export const FlagVariation = Type.Object({
  id: Id,
  key: Type.String(),
  name: Type.String(),
  description: Type.String(),
  variables: Type.Record(Type.String(), Type.String()),
});
export const FlagVariationInput = Type.Object({
  key: Key,
  name: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  variables: Type.Optional(Type.Record(Type.String(), Type.String())),
});

const RuleType = Type.Enum(['a/b_test', 'multivariate', 'targeted_delivery', 'personalization']);
const RuleVariation = Type.Object({ variation_key: Type.String(), weight: Type.Integer({ minimum: 0, maximum: 10000 }) });

export const Rule = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  type: RuleType,
  audience_conditions: Type.String({ description: 'JSON tree over audience ids; "" means everyone.' }),
  percentage_included: Type.Integer({ minimum: 0, maximum: 10000 }),
  variations: Type.Array(RuleVariation),
  allowlist: Type.Record(Type.String(), Type.String(), { description: 'User id → variation key.' }),
  experiment_id: Type.Union([Id, Type.Null()]),
});

export const RuleInput = Type.Object({
  key: Key,
  name: Type.Optional(Type.String({ maxLength: 200 })),
  type: RuleType,
  audience_conditions: Type.Optional(Type.String({ maxLength: 100_000 })),
  percentage_included: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
  variations: Type.Array(Type.Object({ variation_key: Type.String(), weight: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })) })),
  allowlist: Type.Optional(Type.Record(Type.String(), Type.String())),
});
export type RuleInput = Static<typeof RuleInput>;

export const Ruleset = Type.Object({
  flag_key: Type.String(),
  environment_key: Type.String(),
  enabled: Type.Boolean(),
  default_variation_key: Type.String(),
  rules: Type.Array(Rule),
  version: Type.Integer({ minimum: 0 }),
  last_modified: Type.Union([Timestamp, Type.Null()]),
});

export const RulesetInput = Type.Object({
  rules: Type.Optional(Type.Array(RuleInput, { maxItems: 200 })),
  default_variation_key: Type.Optional(Type.String()),
  enabled: Type.Optional(Type.Boolean()),
  version: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type RulesetInput = Static<typeof RulesetInput>;

export const Flag = Type.Object({
  id: Id,
  key: Type.String(),
  name: Type.String(),
  description: Type.String(),
  project_id: Id,
  variables: Type.Array(Variable),
  variations: Type.Array(FlagVariation),
  environments: Type.Record(Type.String(), Type.Object({ enabled: Type.Boolean(), ruleset: Ruleset })),
  version: Version,
  created: Timestamp,
  last_modified: Timestamp,
});

export const FlagInput = Type.Object({
  key: Type.Optional(Key),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  variables: Type.Optional(Type.Array(VariableInput, { maxItems: 100 })),
  variations: Type.Optional(Type.Array(FlagVariationInput, { maxItems: 50 })),
  version: Type.Optional(Version),
});
export type FlagInput = Static<typeof FlagInput>;

export const FlagParams = Type.Object({ project_id: Id, flag_key: Type.String() });
export const RulesetParams = Type.Object({ project_id: Id, flag_key: Type.String(), environment_key: Type.String() });
