// Seeded PRNG and value pools for the PPC64 differential generator. Determinism matters more
// than quality here: the same seed must give the same cases on every machine, so everything
// derives from one 32-bit state stepped by mulberry32 (no Math.random anywhere).

export class Rng {
  constructor(seed) {
    this.s = seed >>> 0;
  }
  /** Uniform 32-bit unsigned integer. */
  u32() {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Integer in [0, n). */
  int(n) {
    return Math.floor((this.u32() / 4294967296) * n);
  }
  /** Integer in [lo, hi] inclusive. */
  range(lo, hi) {
    return lo + this.int(hi - lo + 1);
  }
  chance(p) {
    return this.u32() / 4294967296 < p;
  }
  pick(arr) {
    return arr[this.int(arr.length)];
  }
  /** Pick from [[weight, value], ...]. */
  weighted(pairs) {
    let total = 0;
    for (const [w] of pairs) total += w;
    let r = (this.u32() / 4294967296) * total;
    for (const [w, v] of pairs) {
      if ((r -= w) < 0) return v;
    }
    return pairs[pairs.length - 1][1];
  }
  u64() {
    return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
  }
  /** n distinct picks from arr. */
  sample(arr, n) {
    const a = arr.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a.slice(0, n);
  }
}

export const M64 = (1n << 64n) - 1n;
export const u64 = (v) => BigInt.asUintN(64, BigInt(v));
export const s64 = (v) => BigInt.asIntN(64, BigInt(v));
export const hex64 = (v) => u64(v).toString(16).padStart(16, '0');

// Integer values where carry, overflow, sign and word/doubleword boundaries change behaviour.
const EDGE = [
  0n, 1n, 2n, 3n, 0x7fn, 0x80n, 0xffn, 0x7fffn, 0x8000n, 0xffffn, 0x10000n,
  0x7fffffffn, 0x80000000n, 0x80000001n, 0xffffffffn, 0x100000000n, 0x1ffffffffn,
  0x7fffffffffffffffn, 0x8000000000000000n, 0x8000000000000001n,
  u64(-1n), u64(-2n), u64(-0x80000000n), u64(-0x80000001n), u64(-0x7fffffffn),
  0xffffffff7fffffffn, 0xffffffff80000000n, 0x00000000fffffffen, 0x5555555555555555n,
  0xaaaaaaaaaaaaaaaan, 0x0123456789abcdefn, 0xfedcba9876543210n, 0x00ff00ff00ff00ffn,
];

/** A GPR value: edge cases, shift counts, small numbers, sign-extended and random words. */
export function gprValue(rng) {
  switch (rng.weighted([[30, 'edge'], [12, 'small'], [10, 'shift'], [16, 'rand64'], [10, 'sext32'],
    [8, 'zext32'], [6, 'pow2'], [8, 'near']])) {
    case 'edge': return rng.pick(EDGE);
    case 'small': return u64(rng.range(-20, 40));
    // Shift counts, including the >= 32 / >= 64 cases and junk above the used bits.
    case 'shift': return rng.chance(0.7) ? BigInt(rng.pick([0, 1, 31, 32, 33, 63, 64, 65, 95, 127, 128, rng.int(128)]))
      : (rng.u64() & ~0x7fn) | BigInt(rng.int(128));
    case 'rand64': return rng.u64();
    case 'sext32': return u64(BigInt.asIntN(32, BigInt(rng.u32())));
    case 'zext32': return BigInt(rng.u32());
    case 'pow2': return u64((rng.chance(0.5) ? -1n : 1n) * (1n << BigInt(rng.int(64))));
    default: { // near an edge
      const e = rng.pick(EDGE);
      return u64(e + BigInt(rng.range(-3, 3)));
    }
  }
}

// Doubles where FP rounding, conversion and comparison behave specially; all finite unless
// `special` is allowed (infinities, NaNs).
const FEDGE = [
  0, -0, 1, -1, 0.5, -0.5, 1.5, 2, 3, -3, 2.5, 3.5, -2.5, 4.5, 1 / 3, -2 / 3, 0.1, 10, 100,
  2 ** 31, -(2 ** 31), 2 ** 31 - 0.5, 2 ** 31 + 0.5, -(2 ** 31) - 1, 2 ** 32, 2 ** 32 - 1,
  2 ** 52, 2 ** 52 + 1, 2 ** 53, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 2 ** 64, 2 ** 63 - 1024,
  1e300, -1e300, 1e-300, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 2 ** -1022,
  3.4028234663852886e38, 1.1754943508222875e-38, 1.401298464324817e-45, 16777217, 0.75, 123456.789,
];

const f64bits = new DataView(new ArrayBuffer(8));
export function doubleBits(d) {
  f64bits.setFloat64(0, d);
  return f64bits.getBigUint64(0);
}
export function bitsDouble(b) {
  f64bits.setBigUint64(0, u64(b));
  return f64bits.getFloat64(0);
}

/** An FPR value as 64 raw bits. */
export function fprValue(rng, special) {
  const kind = rng.weighted([[30, 'edge'], [20, 'single'], [20, 'rand'], [12, 'int'], [8, 'frac'],
    [special ? 6 : 0, 'special'], [4, 'denorm']]);
  switch (kind) {
    case 'edge': return doubleBits(rng.pick(FEDGE));
    case 'single': { // exactly representable in single precision
      f64bits.setUint32(0, rng.u32() & 0xbfffffff | (rng.chance(0.5) ? 0x3c000000 : 0));
      const f = f64bits.getFloat32(0);
      return doubleBits(Number.isFinite(f) ? f : 1.25);
    }
    case 'rand': { // random sign/fraction, exponent in a usable band
      const exp = BigInt(rng.range(1023 - 70, 1023 + 70));
      return (BigInt(rng.int(2)) << 63n) | (exp << 52n) | (rng.u64() & 0xfffffffffffffn);
    }
    case 'int': return doubleBits((rng.chance(0.5) ? -1 : 1) * rng.int(2 ** 31) * (rng.chance(0.3) ? 2 ** rng.int(34) : 1));
    case 'frac': return doubleBits((rng.chance(0.5) ? -1 : 1) * (rng.int(4096) / 8));
    case 'denorm': return (BigInt(rng.int(2)) << 63n) | (rng.u64() & 0xfffffffffffffn);
    default: return rng.pick([0x7ff0000000000000n, 0xfff0000000000000n, 0x7ff8000000000000n,
      0xfff8000000000123n, 0x7ff4000000000000n /* signalling */, 0x7ff0000000000001n]);
  }
}
