/** The rules of web experiments, shared by every path that writes them. */
import { invalid } from '../errors.js';
import { selectorProblem } from './css-selector.js';
import { domActions, queryOperators, visitorStatuses, type DomModification, type WebTargeting, type WebVariantDraft } from './types.js';

/**
 * Basis points of a whole-percent weight (0..100): 50 → 5000. Whole percents, because the API's
 * weights and traffic allocation are integers.
 */
export function weightToBasisPoints(field: string, weight: number): number {
  if (!Number.isInteger(weight) || weight < 0 || weight > 100) throw invalid(field, `must be an integer from 0 to 100, got ${weight}`);
  return weight * 100;
}

const SAFE_SCHEME = /^https?:$/i;

/** The URL as a browser reads it: ASCII control characters and whitespace are dropped. */
function compactUrl(url: string): string {
  let out = '';
  for (const c of url) if (c.charCodeAt(0) > 0x20) out += c;
  return out;
}

/**
 * Throws unless `url` is an http(s) URL or a path: `javascript:`, `data:`, `vbscript:` and other
 * schemes would run code or leave the web, so a redirect variant may not use them.
 */
export function assertRedirectUrl(field: string, url: string): void {
  const text = url.trim();
  if (text === '') throw invalid(field, 'must not be empty');
  // Browsers drop tabs and newlines inside URLs, so "java\nscript:" is still javascript:.
  const compact = compactUrl(text);
  if (compact.startsWith('//')) throw invalid(field, 'must be an http(s) URL or a path starting with "/"');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(compact);
  if (scheme) {
    if (!SAFE_SCHEME.test(`${scheme[1] ?? ''}:`)) throw invalid(field, `the ${scheme[1] ?? ''}: scheme is not allowed; use http or https`);
    try {
      new URL(compact);
    } catch {
      throw invalid(field, 'is not a valid URL');
    }
    return;
  }
  if (!compact.startsWith('/')) throw invalid(field, 'must be an http(s) URL or a path starting with "/"');
}

const CSS_PROPERTY = /^(?:--[\w-]+|-?[A-Za-z][\w-]*)$/;
const ATTRIBUTE_NAME = /^[A-Za-z_:][\w:.-]*$/;

/** Throws unless the modification has a valid selector, a known action and what that action needs. */
export function assertDomModification(field: string, m: DomModification): void {
  const problem = selectorProblem(m.selector);
  if (problem) throw invalid(`${field}.selector`, `is not a valid CSS selector: ${problem}`);
  if (!(domActions as readonly string[]).includes(m.action)) throw invalid(`${field}.action`, `must be one of ${domActions.join(', ')}`);
  const needsValue = m.action === 'text' || m.action === 'html' || m.action === 'class' || m.action === 'insert';
  if (needsValue && (m.value === undefined || m.value === '')) throw invalid(`${field}.value`, `is required for the ${m.action} action`);
  (m.styles ?? []).forEach((s, i) => {
    if (!CSS_PROPERTY.test(s.property)) throw invalid(`${field}.styles[${i}].property`, `is not a CSS property name: ${JSON.stringify(s.property)}`);
    if (/[;{}<]/.test(s.value)) throw invalid(`${field}.styles[${i}].value`, 'must not contain ";", "{", "}" or "<"');
  });
  if (m.action === 'customCss' && !(m.styles?.length) && !m.value) throw invalid(`${field}.styles`, 'the customCss action needs styles or a value');
  if (m.action === 'attribute') {
    const name = m.attribute?.name;
    if (name === undefined || !ATTRIBUTE_NAME.test(name)) throw invalid(`${field}.attribute.name`, 'is required: the attribute to set');
    // Event handler attributes would run script: a page change, not an experiment.
    if (/^on/i.test(name)) throw invalid(`${field}.attribute.name`, 'event handler attributes (on…) are not allowed');
    const value = m.attribute?.value ?? m.value ?? '';
    if (/^(?:href|src|action|formaction)$/i.test(name) && /^\s*(?:javascript|data|vbscript):/i.test(compactUrl(value))) {
      throw invalid(`${field}.attribute.value`, 'must not be a javascript:, data: or vbscript: URL');
    }
  }
}

/** Throws unless the targeting rules are well formed. */
export function assertTargeting(field: string, t: WebTargeting): void {
  (t.urlPatterns ?? []).forEach((p, i) => {
    if (p.trim() === '' || p.length > 2000) throw invalid(`${field}.urlPatterns[${i}]`, 'must be 1 to 2000 characters');
  });
  (t.queryParams ?? []).forEach((q, i) => {
    const at = `${field}.queryParams[${i}]`;
    if (q.key === '') throw invalid(`${at}.key`, 'must not be empty');
    if (!(queryOperators as readonly string[]).includes(q.operator)) throw invalid(`${at}.operator`, `must be one of ${queryOperators.join(', ')}`);
    if (q.operator !== 'exists' && q.value === undefined) throw invalid(`${at}.value`, `is required for the ${q.operator} operator`);
  });
  if (t.visitorStatus !== undefined && !(visitorStatuses as readonly string[]).includes(t.visitorStatus)) {
    throw invalid(`${field}.visitorStatus`, `must be one of ${visitorStatuses.join(', ')}`);
  }
  for (const [key, value] of Object.entries(t.visitorProperties ?? {})) {
    if (value !== null && typeof value === 'object') throw invalid(`${field}.visitorProperties.${key}`, 'must be a string, number or boolean');
  }
}

/** Throws unless one variant's fields are valid. */
export function assertVariant(field: string, v: WebVariantDraft): void {
  if (v.name.trim() === '') throw invalid(`${field}.name`, 'must not be empty');
  weightToBasisPoints(`${field}.weight`, v.weight);
  if (v.redirectUrl !== undefined && v.redirectUrl !== null) assertRedirectUrl(`${field}.redirectUrl`, v.redirectUrl);
  (v.domModifications ?? []).forEach((m, i) => assertDomModification(`${field}.domModifications[${i}]`, m));
}

/** Throws unless exactly one of the variants is the control. */
export function assertOneControl(field: string, variants: readonly { readonly isControl: boolean }[]): void {
  const controls = variants.filter((v) => v.isControl).length;
  if (controls !== 1) throw invalid(field, `exactly one variant must be the control, ${controls} are`);
}

/** Start precondition of a web experiment: its variant weights sum to 100 %. */
export function assertWeightsComplete(field: string, basisPoints: readonly number[]): void {
  const total = basisPoints.reduce((s, w) => s + w, 0);
  if (total !== 10000) throw invalid(field, `variant weights must sum to 100 before the experiment starts, they sum to ${total / 100}`);
}

/** Cookie names the browser accepts (RFC 6265 token). */
export function assertCookieName(field: string, name: string): void {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$/.test(name)) throw invalid(field, 'must be 1 to 64 cookie-name characters (letters, digits, !#$%&\'*+-.^_`|~)');
}
