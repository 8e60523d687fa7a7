/**
 * Targeting of web experiments, evaluated in the browser (and unit-tested in Node): URL
 * patterns with `*` wildcards, query parameter conditions, visitor status and properties.
 */
import type { SnippetTargeting } from './config.js';

/** Whether `text` matches `pattern`, where `*` matches any run of characters (and nothing else is special). */
export function wildcardMatch(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === text;
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  if (!text.startsWith(first) || text.length < first.length + last.length || !text.endsWith(last)) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    const found = text.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

/**
 * Whether the page URL matches one of the patterns. A pattern starting with "/" is matched
 * against the path (plus the query string when `includeQueryString`); any other pattern against
 * the full URL without the fragment. No patterns means every page.
 */
export function urlMatches(patterns: readonly string[] | undefined, url: URL, includeQueryString: boolean): boolean {
  if (!patterns || patterns.length === 0) return true;
  const query = includeQueryString ? url.search : '';
  const path = url.pathname + query;
  const full = url.origin + path;
  return patterns.some((p) => wildcardMatch(p, p.startsWith('/') ? path : full));
}

/** Whether every query parameter condition holds. */
export function queryMatches(conditions: SnippetTargeting['queryParams'], params: URLSearchParams): boolean {
  return (conditions ?? []).every((c) => {
    const value = params.get(c.key);
    if (c.operator === 'exists') return value !== null;
    if (value === null) return false;
    const wanted = c.value ?? '';
    if (c.operator === 'equals') return value === wanted;
    if (c.operator === 'contains') return value.includes(wanted);
    if (c.operator === 'startsWith') return value.startsWith(wanted);
    return false;
  });
}

/** Everything the page knows about the visitor. */
export interface VisitorContext {
  readonly status: 'new' | 'returning';
  readonly properties: Readonly<Record<string, unknown>>;
  readonly audiences: readonly string[];
}

/** Whether the experiment targets this page and visitor. */
export function targets(t: SnippetTargeting, url: URL, includeQueryString: boolean, visitor: VisitorContext): boolean {
  if (!urlMatches(t.urlPatterns, url, includeQueryString)) return false;
  if (!queryMatches(t.queryParams, url.searchParams)) return false;
  if (t.visitorStatus && t.visitorStatus !== visitor.status) return false;
  if (t.audienceId && !visitor.audiences.includes(t.audienceId)) return false;
  for (const [key, value] of Object.entries(t.visitorProperties ?? {})) {
    if (String(visitor.properties[key]) !== String(value)) return false;
  }
  return true;
}

/** The index of the variant whose range holds `bucket`, or -1 (outside the traffic allocation). */
export function variantIndex(ends: readonly { readonly end: number }[], bucket: number): number {
  for (let i = 0; i < ends.length; i++) if (bucket < (ends[i] as { end: number }).end) return i;
  return -1;
}
