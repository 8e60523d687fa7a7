/**
 * Which statistics a results request gets: the method asked for by the request (a dialect's
 * own default, e.g. PostHog's Bayesian), else the experiment's `stats_config.method`, else the
 * project's setting (sequential by default); τ², the prior and the confidence threshold come from
 * the project's settings (docs/statistics.md). A dialect may pin the level and FDR control.
 */
import type { Experiment, StatsMethod } from '../../core/experiment/types.js';
import type { ProjectSettings } from '../../core/project/types.js';
import { resolveAnalysisOptions, type AnalysisOptions } from '../../stats/index.js';

export interface AnalysisOverrides {
  readonly method?: StatsMethod;
  readonly confidenceLevel?: number;
  readonly falseDiscoveryControl?: boolean;
}

export function analysisSettings(settings: ProjectSettings, experiment: Pick<Experiment, 'statsMethod'>, overrides: AnalysisOverrides = {}): AnalysisOptions {
  return resolveAnalysisOptions({
    method: overrides.method ?? experiment.statsMethod ?? settings.statsMethod,
    confidenceLevel: overrides.confidenceLevel ?? settings.confidenceThreshold,
    ...(settings.tau2 === null ? {} : { tau2: settings.tau2 }),
    prior: settings.prior,
    ...(overrides.falseDiscoveryControl === undefined ? {} : { falseDiscoveryControl: overrides.falseDiscoveryControl }),
  });
}
