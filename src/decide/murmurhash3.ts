/**
 * MurmurHash3 x86 32-bit over the UTF-8 bytes of a string, computed without allocating.
 *
 * The Optimizely JS SDK (v5+, `murmurhash@2.0.1` `v3()`) hashes `new TextEncoder().encode(key)`.
 * We walk the UTF-16 code units instead and emit the same UTF-8 bytes on the fly: surrogate pairs
 * become 4-byte sequences and lone surrogates become U+FFFD (EF BF BD), exactly as TextEncoder
 * does. The key may be given as a prefix and a suffix, so `bucketingId + ruleId` is hashed without
 * building the concatenated string; a surrogate pair split across the two halves is still joined.
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

/**
 * Hashes `prefix + suffix` (UTF-8 encoded) with MurmurHash3 x86 32-bit and returns the unsigned
 * 32-bit result. `murmurhash3('hello', '', 0) === 0x248bfa47`.
 */
export function murmurhash3(prefix: string, suffix = '', seed = 1): number {
  const prefixLength = prefix.length;
  const total = prefixLength + suffix.length;
  let h1 = seed | 0;
  let block = 0; // bytes waiting to form a 4-byte block, little-endian
  let shift = 0; // bits already in `block`
  let byteCount = 0;

  for (let i = 0; i < total; i++) {
    const unit = i < prefixLength ? prefix.charCodeAt(i) : suffix.charCodeAt(i - prefixLength);
    if (unit < 0x80) {
      // ASCII fast path: one byte.
      block |= unit << shift;
      shift += 8;
      byteCount += 1;
      if (shift === 32) {
        h1 = mixBlock(h1, block);
        block = 0;
        shift = 0;
      }
      continue;
    }
    // Pack the 2 to 4 UTF-8 bytes of this code point, first byte lowest.
    let packed: number;
    let length: number;
    if (unit < 0x800) {
      packed = 0xc0 | (unit >> 6) | ((0x80 | (unit & 0x3f)) << 8);
      length = 2;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      const next =
        unit <= 0xdbff && i + 1 < total
          ? i + 1 < prefixLength
            ? prefix.charCodeAt(i + 1)
            : suffix.charCodeAt(i + 1 - prefixLength)
          : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        const codePoint = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
        packed =
          0xf0 |
          (codePoint >> 18) |
          ((0x80 | ((codePoint >> 12) & 0x3f)) << 8) |
          ((0x80 | ((codePoint >> 6) & 0x3f)) << 16) |
          ((0x80 | (codePoint & 0x3f)) << 24);
        length = 4;
        i++;
      } else {
        // A lone surrogate: TextEncoder writes U+FFFD.
        packed = 0xef | (0xbf << 8) | (0xbd << 16);
        length = 3;
      }
    } else {
      packed =
        0xe0 | (unit >> 12) | ((0x80 | ((unit >> 6) & 0x3f)) << 8) | ((0x80 | (unit & 0x3f)) << 16);
      length = 3;
    }
    byteCount += length;
    for (let b = 0; b < length; b++) {
      block |= ((packed >>> (b * 8)) & 0xff) << shift;
      shift += 8;
      if (shift === 32) {
        h1 = mixBlock(h1, block);
        block = 0;
        shift = 0;
      }
    }
  }

  // Tail: 1 to 3 leftover bytes.
  if (shift !== 0) {
    let k1 = Math.imul(block, C1);
    k1 = (k1 << 15) | (k1 >>> 17);
    k1 = Math.imul(k1, C2);
    h1 ^= k1;
  }

  // Finalisation mix.
  h1 ^= byteCount;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return h1 >>> 0;
}

/** 2^32: the hash range. */
const HASH_RANGE = 4294967296;
/** Buckets per rule: traffic ranges are expressed over [0, 10000). */
export const BUCKET_COUNT = 10000;

/**
 * The bucket in [0, 10000) of `prefix + suffix`: floor(hash / 2^32 * 10000), with seed 1.
 * The division-then-multiplication order mirrors the SDK's `generateBucketValue` so float
 * rounding is identical.
 */
export function bucketValue(prefix: string, suffix = ''): number {
  return Math.floor((murmurhash3(prefix, suffix, 1) / HASH_RANGE) * BUCKET_COUNT);
}
