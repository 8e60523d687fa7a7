/**
 * Opaque list cursors: the keyset position (the last public id of the page) and the list it
 * belongs to, signed with HMAC-SHA256 under a per-database key. A cursor that does not parse,
 * belongs to another list or was altered is a 400, never a silently wrong page.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { invalid } from '../../core/errors.js';
import { cursorKey } from '../../store/read/web-experiments.js';

export type CursorList = 'experiments' | 'settings';

const PREFIX: Record<CursorList, string> = { experiments: 'exp', settings: 'settings' };
const keys = new WeakMap<object, Promise<string>>();

async function keyFor(request: FastifyRequest): Promise<string> {
  const db = request.server.fieldtest.db;
  let key = keys.get(db);
  if (!key) {
    key = cursorKey(db);
    keys.set(db, key);
  }
  return key;
}

function sign(key: string, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest().subarray(0, 16);
}

export async function encodeCursor(request: FastifyRequest, list: CursorList, after: string): Promise<string> {
  const payload = Buffer.from(JSON.stringify({ v: 1, l: list, a: after })).toString('base64url');
  return `${payload}.${sign(await keyFor(request), payload).toString('base64url')}`;
}

/** The keyset position in a cursor, or a 400 naming the cursor. */
export async function decodeCursor(request: FastifyRequest, list: CursorList, cursor: string): Promise<string> {
  const bad = invalid('cursor', 'is malformed or was modified: pass pagination.nextCursor from the previous page unchanged');
  const match = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{22})$/.exec(cursor);
  if (!match?.[1] || !match[2]) throw bad;
  const given = Buffer.from(match[2], 'base64url');
  // The last base64 character carries 4 padding bits: reject non-canonical spellings so that
  // every altered character of a cursor is refused, not just most of them.
  if (given.toString('base64url') !== match[2]) throw bad;
  const expected = sign(await keyFor(request), match[1]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw bad;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8'));
  } catch {
    throw bad;
  }
  const p = parsed as { v?: unknown; l?: unknown; a?: unknown };
  const idPattern = new RegExp(`^${PREFIX[list]}_[0-9A-HJKMNP-TV-Z]{26}$`);
  if (p.v !== 1 || p.l !== list || typeof p.a !== 'string' || !idPattern.test(p.a)) throw bad;
  return p.a;
}

/** `limit` clamped to 1..100 (default 25), as the Ours API documents. */
export function clampLimit(limit: number | undefined): number {
  if (limit === undefined) return 25;
  return Math.min(100, Math.max(1, Math.trunc(limit)));
}

/** The `pagination` object of a page. */
export async function paginationOf(request: FastifyRequest, list: CursorList, page: { hasMore: boolean; lastId: string | undefined }) {
  if (!page.hasMore || page.lastId === undefined) return { hasMore: false };
  return { hasMore: true, nextCursor: await encodeCursor(request, list, page.lastId) };
}
