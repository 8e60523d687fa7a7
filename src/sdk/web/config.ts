/** The config the server embeds in front of the snippet (window.__fieldtestConfig). */

export interface SnippetModification {
  readonly selector: string;
  readonly action: string;
  readonly value?: string;
  readonly styles?: readonly { readonly property: string; readonly value: string }[];
  readonly attribute?: { readonly name?: string; readonly value?: string };
}

export interface SnippetVariant {
  /** Flag variation id, reported in exposures. */
  readonly id: number;
  readonly key: string;
  /** Exclusive end of the variant's bucket range in [0, 10000). */
  readonly end: number;
  readonly redirectUrl: string | null;
  readonly mods: readonly SnippetModification[];
}

export interface SnippetTargeting {
  readonly urlPatterns?: readonly string[];
  readonly queryParams?: readonly { readonly key: string; readonly operator: string; readonly value?: string }[];
  readonly audienceId?: string;
  readonly visitorProperties?: Readonly<Record<string, unknown>>;
  readonly visitorStatus?: string;
}

export interface SnippetExperiment {
  /** Rule id: the bucketing key suffix and the experiment id of exposures. */
  readonly id: number;
  readonly key: string;
  readonly includeQueryString: boolean;
  readonly targeting: SnippetTargeting;
  readonly variants: readonly SnippetVariant[];
}

export interface SnippetConfig {
  readonly sdkKey: string;
  readonly projectId: number;
  readonly cookieName: string;
  readonly cookieDays: number;
  readonly antiFlickerTimeoutMs: number;
  /** Where exposures and conversions go, and in which format; null when no endpoint exists. */
  readonly events: { readonly url: string; readonly format: 'native' | 'optimizely' } | null;
  readonly experiments: readonly SnippetExperiment[];
}
