/** PostHog experiment holdouts: `{id, name, description, filters, created_by, created_at, updated_at}`. */
import Type, { type Static } from 'typebox';
import { Id } from './common.js';

const HoldoutGroup = Type.Object(
  {
    properties: Type.Optional(Type.Array(Type.Unknown(), { description: 'Person property filters; Fieldtest holds back a share of all users, so this must be empty.' })),
    rollout_percentage: Type.Number({ minimum: 0, maximum: 100, description: 'Share of users held back, percent (two decimals at most).' }),
    variant: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Ignored on input: always holdout-{id}.' })),
  },
  { additionalProperties: true },
);

export const HoldoutRequest = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 3000 }), Type.Null()])),
  filters: Type.Optional(Type.Array(HoldoutGroup, { minItems: 1, description: 'One group: PostHog evaluates only the first.' })),
});
export type HoldoutRequest = Static<typeof HoldoutRequest>;

export const UserBasic = Type.Object({ id: Id, first_name: Type.String(), email: Type.String() });

export const Holdout = Type.Object({
  id: Id,
  name: Type.String(),
  description: Type.String(),
  filters: Type.Array(
    Type.Object({
      properties: Type.Array(Type.Unknown()),
      rollout_percentage: Type.Number(),
      variant: Type.String({ description: 'holdout-{id}: the variant held-back users get from the SDKs and OFREP.' }),
    }),
  ),
  created_by: Type.Union([UserBasic, Type.Null()]),
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
});
