// The 64-bit multiply helpers on 32-bit halves (int64.ts) against BigInt, on seeded random
// words and the edge words (0, 1, -1, the sign bit, the 16-bit halves' boundaries).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulhu32, mul64, mulu128, muls128, out } from '../../emu/ppc64/int64.js';

const EDGES = [0, 1, -1, 0x7fffffff, -0x80000000, 0xffff, 0x10000, 0xffff0000 | 0, 0x8000, 0x18000];

function* words(seed: number, n: number): Generator<[number, number]> {
  for (const a of EDGES) for (const b of EDGES) yield [a, b];
  let x = seed;
  const next = () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return x | 0; };
  for (let i = 0; i < n; i++) yield [next(), next()];
}

const u64 = (lo: number, hi: number) => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
const words4 = () => [out[0], out[1], out[2], out[3]].map((w) => w >>> 0);
const split = (v: bigint, n: number) => Array.from({ length: n }, (_, i) => Number((v >> BigInt(32 * i)) & 0xffffffffn));

test('mulhu32: the high word of the unsigned 64-bit product', () => {
  for (const [a, b] of words(0x1234567, 50000)) {
    assert.equal(mulhu32(a, b), Number((BigInt(a >>> 0) * BigInt(b >>> 0)) >> 32n), `${a} * ${b}`);
  }
});

test('mul64, mulu128, muls128: low 64 bits, unsigned and signed 128-bit products', () => {
  const it = words(0x7654321, 20000);
  for (const [al, ah] of it) {
    const [bl, bh] = it.next().value ?? [3, 5];
    const a = u64(al, ah), b = u64(bl, bh);
    mul64(al, ah, bl, bh);
    assert.deepEqual([out[0] >>> 0, out[1] >>> 0], split((a * b) & ((1n << 64n) - 1n), 2));
    mulu128(al, ah, bl, bh);
    assert.deepEqual(words4(), split(a * b, 4));
    muls128(al, ah, bl, bh);
    assert.deepEqual(words4(), split(BigInt.asUintN(128, BigInt.asIntN(64, a) * BigInt.asIntN(64, b)), 4));
  }
});
