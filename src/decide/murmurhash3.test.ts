import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketValue, murmurhash3 } from './murmurhash3.js';

/** A plain byte-wise MurmurHash3 x86 32 over TextEncoder output: the SDK's murmurhash@2 way. */
function referenceHash(text: string, seed: number): number {
  const bytes = new TextEncoder().encode(text);
  const mix = (k: number): number =>
    Math.imul((Math.imul(k, 0xcc9e2d51) << 15) | (Math.imul(k, 0xcc9e2d51) >>> 17), 0x1b873593);
  let h = seed | 0;
  const blocks = bytes.length - (bytes.length % 4);
  for (let i = 0; i < blocks; i += 4) {
    const k =
      (bytes[i] as number) |
      ((bytes[i + 1] as number) << 8) |
      ((bytes[i + 2] as number) << 16) |
      ((bytes[i + 3] as number) << 24);
    h ^= mix(k);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let tail = 0;
  for (let i = bytes.length - 1; i >= blocks; i--) tail = (tail << 8) | (bytes[i] as number);
  if (bytes.length > blocks) h ^= mix(tail);
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Any UTF-16 code unit, lone surrogates included, plus some astral characters. */
const codeUnit = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  fc.integer({ min: 0, max: 0x7f }).map((unit) => String.fromCharCode(unit)),
  fc.constantFrom('🙂', '🚀', '用', 'é', '\ud800', '\udc00'),
);
const anyString = fc.string({ unit: codeUnit, maxLength: 40 });

describe('murmurhash3', () => {
  it.each([
    ['', 1, 0x514e28b7],
    ['hello', 0, 0x248bfa47],
    ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
  ])('standard vector %j with seed %i (reference §3.1)', (text, seed, expected) => {
    expect(murmurhash3(text, '', seed)).toBe(expected);
  });

  it.each([
    ['bob', '50001', 0x61c761f4, 3819],
    ['bob', '70100', 0x028c3fe5, 99],
    ['alice', '70100', 0x497643f5, 2869],
    ['user-1', '50001', 0xadc38bc0, 6787],
    ['用户1', '50001', 0x9eba1153, 6200],
    ['alice', 'default-rollout-80001-20000001', 0x37d021ca, 2180],
  ])('%s + %s hashes to %i, bucket %i (reference §3.1, seed 1)', (prefix, suffix, hash, bucket) => {
    expect(murmurhash3(prefix, suffix)).toBe(hash);
    expect(murmurhash3(prefix + suffix)).toBe(hash);
    expect(bucketValue(prefix, suffix)).toBe(bucket);
  });

  it.each([
    ['ppid1', 5254],
    ['ppid2', 4299],
    ['ppid3', 5439],
  ])('the SDK bucketer test vector %s + 1886780721 gives bucket %i', (prefix, bucket) => {
    expect(bucketValue(prefix, '1886780721')).toBe(bucket);
  });

  it('the SDK bucketer test vector ppid2 + 1886780722 gives bucket 2434', () => {
    expect(bucketValue('ppid21886780722')).toBe(2434);
  });

  it('hashes UTF-8 like SDK v5+ ("é" is 3927689336, not the v4 value 1442641396)', () => {
    expect(murmurhash3('é')).toBe(3927689336);
  });

  it('encodes a lone surrogate as U+FFFD, as TextEncoder does', () => {
    expect(murmurhash3('a\ud800b')).toBe(murmurhash3('a\ufffdb'));
    expect(murmurhash3('\udc00')).toBe(murmurhash3('\ufffd'));
  });

  it('joins a surrogate pair split between prefix and suffix', () => {
    expect(murmurhash3('x\ud83d', '\ude42y')).toBe(murmurhash3('x🙂y'));
  });

  it('equals a byte-wise hash of the TextEncoder bytes for any string, split anywhere', () => {
    fc.assert(
      fc.property(
        anyString,
        fc.nat(),
        fc.integer({ min: 0, max: 0xffffffff }),
        (text, cut, seed) => {
          const at = text.length === 0 ? 0 : cut % (text.length + 1);
          const expected = referenceHash(text, seed);
          expect(murmurhash3(text, '', seed)).toBe(expected);
          expect(murmurhash3(text.slice(0, at), text.slice(at), seed)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps buckets in [0, 10000)', () => {
    fc.assert(
      fc.property(anyString, anyString, (a, b) => {
        const bucket = bucketValue(a, b);
        return Number.isInteger(bucket) && bucket >= 0 && bucket < 10000;
      }),
    );
  });
});
