/**
 * The web experiment snippet: `<script src="/web/{sdk_key}.js">` in the page head. It gives the
 * visitor a stable id (first-party cookie), buckets them into the running experiments exactly
 * as the decision engine does (MurmurHash3 of visitor id + rule id into 10,000 buckets), applies
 * the variant's DOM changes or redirect, reports exposures, and exposes `fieldtest.track()`.
 */
import { bucketValue } from '../../decide/murmurhash3.js';
import type { SnippetConfig, SnippetModification } from './config.js';
import { applyModifications, hideUntilApplied, observe } from './dom.js';
import { targets, variantIndex, type VisitorContext } from './targeting.js';

interface PageApi {
  properties?: Record<string, unknown>;
  audiences?: string[];
  visitorId?: string;
  decisions?: Record<string, string>;
  track?: (eventName: string, options?: { value?: number; revenue?: number }) => void;
}

declare global {
  interface Window {
    __fieldtestConfig?: SnippetConfig;
    fieldtest?: PageApi;
  }
}

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

function writeCookie(name: string, value: string, days: number | null): void {
  const secure = location.protocol === 'https:' ? ';Secure' : '';
  const age = days === null ? '' : `;Max-Age=${days * 86400}`;
  document.cookie = `${name}=${encodeURIComponent(value)};Path=/;SameSite=Lax${age}${secure}`;
}

function randomId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

/** The visitor id, and whether this is the visitor's first session (a session cookie marks it). */
function visitor(config: SnippetConfig): { id: string; status: 'new' | 'returning' } {
  const sessionMark = `${config.cookieName}_new`;
  let id = readCookie(config.cookieName);
  if (!id) {
    id = randomId();
    writeCookie(sessionMark, '1', null);
  }
  // Refresh the lifetime on every visit.
  writeCookie(config.cookieName, id, config.cookieDays);
  return { id, status: readCookie(sessionMark) ? 'new' : 'returning' };
}

function send(config: SnippetConfig, visitorId: string, event: { experimentId?: number; variationId?: number; eventName?: string; value?: number; revenue?: number }): void {
  const target = config.events;
  if (!target) return;
  const timestamp = Date.now();
  const uuid = randomId();
  const conversion = event.eventName !== undefined;
  const body = target.format === 'native'
    ? [conversion
        ? { type: 'conversion', uuid, visitor_id: visitorId, timestamp, event_key: event.eventName, ...(event.value === undefined ? {} : { value: event.value }), ...(event.revenue === undefined ? {} : { revenue: event.revenue }) }
        : { type: 'exposure', uuid, visitor_id: visitorId, timestamp, experiment_id: event.experimentId, variation_id: event.variationId }]
    : {
        account_id: String(config.projectId),
        project_id: String(config.projectId),
        revision: '1',
        client_name: 'fieldtest-web',
        client_version: '1.0.0',
        anonymize_ip: true,
        enrich_decisions: true,
        visitors: [{
          visitor_id: visitorId,
          attributes: [],
          snapshots: [conversion
            ? { events: [{ key: event.eventName, timestamp, uuid, ...(event.value === undefined ? {} : { value: event.value }), ...(event.revenue === undefined ? {} : { revenue: event.revenue }) }] }
            : { decisions: [{ campaign_id: String(event.experimentId), experiment_id: String(event.experimentId), variation_id: String(event.variationId) }], events: [{ entity_id: String(event.experimentId), type: 'campaign_activated', timestamp, uuid }] }],
        }],
      };
  // The native endpoint takes the SDK key as X-API-Key (it answers the CORS preflight); the
  // Optimizely one finds the project in the batch. keepalive lets it outlive a redirect.
  const headers: Record<string, string> = { 'content-type': 'text/plain' };
  if (target.format === 'native') headers['x-api-key'] = config.sdkKey;
  void fetch(target.url, { method: 'POST', body: JSON.stringify(body), keepalive: true, mode: 'cors', credentials: 'omit', headers }).catch(() => undefined);
}

function run(config: SnippetConfig): void {
  const page: PageApi = (window.fieldtest ??= {});
  const who = visitor(config);
  const context: VisitorContext = { status: who.status, properties: page.properties ?? {}, audiences: page.audiences ?? [] };
  const url = new URL(location.href);
  const mods: SnippetModification[] = [];
  const decisions: Record<string, string> = {};
  let redirect: string | null = null;
  for (const e of config.experiments) {
    if (redirect !== null || !targets(e.targeting, url, e.includeQueryString, context)) continue;
    const variant = e.variants[variantIndex(e.variants, bucketValue(who.id, String(e.id)))];
    if (!variant) continue;
    decisions[e.key] = variant.key;
    send(config, who.id, { experimentId: e.id, variationId: variant.id });
    if (variant.redirectUrl) {
      const target = new URL(variant.redirectUrl, url);
      // Carry the visitor's query parameters over, unless the target sets them.
      url.searchParams.forEach((v, k) => { if (!target.searchParams.has(k)) target.searchParams.set(k, v); });
      if (target.origin + target.pathname !== url.origin + url.pathname) redirect = target.toString();
    } else mods.push(...variant.mods);
  }
  page.visitorId = who.id;
  page.decisions = decisions;
  page.track = (eventName, options = {}) => send(config, who.id, { eventName, ...options });
  if (redirect !== null) {
    hideUntilApplied(document, [], true);
    location.replace(redirect);
    return;
  }
  if (mods.length === 0) return;
  const show = hideUntilApplied(document, mods.map((m) => m.selector), false);
  const done: WeakSet<Element>[] = [];
  const apply = () => void applyModifications(document, mods, done);
  apply();
  observe(document, apply);
  const timer = setTimeout(show, config.antiFlickerTimeoutMs);
  document.addEventListener('DOMContentLoaded', () => {
    apply();
    clearTimeout(timer);
    show();
  });
  if (document.readyState !== 'loading') {
    clearTimeout(timer);
    show();
  }
}

const config = window.__fieldtestConfig;
if (config) {
  try {
    run(config);
  } catch (error) {
    // A broken experiment must never break the page.
    console.error('fieldtest:', error);
  }
}
