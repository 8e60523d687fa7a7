/** Projects and their environments, each with its own SDK key and datafile. */
import type { StatsMethod } from '../experiment/types.js';

export const projectStatuses = ['active', 'archived'] as const;
export type ProjectStatus = (typeof projectStatuses)[number];

/** Per-project statistics settings (docs/statistics.md). */
export interface ProjectSettings {
  readonly statsMethod: StatsMethod;
  /** Significance level shown as the confidence threshold, e.g. 0.9. */
  readonly confidenceThreshold: number;
  /** Mixing variance τ² of the sequential test, on the relative-lift scale. */
  readonly tau2: number | null;
  /** Beta prior of conversion rates. */
  readonly prior: { readonly alpha: number; readonly beta: number };
}

export const defaultProjectSettings: ProjectSettings = Object.freeze({
  statsMethod: 'sequential',
  confidenceThreshold: 0.9,
  tau2: null,
  prior: Object.freeze({ alpha: 1, beta: 1 }),
});

export interface Project {
  readonly id: number;
  readonly accountId: number;
  readonly name: string;
  readonly description: string;
  readonly platform: 'custom';
  readonly status: ProjectStatus;
  readonly settings: ProjectSettings;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Environment {
  readonly id: number;
  readonly projectId: number;
  readonly key: string;
  readonly name: string;
  readonly isPrimary: boolean;
  readonly priority: number;
  readonly sdkKey: string;
  /** When true the datafile needs the environment's access token. */
  readonly datafileSecure: boolean;
  readonly archived: boolean;
  readonly revision: number;
  readonly publishedAt: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The environments every new project starts with; the first is primary. */
export const defaultEnvironments = [
  { key: 'production', name: 'Production', isPrimary: true, priority: 1 },
  { key: 'development', name: 'Development', isPrimary: false, priority: 2 },
] as const;
