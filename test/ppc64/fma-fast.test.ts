// fmaFast (the double-double fast path of fused multiply-add) against an exact oracle: the
// product and sum computed in BigInt, rounded once to nearest-even. Whenever fmaFast answers,
// its result and error sign must be the exact ones (and equal the general fma's); when it
// declines, the general fma must still be exact. Inputs: random doubles over the fast range,
// products near ties, cancellations, and sums whose exact value sits half an ulp from a double.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fma, fmaFast, fmaOut } from '../../emu/ppc64/fpmath.js';

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** x = m * 2^e exactly (x finite, nonzero). */
function parts(x: number): { m: bigint; e: number } {
  f64[0] = x;
  const bits = u64[0];
  const be = Number((bits >> 52n) & 0x7ffn);
  let m = bits & ((1n << 52n) - 1n);
  if (be !== 0) m |= 1n << 52n;
  const e = (be === 0 ? 1 : be) - 1075;
  return { m: bits >> 63n ? -m : m, e };
}

/** The exact a*b + c rounded to nearest-even, and the sign of (exact - rounded). */
function oracle(a: number, b: number, c: number): { v: number; err: number } {
  const pa = parts(a), pb = parts(b);
  let num = pa.m * pb.m, e = pa.e + pb.e;
  if (c !== 0) {
    const pc = parts(c);
    if (pc.e < e) { num <<= BigInt(e - pc.e); e = pc.e; num += pc.m; }
    else num += pc.m << BigInt(pc.e - e);
  }
  if (num === 0n) return { v: a * b + c, err: 0 };
  const neg = num < 0n;
  let mag = neg ? -num : num;
  // Normalize to a 53-bit mantissa with the rest as the rounding tail.
  const bits = mag.toString(2).length;
  let shift = bits - 53;
  if (e + shift < -1074) shift = -1074 - e; // subnormal result grid
  let q: bigint, rem: bigint, half: bigint;
  if (shift > 0) {
    q = mag >> BigInt(shift);
    rem = mag - (q << BigInt(shift));
    half = 1n << BigInt(shift - 1);
  } else { q = mag; rem = 0n; half = 1n; }
  if (rem > half || (rem === half && (q & 1n) === 1n)) q++;
  const v = Number(q) * 2 ** (e + Math.max(shift, 0));
  // exact - v: compare |exact| with |v| on the common grid.
  const vq = q << BigInt(Math.max(shift, 0));
  const d = mag === vq ? 0 : mag > vq ? 1 : -1;
  return { v: neg ? -v : v, err: d === 0 ? 0 : neg ? -d : d };
}

let seed = 0x9e3779b9;
function rnd(): number {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
}
function rndDouble(minExp: number, maxExp: number): number {
  const m = 1 + rnd() + rnd() * 2 ** -26;
  const e = Math.floor(minExp + rnd() * (maxExp - minExp));
  return (rnd() < 0.5 ? -1 : 1) * m * 2 ** e;
}

function check(a: number, b: number, c: number): boolean {
  const want = oracle(a, b, c);
  const fast = fmaFast(a, b, c);
  if (fast) {
    assert.ok(Object.is(fmaOut.v, want.v) || (fmaOut.v === want.v && want.v !== 0), `fmaFast(${a}, ${b}, ${c}) = ${fmaOut.v}, exact ${want.v}`);
    assert.equal(fmaOut.err, want.err, `fmaFast(${a}, ${b}, ${c}) error sign`);
  }
  fma(a, b, c);
  assert.equal(fmaOut.v, want.v, `fma(${a}, ${b}, ${c})`);
  assert.equal(fmaOut.err, want.err, `fma(${a}, ${b}, ${c}) error sign`);
  return fast;
}

test('fmaFast: random operands over its range agree with the exact oracle', () => {
  let taken = 0;
  for (let i = 0; i < 20000; i++) {
    const a = rndDouble(-60, 60), b = rndDouble(-60, 60);
    const c = i % 3 === 0 ? rndDouble(-130, 130) : -(a * b) * (1 + (rnd() - 0.5) * 2 ** -(i % 60));
    if (check(a, b, c)) taken++;
  }
  // The point of the fast path: it answers almost always.
  assert.ok(taken > 19000, `fast path taken ${taken} times of 20000`);
});

test('fmaFast: ties, near-ties, exact cancellations and edge magnitudes', () => {
  const ulpHalf = 2 ** -53;
  const cases: [number, number, number][] = [
    [1 + 2 ** -52, 1 + 2 ** -52, 0],           // product with a tail below the last bit
    [1 + 2 ** -27, 1 + 2 ** -27, -1],          // cancellation leaves only the low bits
    [1 + 2 ** -52, 1 - 2 ** -53, -1],
    [3, 1 / 3, -1],
    [1, 1, ulpHalf],                           // exact tie, even result
    [1 + 2 ** -52, 1, ulpHalf],                // exact tie, odd neighbour
    [1, 1, ulpHalf + 2 ** -106],               // just past the tie
    [1, 1, ulpHalf - 2 ** -106],
    [1, 1, -(2 ** -54)],                       // below a power of two: quarter ulp is the tie
    [1, 1, -(2 ** -54) - 2 ** -110],
    [2 ** 449, 2 ** 449, 2 ** 899],
    [2 ** -449, 2 ** -449, 2 ** -950],
    [2 ** -449, 2 ** -449, -(2 ** -898)],      // exact zero
    [1.5, 1.5, -2.25],
    [-0.1, 0.3, 0.03],
    [2 ** 400, 2 ** 401, -(2 ** 801)],
  ];
  for (const [a, b, c] of cases) check(a, b, c);
  // Sums that land on (or one tail bit from) a halfway point, built from random mantissas.
  for (let i = 0; i < 5000; i++) {
    const a = rndDouble(-10, 10), b = rndDouble(-10, 10);
    const p = a * b;
    f64[0] = p;
    const ulp = 2 ** (parts(p).e);
    const c = -p + (rnd() < 0.5 ? 1 : -1) * ulp * (i % 4 === 0 ? 0.5 : 2 ** (i % 50));
    check(a, b, c);
  }
});
