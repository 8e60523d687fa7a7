/**
 * Web experiments: what a browser snippet needs besides the core experiment — where it runs
 * (targeting) and what each variant changes on the page (DOM modifications or a redirect).
 */

export const domActions = ['text', 'html', 'attribute', 'customCss', 'class', 'hide', 'remove', 'insert'] as const;
export type DomAction = (typeof domActions)[number];

export const queryOperators = ['equals', 'contains', 'startsWith', 'exists'] as const;
export type QueryOperator = (typeof queryOperators)[number];

export const visitorStatuses = ['new', 'returning'] as const;
export type VisitorStatus = (typeof visitorStatuses)[number];

export interface CssStyle {
  readonly property: string;
  readonly value: string;
}

/** One change to the page, applied to every element the selector matches. */
export interface DomModification {
  readonly selector: string;
  readonly action: DomAction;
  readonly value?: string;
  readonly styles?: readonly CssStyle[];
  /** For `attribute`: `{name, value}`. */
  readonly attribute?: { readonly name?: string; readonly value?: string };
}

export interface QueryParamCondition {
  readonly key: string;
  readonly operator: QueryOperator;
  readonly value?: string;
}

/** Who and where: every present condition must hold. */
export interface WebTargeting {
  /** Path (or full URL) patterns where `*` matches any run of characters; any may match. */
  readonly urlPatterns?: readonly string[];
  readonly queryParams?: readonly QueryParamCondition[];
  readonly audienceId?: string;
  /** Properties the page passes to the snippet; each must equal the given value. */
  readonly visitorProperties?: Readonly<Record<string, unknown>>;
  readonly visitorStatus?: VisitorStatus;
}

export interface WebMetric {
  readonly eventName: string;
  readonly funnelId?: string;
}

export interface WebMetrics {
  readonly primary?: WebMetric;
  readonly secondary?: readonly WebMetric[];
}

/** What a variant is made of in the browser. */
export interface WebVariantDraft {
  readonly name: string;
  readonly isControl: boolean;
  /** Whole percent of the experiment's traffic, 0..100. */
  readonly weight: number;
  readonly variantType?: string;
  readonly redirectUrl?: string | null;
  readonly domModifications?: readonly DomModification[];
}

/** A site's binding to a project and environment, with the snippet's settings. */
export interface WebSettings {
  readonly id: number;
  readonly publicId: string;
  readonly projectId: number;
  readonly environmentId: number;
  readonly environmentKey: string;
  readonly sdkKey: string;
  readonly name: string;
  readonly antiFlickerTimeoutMs: number;
  readonly cookieName: string;
  readonly cookieDays: number;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A stored variant: a flag variation plus its web fields. */
export interface WebVariant {
  readonly variationId: number;
  readonly publicId: string;
  readonly experimentId: number;
  readonly name: string;
  readonly isControl: boolean;
  /** Basis points (0..10000). */
  readonly weight: number;
  readonly variantType: string;
  readonly redirectUrl: string | null;
  readonly domModifications: readonly DomModification[];
}

/** The web fields of an experiment. */
export interface WebExperimentFields {
  readonly experimentId: number;
  readonly settingsId: number;
  readonly settingsPublicId: string;
  readonly environmentKey: string;
  readonly includeQueryString: boolean;
  readonly targeting: WebTargeting;
  readonly metrics: WebMetrics;
  readonly variants: readonly WebVariant[];
}
