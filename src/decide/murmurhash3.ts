/**
 * MurmurHash3 x86 32-bit over the UTF-8 bytes of a string, computed without allocating.
 *
 * The Optimizely JS SDK (v5+, `murmurhash@2.0.1` `v3()`) hashes `new TextEncoder().encode(key)`.
 * We walk the UTF-16 code units instead and emit the same UTF-8 bytes on the fly: surrogate pairs
 * become 4-byte sequences and lone surrogates become U+FFFD (EF BF BD), exactly as TextEncoder
 * does. The hash is streamed through a `HashState`, so the bucketing id can be absorbed once per
 * decision and every rule's bucket computed by absorbing only the rule id: `bucketingId + ruleId`
 * is never concatenated, and a surrogate pair split between the two halves is still joined.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** Mixes one little-endian 4-byte block into the running hash (MurmurHash3 body step). */
function mixBlock(h1: number, block: number): number {
  let k1 = Math.imul(block, C1);
  k1 = (k1 << 15) | (k1 >>> 17);
  k1 = Math.imul(k1, C2);
  let h = h1 ^ k1;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** The running state of a hash: whole blocks mixed into `h1`, up to 3 bytes waiting in `block`. */
export class HashState {
  h1 = 0;
  block = 0;
  /** Bits already in `block` (0, 8, 16 or 24). */
  shift = 0;
  bytes = 0;
  /** A high surrogate that ended the text so far, waiting for its low half (0 when none). */
  high = 0;

  /** Starts a new hash. */
  reset(seed: number): this {
    this.h1 = seed | 0;
    this.block = 0;
    this.shift = 0;
    this.bytes = 0;
    this.high = 0;
    return this;
  }

  /** Copies another state into this one. */
  copy(from: HashState): this {
    this.h1 = from.h1;
    this.block = from.block;
    this.shift = from.shift;
    this.bytes = from.bytes;
    this.high = from.high;
    return this;
  }
}

/** Appends the UTF-8 encoding of `text` to the hash. */
export function absorb(state: HashState, text: string): void {
  let h1 = state.h1;
  let block = state.block;
  let shift = state.shift;
  let bytes = state.bytes;
  let high = state.high;
  const length = text.length;
  let i = 0;
  while (i < length || high !== 0) {
    let packed: number;
    let size: number;
    if (high !== 0) {
      // Finish a pair begun at the end of the previous text, or write U+FFFD for it.
      const next = i < length ? text.charCodeAt(i) : -1;
      if (next >= 0xdc00 && next <= 0xdfff) {
        const codePoint = 0x10000 + ((high - 0xd800) << 10) + (next - 0xdc00);
        packed = fourBytes(codePoint);
        size = 4;
        i++;
      } else if (next === -1) {
        break; // still waiting: the next text may start with the low half
      } else {
        packed = 0xef | (0xbf << 8) | (0xbd << 16);
        size = 3;
      }
      high = 0;
    } else {
      if (shift === 0) {
        // Block-aligned: take four ASCII characters at once (the common case for ids).
        while (i + 3 < length) {
          const c0 = text.charCodeAt(i);
          const c1 = text.charCodeAt(i + 1);
          const c2 = text.charCodeAt(i + 2);
          const c3 = text.charCodeAt(i + 3);
          if ((c0 | c1 | c2 | c3) >= 0x80) break;
          h1 = mixBlock(h1, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
          i += 4;
          bytes += 4;
        }
        if (i >= length) break;
      }
      const unit = text.charCodeAt(i++);
      if (unit < 0x80) {
        packed = unit;
        size = 1;
      } else if (unit < 0x800) {
        packed = 0xc0 | (unit >> 6) | ((0x80 | (unit & 0x3f)) << 8);
        size = 2;
      } else if (unit >= 0xd800 && unit <= 0xdbff) {
        high = unit; // resolved on the next turn, or by the next text / finish
        continue;
      } else if (unit >= 0xdc00 && unit <= 0xdfff) {
        packed = 0xef | (0xbf << 8) | (0xbd << 16); // a lone low surrogate
        size = 3;
      } else {
        packed =
          0xe0 |
          (unit >> 12) |
          ((0x80 | ((unit >> 6) & 0x3f)) << 8) |
          ((0x80 | (unit & 0x3f)) << 16);
        size = 3;
      }
    }
    bytes += size;
    for (let b = 0; b < size; b++) {
      block |= ((packed >>> (b * 8)) & 0xff) << shift;
      shift += 8;
      if (shift === 32) {
        h1 = mixBlock(h1, block);
        block = 0;
        shift = 0;
      }
    }
  }
  state.h1 = h1;
  state.block = block;
  state.shift = shift;
  state.bytes = bytes;
  state.high = high;
}

function fourBytes(codePoint: number): number {
  return (
    0xf0 |
    (codePoint >> 18) |
    ((0x80 | ((codePoint >> 12) & 0x3f)) << 8) |
    ((0x80 | ((codePoint >> 6) & 0x3f)) << 16) |
    ((0x80 | (codePoint & 0x3f)) << 24)
  );
}

/** Ends the hash (a pending high surrogate becomes U+FFFD) and returns it, unsigned. */
export function finish(state: HashState): number {
  if (state.high !== 0) {
    // A trailing lone high surrogate: TextEncoder writes U+FFFD. Absorbing "\uFFFD" does that.
    state.high = 0;
    absorb(state, '\ufffd');
  }
  let h1 = state.h1;
  if (state.shift !== 0) {
    let k1 = Math.imul(state.block, C1);
    k1 = (k1 << 15) | (k1 >>> 17);
    k1 = Math.imul(k1, C2);
    h1 ^= k1;
  }
  h1 ^= state.bytes;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return h1 >>> 0;
}

/** Scratch state: hashing runs no user code, so one shared state is never used re-entrantly. */
const scratch = new HashState();

/**
 * Hashes `prefix + suffix` (UTF-8 encoded) with MurmurHash3 x86 32-bit and returns the unsigned
 * 32-bit result. `murmurhash3('hello', '', 0) === 0x248bfa47`.
 */
export function murmurhash3(prefix: string, suffix = '', seed = 1): number {
  scratch.reset(seed);
  absorb(scratch, prefix);
  absorb(scratch, suffix);
  return finish(scratch);
}

/** 2^32: the hash range. */
const HASH_RANGE = 4294967296;
/** Buckets per rule: traffic ranges are expressed over [0, 10000). */
export const BUCKET_COUNT = 10000;

/** floor(hash / 2^32 × 10000): the division-then-multiplication order of the SDK's `generateBucketValue`. */
function toBucket(hash: number): number {
  return Math.floor((hash / HASH_RANGE) * BUCKET_COUNT);
}

/** The bucket in [0, 10000) of `prefix + suffix`, with seed 1 [SDK generateBucketValue]. */
export function bucketValue(prefix: string, suffix = ''): number {
  return toBucket(murmurhash3(prefix, suffix, 1));
}

/** A state holding the seed-1 hash of `prefix`, to be continued by `bucketAfter`. */
export function hashPrefix(prefix: string, into: HashState = new HashState()): HashState {
  into.reset(1);
  absorb(into, prefix);
  return into;
}

/** The bucket of `prefix + suffix` given `hashPrefix(prefix)`; the prefix state is not changed. */
export function bucketAfter(prefix: HashState, suffix: string): number {
  scratch.copy(prefix);
  absorb(scratch, suffix);
  return toBucket(finish(scratch));
}
