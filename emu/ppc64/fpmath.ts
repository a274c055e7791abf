// Exact floating-point helpers for the FPU: JS only rounds to nearest in double precision,
// so every arithmetic instruction computes its round-to-nearest double result plus the sign
// of the rounding error (exactly, with error-free transformations), and from those two
// derives the directed roundings, round-to-single without double-rounding errors (through
// round-to-odd), and the inexact / overflow / underflow flags the FPSCR needs.

import { FLO, FHI } from './cpu.js';

const sf = new Float64Array(1);
const si = new Int32Array(sf.buffer);
const sf32 = new Float32Array(1);
const si32 = new Int32Array(sf32.buffer);

export const TWO32 = 4294967296;
const SPLIT = 134217729; // 2^27 + 1, Veltkamp splitting constant
export const DBL_MAX = Number.MAX_VALUE;
export const FLT_MAX = 3.4028234663852886e38;
export const DBL_MIN_NORMAL = 2.2250738585072014e-308;
export const FLT_MIN_NORMAL = 1.1754943508222875e-38;

export function hiBits(x: number): number { sf[0] = x; return si[FHI]; }
export function loBits(x: number): number { sf[0] = x; return si[FLO]; }

/** The double whose bits are hi:lo (only for non-NaN patterns; NaNs are moved as bits). */
export function fromBits(lo: number, hi: number): number {
  si[FLO] = lo; si[FHI] = hi;
  return sf[0];
}

/** The next double toward +Infinity / -Infinity (x finite or infinite, not NaN). */
export function nextUp(x: number): number {
  if (x === Infinity) return x;
  if (x === 0) return 5e-324;
  sf[0] = x;
  let lo = si[FLO] >>> 0, hi = si[FHI];
  if (x > 0) { lo++; if (lo === TWO32) { lo = 0; hi++; } }
  else { if (lo === 0) { lo = TWO32 - 1; hi--; } else lo--; }
  si[FLO] = lo; si[FHI] = hi;
  return sf[0];
}
export function nextDown(x: number): number { return -nextUp(-x); }

export function nextUpF(x: number): number {
  if (x === Infinity) return x;
  if (x === 0) return 1.401298464324817e-45;
  sf32[0] = x;
  si32[0] += x > 0 ? 1 : -1;
  return sf32[0];
}
export function nextDownF(x: number): number { return -nextUpF(-x); }

/** Exponent (unbiased) of a finite nonzero double, subnormals included. */
export function exponentOf(x: number): number {
  sf[0] = x;
  const e = (si[FHI] >>> 20) & 0x7ff;
  if (e !== 0) return e - 1023;
  sf[0] = x * 18446744073709551616; // 2^64
  return ((si[FHI] >>> 20) & 0x7ff) - 1023 - 64;
}

/** x * 2^n for any n (two steps so that neither factor overflows). */
export function scale(x: number, n: number): number {
  if (n > 1000) { x *= 2 ** 1000; n -= 1000; if (n > 1000) { x *= 2 ** 1000; n -= 1000; } }
  else if (n < -1000) { x *= 2 ** -1000; n += 1000; if (n < -1000) { x *= 2 ** -1000; n += 1000; } }
  return x * 2 ** n;
}

/** Error term of a + b (exact: a + b = s + err), s = fl(a + b) finite. */
export function sumErr(a: number, b: number, s: number): number {
  const bb = s - a;
  return (a - (s - bb)) + (b - bb);
}

/** Error of p = fl(a*b) as an exact double (valid when no over/underflow occurs). */
export function prodErr(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/**
 * Sign (-1, 0, 1) of the exact product a*b minus r, for finite nonzero a, b and any finite r
 * (r is fl(a*b) possibly after directed adjustments). Works across the whole exponent range
 * by scaling the operands to [1, 2).
 */
export function mulErrSign(a: number, b: number, r: number): number {
  const ea = exponentOf(a), eb = exponentOf(b);
  const as = scale(a, -ea), bs = scale(b, -eb);
  const p = as * bs;
  const e = prodErr(as, bs, p);
  const rs = scale(r, -(ea + eb));
  // Exact product (scaled) = p + e; p - rs is exact when they are close, and when rs
  // underflowed to 0 the sign of p decides.
  const d = (p - rs) + e;
  return d > 0 ? 1 : d < 0 ? -1 : 0;
}

/** Sign of the exact quotient a/b minus q (a, b finite, b nonzero, q finite). */
export function divErrSign(a: number, b: number, q: number): number {
  if (a === 0) return q === 0 ? 0 : (q > 0 ? -1 : 1);
  // a/b - q has the sign of (a - q*b) * sign(b); compute a - q*b exactly on scaled values.
  const ea = exponentOf(a), eb = exponentOf(b);
  const as = scale(a, -ea), bs = scale(b, -eb);
  const qs = scale(q, eb - ea);          // the quotient of the scaled operands
  if (q === 0) return (a > 0) === (b > 0) ? 1 : -1;
  const p = qs * bs;
  const e = prodErr(qs, bs, p);
  const d = (as - p) - e;
  const s = d > 0 ? 1 : d < 0 ? -1 : 0;
  return b > 0 ? s : -s;
}

/** Sign of sqrt(a) - s exactly (a > 0 finite, s > 0 finite). */
export function sqrtErrSign(a: number, s: number): number {
  // Scale a by an even power of two so that its square root scales exactly.
  let ea = exponentOf(a);
  if (ea & 1) ea--;
  const as = scale(a, -ea), ss = scale(s, -ea / 2);
  const p = ss * ss;
  const e = prodErr(ss, ss, p);
  const d = (as - p) - e;
  return d > 0 ? 1 : d < 0 ? -1 : 0;
}

/**
 * Fused multiply-add a*b + c with a single rounding: the round-to-nearest result in
 * out.v and the sign of (exact - v) in out.err. Operands finite; the caller handles
 * infinities and NaNs.
 */
export const fmaOut = { v: 0, err: 0 };

export function fma(a: number, b: number, c: number): void {
  if (a === 0 || b === 0) {
    // An exact (signed) zero product: the sum is one plain addition.
    const p = a * b;
    fmaOut.v = p + c;
    fmaOut.err = 0;
    return;
  }
  const ea = exponentOf(a), eb = exponentOf(b);
  const ep = ea + eb;
  if (c === 0 || ep - exponentOf(c) > 108) {
    // c cannot reach the product's rounding position: the product alone decides the result,
    // and c only acts as a sticky bit (deciding exact products and exact ties).
    const v = a * b;
    fmaOut.v = c === 0 ? v + c : v;
    if (!isFinite(v) || c === 0) { fmaOut.err = isFinite(v) ? mulErrSign(a, b, v) : 0; return; }
    const as = scale(a, -ea), bs = scale(b, -eb);
    const p = as * bs;
    const e = prodErr(as, bs, p);
    const cs = c > 0 ? 1 : -1;
    if (e === 0) { fmaOut.err = cs; return; }
    const es = e > 0 ? 1 : -1;
    const half = 2 ** (exponentOf(p) - 53);
    if (Math.abs(e) === half && es === cs) {
      // An exact tie broken by c: round away from v, toward the exact value.
      fmaOut.v = es > 0 ? nextUp(v) : nextDown(v);
      fmaOut.err = -es;
      return;
    }
    fmaOut.err = es;
    return;
  }
  const ec = exponentOf(c);
  if (ec - ep > 108) {
    // The product cannot reach c's rounding position: c, with the product as sticky bit.
    fmaOut.v = c;
    fmaOut.err = (a > 0) === (b > 0) ? 1 : -1;
    return;
  }
  if (ea > -480 && ea < 480 && eb > -480 && eb < 480 && ec > -900 && ec < 960) {
    fmaCore(a, b, c, 0);
    return;
  }
  // Extreme exponents: work on operands scaled so that the product is near 1. Results that
  // end up subnormal may then be rounded twice (documented limitation).
  fmaCore(scale(a, -ea), scale(b, -eb), scale(c, -ep), ep);
}

/** 2^-450 and 2^450: factors in this range have an exact Dekker product error (no underflow). */
const FAST_MIN = 2 ** -450, FAST_MAX = 2 ** 450, FAST_C_MAX = 2 ** 900;

/**
 * fma's common case, tried first: for factors of moderate magnitude, a*b + c is summed as a
 * double-double (Dekker's product error, then Knuth's TwoSum twice), which leaves the exact
 * value as r + re + te. When te is 0, r = fl(r + re) is the single rounding of the exact
 * value; otherwise r still is whenever |re| + |te| stays below half an ulp of r (a quarter
 * below a power of two), which is what almost every case meets. Anything else (a possible
 * tie or a near-halfway case, results near the subnormal range) returns false and the caller
 * takes the general fma. Same outputs as fma (fmaOut.v, fmaOut.err), about a third of the work.
 */
export function fmaFast(a: number, b: number, c: number): boolean {
  fmaIo[0] = a; fmaIo[1] = b; fmaIo[2] = c;
  if (!fmaFastIo()) return false;
  fmaOut.v = fmaIo[3];
  fmaOut.err = fmaIo[4];
  return true;
}

/**
 * fmaFast's operands (a, b, c at 0-2) and results (v, err at 3-4) for fmaFastIo. V8 boxes a
 * double passed to, returned from, or stored in an object by code it does not inline (an
 * allocation per instruction on the FPU's hot path); a Float64Array holds doubles unboxed.
 */
export const fmaIo = new Float64Array(5);

/** fmaFast on fmaIo. */
export function fmaFastIo(): boolean {
  const a = fmaIo[0], b = fmaIo[1], c = fmaIo[2];
  // Math.abs, not `x < 0 ? -x : x`: a negation first met after V8 optimized this (the first
  // negative operand) threw the optimized code away (no type feedback for it).
  const aa = Math.abs(a), ab = Math.abs(b), ac = Math.abs(c);
  if (!(aa >= FAST_MIN && aa <= FAST_MAX && ab >= FAST_MIN && ab <= FAST_MAX && ac <= FAST_C_MAX)) return false;
  const p = a * b;
  const pe = prodErr(a, b, p);
  const s = p + c;
  const se = sumErr(p, c, s);
  const t = se + pe;
  const te = sumErr(se, pe, t);
  const r = s + t;
  const re = sumErr(s, t, r);
  if (te === 0) {
    fmaIo[3] = r;
    fmaIo[4] = re > 0 ? 1 : re < 0 ? -1 : 0;
    return true;
  }
  sf[0] = r;
  const hw = si[FHI], e = (hw >>> 20) & 0x7ff;
  if (e < 64) return false;
  const pow2 = ((hw & 0xfffff) | si[FLO]) === 0;
  si[FHI] = (e - (pow2 ? 54 : 53)) << 20;
  si[FLO] = 0;
  // fl(|re| + |te|) < h implies |re| + |te| < h (h is a double and rounding is monotonic).
  if ((re < 0 ? -re : re) + (te < 0 ? -te : te) < sf[0]) {
    fmaIo[3] = r;
    const u = re + te;
    fmaIo[4] = u > 0 ? 1 : u < 0 ? -1 : 0;
    return true;
  }
  return false;
}

/** Boldo-Melquiond FMA on operands whose partial products cannot over/underflow, result * 2^ep. */
function fmaCore(a: number, b: number, c: number, ep: number): void {
  const uh = a * b;
  const ul = prodErr(a, b, uh);             // a*b = uh + ul exactly
  const th = c + ul;
  const tl = sumErr(c, ul, th);             // c + ul = th + tl
  const vh = uh + th;
  const vl = sumErr(uh, th, vh);            // uh + th = vh + vl; exact = vh + vl + tl
  const z0 = vl + tl;
  const ze = sumErr(vl, tl, z0);
  const z = toOdd(z0, ze > 0 ? 1 : ze < 0 ? -1 : 0);
  const vs = vh + z;
  const v = ep === 0 ? vs : scale(vs, ep);
  fmaOut.v = v;
  if (!isFinite(v)) { fmaOut.err = 0; return; }
  const vb = ep === 0 ? v : scale(v, -ep);
  // exact - v = (vh - vb) + vl + tl, with vh - vb exact (they are within a factor of 2).
  const d0 = vh - vb;
  const s1 = d0 + vl;
  const s1e = sumErr(d0, vl, s1);
  const rest = s1e + tl;
  const d = s1 !== 0 ? s1 + rest : rest;
  fmaOut.err = d > 0 ? 1 : d < 0 ? -1 : 0;
}

/** True when the least significant mantissa bit of x is 0. */
function isEven(x: number): boolean {
  sf[0] = x;
  return (si[FLO] & 1) === 0;
}

/**
 * Round-to-odd from a round-to-nearest result and the exact error sign: truncate toward
 * zero, then set the last bit if the result was inexact. Rounding this to single precision
 * gives the same result as rounding the exact value once.
 */
export function toOdd(r: number, err: number): number {
  if (err === 0 || !isFinite(r)) return r;
  let t = r;
  // r rounded away from zero: step back toward zero to get the truncation.
  if ((err > 0) !== (r > 0) && r !== 0) t = r > 0 ? nextDown(r) : nextUp(r);
  // The exact value lies between t and its neighbour away from zero; take the odd one.
  if (isEven(t)) {
    // The exact value has r's sign (rounding never flips it); r = 0 takes err's.
    const awayUp = t > 0 || (t === 0 && (r > 0 || (r === 0 && err > 0)));
    t = awayUp ? nextUp(t) : nextDown(t);
  }
  return t;
}
