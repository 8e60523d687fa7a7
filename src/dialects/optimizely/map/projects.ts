/** Projects and environments in Optimizely's words. */
import type { Environment, Project, ProjectSettings } from '../../../core/project/types.js';
import type { ProjectInput } from '../schemas/projects.js';

export function projectOut(p: Project) {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    account_id: p.accountId,
    platform: p.platform,
    status: p.status,
    sdks: ['javascript', 'node', 'python', 'go', 'java', 'openfeature'],
    settings: {
      stats_method: p.settings.statsMethod,
      confidence_threshold: p.settings.confidenceThreshold,
      tau2: p.settings.tau2,
      prior_alpha: p.settings.prior.alpha,
      prior_beta: p.settings.prior.beta,
    },
    version: p.version,
    created: p.createdAt,
    last_modified: p.updatedAt,
  };
}

export function settingsIn(s: ProjectInput['settings']): Partial<ProjectSettings> | undefined {
  if (!s) return undefined;
  return {
    ...(s.stats_method === undefined ? {} : { statsMethod: s.stats_method }),
    ...(s.confidence_threshold === undefined ? {} : { confidenceThreshold: s.confidence_threshold }),
    ...(s.tau2 === undefined ? {} : { tau2: s.tau2 }),
    ...(s.prior_alpha === undefined && s.prior_beta === undefined ? {} : { prior: { alpha: s.prior_alpha ?? 1, beta: s.prior_beta ?? 1 } }),
  };
}

export function environmentOut(e: Environment, publicUrl: string, accessToken?: string | null) {
  return {
    id: e.id,
    key: e.key,
    name: e.name,
    project_id: e.projectId,
    is_primary: e.isPrimary,
    priority: e.priority,
    archived: e.archived,
    sdk_key: e.sdkKey,
    datafile_url: `${publicUrl}/datafiles/${e.sdkKey}.json`,
    datafile_secure: e.datafileSecure,
    ...(accessToken ? { datafile_access_token: accessToken } : {}),
    revision: e.revision,
    version: e.version,
    created: e.createdAt,
    last_modified: e.updatedAt,
  };
}
