/** Experiments and variants in the Ours Privacy shape (contracts/ours-privacy-experiments.openapi.yaml). */
import Type from 'typebox';
import { domActions, queryOperators, visitorStatuses } from '../../../core/web/types.js';
import { Pagination } from './common.js';

const Status = Type.Enum(['draft', 'running', 'paused', 'completed']);
const ExperimentType = Type.Enum(['ab', 'multivariate', 'personalization']);

const DomStyle = Type.Object({ property: Type.String({ maxLength: 100 }), value: Type.String({ maxLength: 1000 }) }, { additionalProperties: false });

export const DomModification = Type.Object(
  {
    selector: Type.String({ maxLength: 1000 }),
    action: Type.Enum([...domActions]),
    value: Type.Optional(Type.String({ maxLength: 100_000 })),
    styles: Type.Optional(Type.Array(DomStyle, { maxItems: 100 })),
    attribute: Type.Optional(Type.Object({ name: Type.Optional(Type.String({ maxLength: 100 })), value: Type.Optional(Type.String({ maxLength: 10_000 })) })),
  },
  { additionalProperties: false },
);

const QueryParam = Type.Object(
  { key: Type.String({ maxLength: 200 }), operator: Type.Enum([...queryOperators]), value: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const TargetingRules = Type.Object(
  {
    urlPatterns: Type.Optional(Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 100 })),
    queryParams: Type.Optional(Type.Array(QueryParam, { maxItems: 50 })),
    audienceId: Type.Optional(Type.String({ maxLength: 100 })),
    visitorProperties: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]))),
    visitorStatus: Type.Optional(Type.Enum([...visitorStatuses])),
  },
  { additionalProperties: false },
);

const Metric = Type.Object({ eventName: Type.String({ maxLength: 64 }), funnelId: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false });
export const Metrics = Type.Object({ primary: Type.Optional(Metric), secondary: Type.Optional(Type.Array(Metric, { maxItems: 20 })) }, { additionalProperties: false });

export const Variant = Type.Object({
  id: Type.String(),
  experimentId: Type.String(),
  name: Type.String(),
  isControl: Type.Boolean(),
  weight: Type.Integer({ minimum: 0, maximum: 100 }),
  variantType: Type.String(),
  redirectUrl: Type.Optional(Type.String()),
  domModifications: Type.Array(DomModification),
});

const experimentFields = {
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  description: Type.String(),
  type: ExperimentType,
  status: Status,
  experimentSettingsId: Type.String(),
  projectId: Type.Integer(),
  environmentKey: Type.String(),
  version: Type.Integer({ description: 'Send it back as If-Match (or `version`) to detect concurrent changes.' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  startedAt: Type.Optional(Type.String({ format: 'date-time' })),
  stoppedAt: Type.Optional(Type.String({ format: 'date-time' })),
  trafficAllocation: Type.Integer({ minimum: 0, maximum: 100 }),
  includeQueryString: Type.Boolean(),
  winnerVariantId: Type.Optional(Type.String()),
  targetingRules: TargetingRules,
  metrics: Metrics,
};

export const Experiment = Type.Object(experimentFields, { $id: 'OursExperiment' });
export const ExperimentWithVariants = Type.Object({ ...experimentFields, variants: Type.Array(Variant) }, { $id: 'OursExperimentWithVariants' });
export const ExperimentList = Type.Object({ entities: Type.Array(Experiment), pagination: Pagination });
export const VariantList = Type.Object({ entities: Type.Array(Variant) });

export const VariantInput = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    isControl: Type.Optional(Type.Boolean()),
    weight: Type.Optional(Type.Integer()),
    variantType: Type.Optional(Type.String({ maxLength: 50 })),
    redirectUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    domModifications: Type.Optional(Type.Array(DomModification, { maxItems: 200 })),
  },
  { additionalProperties: false },
);

export const ExperimentInput = Type.Object(
  {
    experimentSettingsId: Type.Optional(Type.String({ maxLength: 100 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    key: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    type: Type.Optional(ExperimentType),
    status: Type.Optional(Status),
    trafficAllocation: Type.Optional(Type.Integer()),
    includeQueryString: Type.Optional(Type.Boolean()),
    targetingRules: Type.Optional(TargetingRules),
    metrics: Type.Optional(Metrics),
    winnerVariantId: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    variants: Type.Optional(Type.Array(VariantInput, { maxItems: 20 })),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object({
  status: Type.Optional(Status),
  type: Type.Optional(ExperimentType),
  search: Type.Optional(Type.String({ maxLength: 200 })),
});

export const LifecycleInput = Type.Object(
  { winnerVariantId: Type.Optional(Type.String({ maxLength: 100 })), version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);

export const LifecycleResult = Type.Object({
  publishStatus: Type.Enum(['published', 'pending_publish']),
  concurrentVersionChanges: Type.Integer({ minimum: 0 }),
  experiment: Experiment,
});
