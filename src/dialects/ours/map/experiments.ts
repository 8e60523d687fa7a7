/** Web experiments, variants and settings in the Ours Privacy shape. */
import type { ExperimentStatus } from '../../../core/experiment/lifecycle.js';
import { invalid } from '../../../core/errors.js';
import type { DomModification, WebMetrics, WebSettings, WebTargeting, WebVariant, WebVariantDraft } from '../../../core/web/types.js';
import type { WebExperiment } from '../../../store/read/web-experiments.js';

type OursStatus = 'draft' | 'running' | 'paused' | 'completed';

// Archived experiments are deleted ones: the read models never return them.
const statusOut = (s: ExperimentStatus): OursStatus => (s === 'archived' ? 'completed' : s);

export function variantOut(v: WebVariant, experimentPublicId: string) {
  return {
    id: v.publicId,
    experimentId: experimentPublicId,
    name: v.name,
    isControl: v.isControl,
    weight: v.weight / 100,
    variantType: v.variantType,
    ...(v.redirectUrl === null ? {} : { redirectUrl: v.redirectUrl }),
    domModifications: v.domModifications.map(domModificationOut),
  };
}

function domModificationOut(m: DomModification) {
  return {
    selector: m.selector,
    action: m.action,
    ...(m.value === undefined ? {} : { value: m.value }),
    ...(m.styles === undefined ? {} : { styles: m.styles.map((s) => ({ property: s.property, value: s.value })) }),
    ...(m.attribute === undefined ? {} : { attribute: { ...m.attribute } }),
  };
}

function targetingOut(t: WebTargeting) {
  return {
    ...(t.urlPatterns === undefined ? {} : { urlPatterns: [...t.urlPatterns] }),
    ...(t.queryParams === undefined ? {} : { queryParams: t.queryParams.map((q) => ({ ...q })) }),
    ...(t.audienceId === undefined ? {} : { audienceId: t.audienceId }),
    ...(t.visitorProperties === undefined ? {} : { visitorProperties: { ...t.visitorProperties } as Record<string, string | number | boolean> }),
    ...(t.visitorStatus === undefined ? {} : { visitorStatus: t.visitorStatus }),
  };
}

function metricsOut(m: WebMetrics) {
  return {
    ...(m.primary === undefined ? {} : { primary: { ...m.primary } }),
    ...(m.secondary === undefined ? {} : { secondary: m.secondary.map((x) => ({ ...x })) }),
  };
}

/** A variant of a create body: name and weight are required there. */
export function variantDraftIn(field: string, v: Partial<WebVariantDraft>): WebVariantDraft {
  if (v.name === undefined) throw invalid(`${field}.name`, 'is required');
  if (v.weight === undefined) throw invalid(`${field}.weight`, 'is required');
  return { ...v, name: v.name, weight: v.weight, isControl: v.isControl ?? false };
}

export function experimentOut(w: WebExperiment) {
  const e = w.experiment;
  const winner = w.web.variants.find((v) => v.variationId === e.winnerVariationId);
  return {
    id: e.publicId,
    key: e.key,
    name: e.name,
    description: e.description,
    type: e.type,
    status: statusOut(e.status),
    experimentSettingsId: w.web.settingsPublicId,
    projectId: e.projectId,
    environmentKey: w.web.environmentKey,
    version: e.version,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    ...(e.startedAt === null ? {} : { startedAt: e.startedAt }),
    ...(e.stoppedAt === null ? {} : { stoppedAt: e.stoppedAt }),
    trafficAllocation: Math.round(e.trafficPercentage / 100),
    includeQueryString: w.web.includeQueryString,
    ...(winner ? { winnerVariantId: winner.publicId } : {}),
    targetingRules: targetingOut(w.web.targeting),
    metrics: metricsOut(w.web.metrics),
  };
}

export function experimentWithVariantsOut(w: WebExperiment) {
  return { ...experimentOut(w), variants: w.web.variants.map((v) => variantOut(v, w.experiment.publicId)) };
}

export function settingsOut(s: WebSettings, publicUrl: string) {
  return {
    id: s.publicId,
    name: s.name,
    projectId: s.projectId,
    environmentKey: s.environmentKey,
    sdkKey: s.sdkKey,
    snippetUrl: `${publicUrl.replace(/\/$/, '')}/web/${s.sdkKey}.js`,
    antiFlickerTimeoutMs: s.antiFlickerTimeoutMs,
    cookieName: s.cookieName,
    cookieDays: s.cookieDays,
    version: s.version,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
