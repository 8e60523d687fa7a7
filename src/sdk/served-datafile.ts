/**
 * A datafile ready to serve: built once per revision, kept as JSON bytes with its validators
 * (`ETag`, `Last-Modified`) next to the compiled `DecisionConfig`, so neither datafile requests
 * nor OFREP evaluations build, serialize or compile anything.
 */
import { createHash } from 'node:crypto';
import { buildDatafile, compileDatafile, type DecisionConfig } from '../decide/index.js';
import type { DatafileSource } from '../store/read/datafile-inputs.js';
import { SDK_CORS_HEADERS } from './cors.js';

/** What OFREP needs to know about a flag beyond its decisions. */
export interface FlagState {
  /** Whether the flag's ruleset in this environment is enabled. */
  readonly enabled: boolean;
  /** Whether the ruleset has rules besides "everyone else". */
  readonly hasRules: boolean;
  /** Whether the flag has variables (then OFREP's value is an object of them). */
  readonly hasVariables: boolean;
}

export interface ServedDatafile {
  readonly sdkKey: string;
  readonly environmentId: number;
  readonly projectId: number;
  readonly revision: number;
  readonly secure: boolean;
  readonly tokenHash: string | null;
  readonly body: Buffer;
  /** Strong validator: the revision and a hash of the bytes. */
  readonly etag: string;
  /** HTTP date of the revision's publish time. */
  readonly lastModified: string;
  readonly lastModifiedMs: number;
  /**
   * The headers of a 200 and of a 304 (validators, caching, CORS), as the flat name/value list
   * `writeHead` takes, built once: the route adds only the request id.
   */
  readonly head200: readonly string[];
  readonly head304: readonly string[];
  readonly config: DecisionConfig;
  readonly flags: ReadonlyMap<string, FlagState>;
  /** Whether an audience has a `cohort` leaf: only then does OFREP load the visitor's cohorts. */
  readonly usesCohorts: boolean;
}

/** Whether a condition tree (JSON) has a `{"type": "cohort"}` leaf anywhere. */
function hasCohortLeaf(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasCohortLeaf);
  return typeof node === 'object' && node !== null && (node as { type?: unknown }).type === 'cohort';
}

function parsedConditions(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function serveDatafile(source: DatafileSource): ServedDatafile {
  const datafile = buildDatafile(source.inputs);
  const body = Buffer.from(JSON.stringify(datafile));
  const published = Date.parse(source.publishedAt);
  const etag = `"${source.revision}-${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
  const lastModified = new Date(published).toUTCString();
  const validators = ['etag', etag, 'last-modified', lastModified, 'cache-control', source.secure ? 'private, no-cache' : 'public, no-cache', ...SDK_CORS_HEADERS];
  const flags = new Map<string, FlagState>();
  for (const flag of source.inputs.flags) {
    flags.set(flag.key, { enabled: flag.enabled, hasRules: flag.rules.length > 0, hasVariables: flag.variables.length > 0 });
  }
  return {
    sdkKey: source.inputs.sdkKey,
    environmentId: source.environmentId,
    projectId: source.projectId,
    revision: source.revision,
    secure: source.secure,
    tokenHash: source.tokenHash,
    body,
    etag,
    lastModified,
    lastModifiedMs: Math.floor(published / 1000) * 1000,
    head304: validators,
    head200: ['content-type', 'application/json', 'content-length', String(body.length), ...validators],
    config: compileDatafile(datafile),
    flags,
    usesCohorts: source.inputs.audiences.some((a) => hasCohortLeaf(parsedConditions(a.conditions))),
  };
}
