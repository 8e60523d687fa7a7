/** Validation of a project's statistics settings. */
import { invalid } from '../../core/errors.js';
import { statsMethods } from '../../core/experiment/types.js';
import type { ProjectSettings } from '../../core/project/types.js';

export function assertSettings(s: Partial<ProjectSettings>): void {
  if (s.statsMethod !== undefined && !(statsMethods as readonly string[]).includes(s.statsMethod)) {
    throw invalid('settings.stats_method', `must be one of ${statsMethods.join(', ')}`);
  }
  if (s.confidenceThreshold !== undefined && !(s.confidenceThreshold > 0.5 && s.confidenceThreshold < 1)) {
    throw invalid('settings.confidence_threshold', 'must be between 0.5 and 1 (e.g. 0.9)');
  }
  if (s.tau2 !== undefined && s.tau2 !== null && !(s.tau2 > 0 && Number.isFinite(s.tau2))) {
    throw invalid('settings.tau2', 'must be a positive number');
  }
  // The statistics need a proper, unimodal prior (stats/analysis-options.ts): both ≥ 1.
  if (s.prior !== undefined && !(s.prior.alpha >= 1 && s.prior.beta >= 1 && Number.isFinite(s.prior.alpha) && Number.isFinite(s.prior.beta))) {
    throw invalid('settings.prior', 'alpha and beta must be numbers ≥ 1');
  }
}
