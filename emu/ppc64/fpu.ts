// The floating-point unit: FPSCR bookkeeping and the arithmetic, conversion, rounding,
// compare and FPSCR-move instructions. FPRs are moved as raw bits wherever the value is not
// computed (so NaN payloads survive); computed results are written as doubles.
//
// FPSCR behaviour follows what qemu-ppc64 7.2 does in user mode (the oracle the differential
// suite uses): FI/XX for inexact results, OX (with XX/FI) for overflow, UX for tiny inexact
// results, ZX for divide by zero, the VX* bits for invalid operations (VX and FX summarised),
// FPRF from the result class, FR never set. Enabled exceptions do not trap (Linux runs user
// code with MSR[FE0,FE1] = 0 unless a program asks otherwise); FEX is still computed.

import { Cpu, FLO, FHI } from './cpu.js';
import {
  fromBits, hiBits, loBits, nextUp, nextDown, nextUpF, nextDownF, sumErr, mulErrSign, divErrSign,
  sqrtErrSign, fma, fmaFastIo, fmaIo, fmaOut, toOdd, DBL_MAX, FLT_MAX, DBL_MIN_NORMAL, FLT_MIN_NORMAL, TWO32,
} from './fpmath.js';

// FPSCR bits (the architected low word).
export const FX = 0x80000000 | 0, FEX = 0x40000000, VX = 0x20000000, OX = 0x10000000,
  UX = 0x08000000, ZX = 0x04000000, XX = 0x02000000, VXSNAN = 0x01000000, VXISI = 0x00800000,
  VXIDI = 0x00400000, VXZDZ = 0x00200000, VXIMZ = 0x00100000, VXVC = 0x00080000,
  FR = 0x00040000, FI = 0x00020000, FPRF = 0x0001f000, FPCC = 0x0000f000, VXSOFT = 0x400,
  VXSQRT = 0x200, VXCVI = 0x100, VE = 0x80, OE = 0x40, UE = 0x20, ZE = 0x10, XE = 0x08;
const VX_ALL = VXSNAN | VXISI | VXIDI | VXZDZ | VXIMZ | VXVC | VXSOFT | VXSQRT | VXCVI;

// FPRF class codes (already shifted into place).
const C_QNAN = 0x11000, C_PINF = 0x05000, C_NINF = 0x09000, C_PZERO = 0x02000, C_NZERO = 0x12000,
  C_PDEN = 0x14000, C_NDEN = 0x18000, C_PNORM = 0x04000, C_NNORM = 0x08000;

/** The 64-bit default quiet NaN's high word. */
const DNAN_HI = 0x7ff80000;

/** Recompute the summary bits VX and FEX after FPSCR bits changed. */
export function summarize(c: Cpu): void {
  let f = c.fpscr;
  f = (f & VX_ALL) !== 0 ? f | VX : f & ~VX;
  const en = ((f & VX) && (f & VE)) || ((f & OX) && (f & OE)) || ((f & UX) && (f & UE)) ||
    ((f & ZX) && (f & ZE)) || ((f & XX) && (f & XE));
  c.fpscr = en ? f | FEX : f & ~FEX;
}

/** Set exception bits (with FX, as qemu: FX is set whenever an exception is recorded). */
export function raise(c: Cpu, bits: number): void {
  c.fpscr |= bits | FX;
  if (bits & VX_ALL) c.fpscr |= VX;
}

/** CR1 = FX, FEX, VX, OX for the Rc=1 forms. */
export function setCr1(c: Cpu): void {
  summarize(c);
  c.cr = (c.cr & ~0x0f000000) | (((c.fpscr >>> 28) & 15) << 24);
}

export function fprfOf(x: number, single: boolean): number {
  if (x !== x) return C_QNAN;
  if (x === Infinity) return C_PINF;
  if (x === -Infinity) return C_NINF;
  if (x === 0) return 1 / x > 0 ? C_PZERO : C_NZERO;
  const a = x < 0 ? -x : x;
  // qemu classifies the double result, also for single-precision instructions.
  void single;
  if (a < DBL_MIN_NORMAL) return x > 0 ? C_PDEN : C_NDEN;
  return x > 0 ? C_PNORM : C_NNORM;
}

export function setFprf(c: Cpu, cls: number): void {
  c.fpscr = (c.fpscr & ~FPRF) | cls;
}

// ---------------------------------------------------------------- operand access

function hi(c: Cpu, r: number): number { return c.fw[2 * r + FHI]; }
function lo(c: Cpu, r: number): number { return c.fw[2 * r + FLO]; }
function isNaNBits(h: number, l: number): boolean {
  return (h & 0x7ff00000) === 0x7ff00000 && ((h & 0xfffff) | l) !== 0;
}
function isSNaNBits(h: number, l: number): boolean {
  return isNaNBits(h, l) && (h & 0x00080000) === 0;
}
/** True when register r (-1: absent) holds a NaN. */
function nanAt(c: Cpu, r: number): boolean {
  return r >= 0 && isNaNBits(hi(c, r), lo(c, r));
}
/** Write a raw bit pattern. */
function setBits(c: Cpu, r: number, l: number, h: number): void {
  c.fw[2 * r + FLO] = l;
  c.fw[2 * r + FHI] = h;
}

/**
 * If any operand (by register number, -1 = absent) is a NaN: record VXSNAN for signalling
 * ones, write the first NaN (quieted) to t, set FPRF, and return true.
 */
function nanOperands(c: Cpu, t: number, r1: number, r2: number, r3: number, single: boolean): boolean {
  // The common case first, without building anything: no operand is a NaN.
  if (!nanAt(c, r1) && !nanAt(c, r2) && !nanAt(c, r3)) return false;
  let pick = -1, snan = false;
  for (let k = 0; k < 3; k++) {
    const r = k === 0 ? r1 : k === 1 ? r2 : r3;
    if (r < 0) continue;
    const h = hi(c, r), l = lo(c, r);
    if (isNaNBits(h, l)) {
      if (pick < 0) pick = r;
      if (isSNaNBits(h, l)) snan = true;
    }
  }
  if (snan) raise(c, VXSNAN);
  let h = hi(c, pick) | 0x00080000, l = lo(c, pick);
  // A single-precision result keeps only the bits a float can hold.
  if (single) l &= 0xe0000000;
  setBits(c, t, l, h);
  c.fpscr &= ~FI;
  setFprf(c, C_QNAN);
  return true;
}

/** An invalid operation with no NaN operand: default QNaN (when VE = 0), FPRF QNaN. */
function invalid(c: Cpu, t: number, bit: number): void {
  raise(c, bit);
  c.fpscr &= ~(FI | FR);
  if ((c.fpscr & VE) === 0) {
    setBits(c, t, 0, DNAN_HI);
    setFprf(c, C_QNAN);
  }
}

/**
 * Deliver a computed result: r is the round-to-nearest double of the exact value and err
 * the sign of (exact - r) (r may be ±Infinity on overflow, then err is 0). Applies the
 * rounding mode, single precision, and the OX/UX/XX/FI flags, FPRF, and writes FPR t.
 */
function deliver(c: Cpu, t: number, r: number, err: number, single: boolean, setClass = true): void {
  const rn = c.fpscr & 3;
  let x: number, inexact: boolean, over = false, tiny: boolean;
  if (!single) {
    x = r;
    if (!isFinite(r)) {
      over = true;
      x = overflowResult(r > 0, rn, DBL_MAX);
    } else if (err !== 0 && rn !== 0) {
      if (rn === 1) { if ((err > 0) !== (r > 0) && r !== 0) x = r > 0 ? nextDown(r) : nextUp(r); else if (r === 0) x = r; }
      else if (rn === 2) { if (err > 0) x = nextUp(r); }
      else if (err < 0) x = nextDown(r);
      if (!isFinite(x)) { over = true; x = overflowResult(x > 0, rn, DBL_MAX); }
    }
    inexact = over || err !== 0;
    const a = r < 0 ? -r : r;
    // Tininess is detected before rounding: an exact value just below the smallest normal is
    // tiny even when it rounds up to it.
    tiny = (a < DBL_MIN_NORMAL && (a !== 0 || err !== 0)) || (a === DBL_MIN_NORMAL && (err > 0) !== (r > 0) && err !== 0);
  } else {
    // Round to odd in double, then once to single: no double rounding.
    const odd = isFinite(r) ? toOdd(r, err) : r;
    let s: number;
    if (!isFinite(odd) || Math.abs(odd) >= 3.402823669209385e38 /* 2^128 */) {
      over = true;
      s = overflowResult(odd > 0, rn, FLT_MAX);
    } else {
      s = Math.fround(odd);
      if (rn === 0) {
        if (!isFinite(s)) { over = true; s = overflowResult(odd > 0, rn, FLT_MAX); }
      } else {
        // Directed rounding of odd onto the single grid; only a step past FLT_MAX overflows.
        if (!isFinite(s)) s = odd > 0 ? FLT_MAX : -FLT_MAX;
        if (rn === 1) { if (Math.abs(s) > Math.abs(odd)) s = s > 0 ? nextDownF(s) : nextUpF(s); }
        else if (rn === 2) { if (s < odd) s = nextUpF(s); }
        else if (s > odd) s = nextDownF(s);
        if (!isFinite(s)) { over = true; s = overflowResult(s > 0, rn, FLT_MAX); }
      }
    }
    x = s;
    inexact = over || err !== 0 || s !== odd;
    const a = odd < 0 ? -odd : odd;
    tiny = a < FLT_MIN_NORMAL && (a !== 0 || err !== 0);
  }
  c.f[t] = x;
  if (over) {
    raise(c, OX);
    if ((c.fpscr & OE) === 0) c.fpscr |= XX | FI;
  } else if (tiny && inexact) {
    raise(c, UX | XX);
    c.fpscr |= FI;
  } else if (inexact) {
    raise(c, XX);
    c.fpscr |= FI;
  } else {
    c.fpscr &= ~FI;
  }
  if (setClass) setFprf(c, fprfOf(x, single));
}

/** A finite round-to-nearest double r with error sign err, rounded in mode rn instead. */
function roundMode(r: number, err: number, rn: number): number {
  if (err === 0 || rn === 0 || !isFinite(r)) return r;
  if (rn === 1) return (err > 0) !== (r > 0) && r !== 0 ? (r > 0 ? nextDown(r) : nextUp(r)) : r;
  if (rn === 2) return err > 0 ? nextUp(r) : r;
  return err < 0 ? nextDown(r) : r;
}

function overflowResult(pos: boolean, rn: number, max: number): number {
  // RN: infinity; RZ: the largest finite; RP/RM: infinity only in their direction.
  if (rn === 0 || (rn === 2 && pos) || (rn === 3 && !pos)) return pos ? Infinity : -Infinity;
  return pos ? max : -max;
}

// ---------------------------------------------------------------- arithmetic

export const enum FOp { ADD, SUB, MUL, DIV, SQRT, MADD, MSUB, NMADD, NMSUB, RE, RSQRTE }

/**
 * An arithmetic instruction: t = a op b (op c). For the multiply forms the product is
 * A*C (ISA names); `b` is the addend of the fused forms.
 */
export function arith(c: Cpu, op: FOp, t: number, a: number, b: number, cc: number, single: boolean, rc: boolean): void {
  switch (op) {
    case FOp.ADD: case FOp.SUB: {
      if (!nanOperands(c, t, a, b, -1, single)) {
        const x = c.f[a], y = op === FOp.SUB ? -c.f[b] : c.f[b];
        if (x === Infinity && y === -Infinity || x === -Infinity && y === Infinity) invalid(c, t, VXISI);
        else {
          let r = x + y;
          const err = isFinite(r) ? (x === -y && x !== 0 ? 0 : sumErr(x, y, r)) : 0;
          const e = err > 0 ? 1 : err < 0 ? -1 : 0;
          // An exact zero sum of opposite operands is -0 when rounding toward -Infinity.
          if (r === 0 && e === 0 && (c.fpscr & 3) === 3 && !(x === 0 && y === 0 && 1 / x > 0 && 1 / y > 0)) r = -0;
          if (!isFinite(x) || !isFinite(y)) deliverExact(c, t, r, single);
          else deliver(c, t, r, e, single);
        }
      }
      break;
    }
    case FOp.MUL: {
      if (!nanOperands(c, t, a, cc, -1, single)) {
        const x = c.f[a], y = c.f[cc];
        if ((x === 0 && !isFinite(y)) || (y === 0 && !isFinite(x))) invalid(c, t, VXIMZ);
        else if (!isFinite(x) || !isFinite(y) || x === 0 || y === 0) deliverExact(c, t, x * y, single);
        else {
          const r = x * y;
          deliver(c, t, r, isFinite(r) ? mulErrSign(x, y, r) : 0, single);
        }
      }
      break;
    }
    case FOp.DIV: {
      if (!nanOperands(c, t, a, b, -1, single)) {
        const x = c.f[a], y = c.f[b];
        if (x === 0 && y === 0) invalid(c, t, VXZDZ);
        else if (!isFinite(x) && !isFinite(y)) invalid(c, t, VXIDI);
        else if (y === 0) {
          // Divide by zero: ZX, signed infinity (when ZE = 0).
          raise(c, ZX);
          c.fpscr &= ~(FI | FR);
          if ((c.fpscr & ZE) === 0) { c.f[t] = x / y; setFprf(c, fprfOf(x / y, single)); }
        } else if (!isFinite(x) || !isFinite(y) || x === 0) deliverExact(c, t, x / y, single);
        else {
          const r = x / y;
          deliver(c, t, r, isFinite(r) ? divErrSign(x, y, r) : 0, single);
        }
      }
      break;
    }
    case FOp.RE: {
      // qemu "estimates" 1/x by dividing in double precision (in the current rounding mode);
      // the single form then rounds that double to single: two roundings, reproduced here.
      if (!nanOperands(c, t, b, -1, -1, single)) {
        const y = c.f[b];
        if (y === 0) {
          raise(c, ZX);
          c.fpscr &= ~(FI | FR);
          if ((c.fpscr & ZE) === 0) { const h = 1 / y > 0 ? 0.5 : -0.5; c.f[t] = h; setFprf(c, fprfOf(h, single)); }
        } else if (!isFinite(y)) deliverExact(c, t, 1 / y, single);
        else {
          const r = 1 / y;
          const e = isFinite(r) ? divErrSign(1, y, r) : 0;
          if (!single) deliver(c, t, r, e, false);
          else {
            const d = roundMode(r, e, c.fpscr & 3);
            deliver(c, t, d, 0, true);
            if (e !== 0) { raise(c, XX); c.fpscr |= FI; }
          }
        }
      }
      break;
    }
    case FOp.SQRT: case FOp.RSQRTE: {
      if (!nanOperands(c, t, b, -1, -1, single)) {
        const x = c.f[b];
        if (x < 0 || (x === -Infinity)) invalid(c, t, VXSQRT);
        else if (op === FOp.RSQRTE) {
          if (x === 0) {
            raise(c, ZX);
            c.fpscr &= ~(FI | FR);
            if ((c.fpscr & ZE) === 0) { c.f[t] = 1 / x; setFprf(c, fprfOf(1 / x, single)); }
          } else if (x === Infinity) deliverExact(c, t, 0, single);
          else {
            // qemu: sqrt rounded, then 1/that rounded, both in the current mode.
            const rn = c.fpscr & 3;
            const s0 = Math.sqrt(x);
            const sq = roundMode(s0, sqrtErrSign(x, s0), rn);
            const r = 1 / sq;
            const e1 = divErrSign(1, sq, r);
            const inexactSqrt = sqrtErrSign(x, s0) !== 0 || s0 !== sq;
            deliver(c, t, r, e1, single);
            if (inexactSqrt) { raise(c, XX); c.fpscr |= FI; }
          }
        } else if (x === 0 || x === Infinity) deliverExact(c, t, Math.sqrt(x), single);
        else {
          const r = Math.sqrt(x);
          deliver(c, t, r, sqrtErrSign(x, r), single);
        }
      }
      break;
    }
    case FOp.MADD: case FOp.MSUB: case FOp.NMADD: case FOp.NMSUB: {
      // FRT = ±(FRA * FRC ± FRB). NaN priority: A, B, C.
      if (!single && (c.fpscr & 3) === 0 && maddFast(c, op, t, a, b, cc)) break;
      if (nanOperands(c, t, a, b, cc, single)) {
        // The negating forms do not change a NaN's sign.
        break;
      }
      const x = c.f[a], y = c.f[cc];
      let z = c.f[b];
      if (op === FOp.MSUB || op === FOp.NMSUB) z = -z;
      const neg = op === FOp.NMADD || op === FOp.NMSUB;
      // Both isFinite calls run before the tests: inside `x === 0 && ...` the call first ran
      // at the first zero factor, after V8 had optimized arith, and threw that code away.
      const xFinite = isFinite(x), yFinite = isFinite(y);
      if ((x === 0 && !yFinite) || (y === 0 && !xFinite)) { invalid(c, t, VXIMZ); break; }
      if (!xFinite || !yFinite) {
        // An infinite product (the other factor is nonzero): inf - inf is invalid.
        const p = x * y;
        if (!isFinite(z) && z !== p) invalid(c, t, VXISI);
        else deliverExact(c, t, neg ? -p : p, single);
        break;
      }
      if (!isFinite(z)) { deliverExact(c, t, neg ? -z : z, single); break; }
      fma(x, y, z);
      let r = fmaOut.v;
      const e = fmaOut.err;
      const p = x * y;
      if (r === 0 && e === 0 && (c.fpscr & 3) === 3 && !(p === 0 && z === 0 && (1 / p < 0) === (1 / z < 0))) r = -0;
      // qemu negates before rounding (softfloat's negate_result), so directed modes round
      // the negated value.
      deliver(c, t, neg ? -r : r, neg ? -e : e, single);
      break;
    }
  }
  if (rc) setCr1(c);
}

/**
 * The common fused multiply-add: double precision, round to nearest, operands of moderate
 * magnitude (so no NaN, infinity or subnormal result) and a result fmaFast can round, or a
 * zero factor (the other finite) with a normal addend, which comes out as it is, exact (what
 * fma and deliver give: a matrix with zero entries meets it often). Writes FRT, XX/FI and FPRF
 * as deliver would, or returns false having changed nothing.
 * Its arguments are register numbers, not doubles: V8 boxes a double passed to a call it does
 * not inline, and deliver's double argument cost an allocation per instruction.
 */
function maddFast(c: Cpu, op: FOp, t: number, a: number, b: number, cc: number): boolean {
  const f = c.f;
  const z = f[b], fa = f[a], fc = f[cc];
  fmaIo[0] = fa; fmaIo[1] = fc; fmaIo[2] = op === FOp.MSUB || op === FOp.NMSUB ? -z : z;
  // The zero-factor test's compares run on every call, not only when fmaFastIo fails: a
  // compare first met after V8 optimized this function (the first zero factor) threw the
  // optimized code away.
  const az = Math.abs(z), fa0 = fa === 0, fc0 = fc === 0, faFinite = isFinite(fa), fcFinite = isFinite(fc);
  const zeroFactor = (fa0 ? fcFinite : fc0 && faFinite) && az >= DBL_MIN_NORMAL && az <= DBL_MAX;
  if (!fmaFastIo()) {
    if (!zeroFactor) return false;
    fmaIo[3] = fmaIo[2];
    fmaIo[4] = 0;
  }
  const v = fmaIo[3], err = fmaIo[4];
  if (!(v > DBL_MIN_NORMAL || v < -DBL_MIN_NORMAL)) return false;
  // qemu negates before rounding; in round-to-nearest that is the same as negating after.
  const neg = op === FOp.NMADD || op === FOp.NMSUB;
  const x = neg ? -v : v;
  f[t] = x;
  if (err !== 0) { raise(c, XX); c.fpscr |= FI; } else c.fpscr &= ~FI;
  setFprf(c, x > 0 ? C_PNORM : C_NNORM);
  return true;
}

/** An exact result (no rounding needed): clear FI, set FPRF. */
function deliverExact(c: Cpu, t: number, x: number, single: boolean): void {
  c.f[t] = single ? Math.fround(x) : x;
  c.fpscr &= ~FI;
  setFprf(c, fprfOf(x, single));
}

// ---------------------------------------------------------------- rounding and conversion

/** frsp: round a double to single precision. */
export function frsp(c: Cpu, t: number, b: number, rc: boolean): void {
  if (!nanOperands(c, t, b, -1, -1, true)) {
    const x = c.f[b];
    if (!isFinite(x) || x === 0) deliverExact(c, t, x, true);
    else deliver(c, t, x, 0, true);
  }
  if (rc) setCr1(c);
}

export const enum Rnd { NEAREST_AWAY, ZERO, UP, DOWN }

/** frin / friz / frip / frim: round to an integral value; XX is not set, FI is cleared. */
export function fri(c: Cpu, t: number, b: number, mode: Rnd, rc: boolean): void {
  if (!nanOperands(c, t, b, -1, -1, false)) {
    const x = c.f[b];
    let r: number;
    switch (mode) {
      case Rnd.NEAREST_AWAY: r = x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5); break;
      case Rnd.ZERO: r = Math.trunc(x); break;
      case Rnd.UP: r = Math.ceil(x); break;
      case Rnd.DOWN: r = Math.floor(x); break;
    }
    // Math.floor(x + 0.5) is wrong for 0.49999999999999994 and for huge x; fix both.
    if (mode === Rnd.NEAREST_AWAY && Math.abs(x) < 4503599627370496) {
      const tr = Math.trunc(x);
      r = Math.abs(x - tr) >= 0.5 ? tr + Math.sign(x) : tr;
    } else if (mode === Rnd.NEAREST_AWAY) r = x;
    if (r === 0) r = x < 0 || 1 / x < 0 ? -0 : 0;
    c.f[t] = r;
    c.fpscr &= ~FI;
    setFprf(c, fprfOf(r, false));
  }
  if (rc) setCr1(c);
}

/**
 * fctiw[z], fctiwu[z], fctid[z], fctidu[z]: convert to an integer in FRT. Out-of-range and
 * NaN operands are invalid (VXCVI): the result saturates, NaN gives the most negative value
 * (unsigned: 0).
 */
export function fcti(c: Cpu, t: number, b: number, word: boolean, unsigned: boolean, truncate: boolean, rc: boolean): void {
  const h = hi(c, b), l = lo(c, b);
  const x = c.f[b];
  let r: number;
  let inv = false;
  if (isNaNBits(h, l)) {
    if (isSNaNBits(h, l)) raise(c, VXSNAN);
    inv = true;
    r = unsigned ? 0 : word ? -2147483648 : -9223372036854775808;
  } else {
    const rn = truncate ? 1 : c.fpscr & 3;
    r = roundInt(x, rn);
    const min = unsigned ? 0 : word ? -2147483648 : -9223372036854775808;
    const max = unsigned ? (word ? 4294967295 : 18446744073709551615) : (word ? 2147483647 : 9223372036854775807);
    // Compare in doubles: 2^63 and 2^64 are exact, so ">= 2^63" catches every overflow.
    if (r < min) { inv = true; r = min; }
    else if (unsigned ? (word ? r > max : r >= 18446744073709551616) : (word ? r > max : r >= 9223372036854775808)) {
      inv = true; r = max;
    }
  }
  if (inv) {
    raise(c, VXCVI);
    c.fpscr &= ~(FI | FR);
    if ((c.fpscr & VE) === 0) setFprf(c, C_QNAN);
  } else if (r !== x) {
    raise(c, XX);
    c.fpscr |= FI;
  } else {
    c.fpscr &= ~FI;
  }
  // The integer as 64 bits (word results sign- or zero-extend, as qemu's helpers do).
  let rl: number, rh: number;
  if (inv && !unsigned && !word && r <= -9223372036854775808) { rl = 0; rh = -2147483648; }
  else if (inv && !unsigned && !word) { rl = -1; rh = 0x7fffffff; }
  else if (inv && unsigned && !word && r !== 0) { rl = -1; rh = -1; }
  else if (word) {
    rl = r | 0;
    // qemu's NaN value for fctiw[z] is 0x80000000 zero-extended; other results sign-extend.
    rh = unsigned || isNaNBits(h, l) ? 0 : rl >> 31;
  }
  else {
    const neg = r < 0;
    const m = neg ? -r : r;
    let ml = m % TWO32, mh = Math.floor(m / TWO32);
    if (neg) { ml = -ml | 0; mh = (~mh + (ml === 0 ? 1 : 0)) | 0; }
    rl = ml | 0; rh = mh | 0;
  }
  setBits(c, t, rl, rh);
  if (rc) setCr1(c);
}

/** Round to an integral double with FPSCR rounding mode rn (0 nearest-even, 1 zero, 2 up, 3 down). */
export function roundInt(x: number, rn: number): number {
  if (!isFinite(x)) return x;
  switch (rn) {
    case 1: return Math.trunc(x);
    case 2: return Math.ceil(x);
    case 3: return Math.floor(x);
  }
  if (Math.abs(x) >= 4503599627370496) return x;
  const f = Math.floor(x), d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** fcfid, fcfidu, fcfids, fcfidus: a 64-bit integer in FRB to floating point. */
export function fcfid(c: Cpu, t: number, b: number, unsigned: boolean, single: boolean, rc: boolean): void {
  const l = lo(c, b) >>> 0, h = hi(c, b);
  let hv: number, neg = false, ml = l, mh = h >>> 0;
  if (!unsigned && h < 0) {
    neg = true;
    ml = (-l) >>> 0;
    mh = (~h + (ml === 0 ? 1 : 0)) >>> 0;
  }
  hv = mh * TWO32;                 // exact
  const r0 = hv + ml;              // one rounding
  const err = sumErr(hv, ml, r0);
  const r = neg ? -r0 : r0;
  const e = err > 0 ? 1 : err < 0 ? -1 : 0;
  // qemu 7.2 sets FPRF for fcfid only, not for fcfidu / fcfids / fcfidus.
  deliver(c, t, r, neg ? -e : e, single, !single && !unsigned);
  if (rc) setCr1(c);
}

// ---------------------------------------------------------------- moves, select, compare

export function fcmp(c: Cpu, bf: number, a: number, b: number, ordered: boolean): void {
  const ha = hi(c, a), la = lo(c, a), hb = hi(c, b), lb = lo(c, b);
  let v: number;
  const nan = isNaNBits(ha, la) || isNaNBits(hb, lb);
  if (nan) v = 1;
  else {
    const x = c.f[a], y = c.f[b];
    v = x < y ? 8 : x > y ? 4 : 2;
  }
  // FI is cleared: qemu's status check after the compare sees no inexact result.
  c.fpscr = (c.fpscr & ~(FPCC | FI)) | (v << 12);
  const sh = (7 - bf) * 4;
  c.cr = (c.cr & ~(15 << sh)) | (v << sh);
  if (nan) {
    const snan = isSNaNBits(ha, la) || isSNaNBits(hb, lb);
    if (ordered) {
      // VXVC also sets the FPRF class to "quiet NaN" (C and FU).
      raise(c, VXVC);
      c.fpscr = (c.fpscr & ~FPRF) | C_QNAN;
      if (snan) raise(c, VXSNAN);
    } else if (snan) raise(c, VXSNAN);
  }
}

/** mffs and its ISA 3.0 variants; `kind` is the RA field (0 mffs, 1 mffsce, 20-24 others). */
export function mffs(c: Cpu, t: number, kind: number, b: number, imm: number, rc: boolean): boolean {
  const old = c.fpscr;
  switch (kind) {
    case 0: setBits(c, t, old, 0); break;
    case 1: setBits(c, t, old, 0); c.fpscr &= ~0xf8; break;                  // mffsce: clear enables
    case 20: setBits(c, t, old & 0xff, 0); break;                            // mffscdrn (DRN not modelled)
    case 21: setBits(c, t, old & 0xff, 0); break;                            // mffscdrni
    case 22: setBits(c, t, old & 0xff, 0); c.fpscr = (old & ~3) | (lo(c, b) & 3); break;  // mffscrn
    case 23: setBits(c, t, old & 0xff, 0); c.fpscr = (old & ~3) | (imm & 3); break;      // mffscrni
    case 24: setBits(c, t, old & (FPRF | 0xff), 0); break;                   // mffsl
    default: return false;
  }
  summarize(c);
  if (rc) setCr1(c);
  return true;
}

/** mtfsf: fields selected by flm (bit 0x80 = field 0) from FRB's low word; l: all fields. */
export function mtfsf(c: Cpu, flm: number, b: number, l: boolean, w: boolean, rc: boolean): void {
  const v = lo(c, b);
  let m = 0;
  if (l) m = -1;
  else if (!w) for (let i = 0; i < 8; i++) if (flm & (0x80 >> i)) m |= 15 << ((7 - i) * 4);
  // FEX and VX are summaries, never written directly; bit 52 (0x800) is reserved.
  m &= ~(FEX | VX | 0x800);
  c.fpscr = (c.fpscr & ~m) | (v & m);
  summarize(c);
  if (rc) setCr1(c);
}

export function mtfsfi(c: Cpu, bf: number, u: number, w: boolean, rc: boolean): void {
  if (!w) {
    let m = 15 << ((7 - bf) * 4);
    m &= ~(FEX | VX);
    c.fpscr = (c.fpscr & ~m) | ((u << ((7 - bf) * 4)) & m);
    summarize(c);
  }
  if (rc) setCr1(c);
}

/** mtfsb0 / mtfsb1: bit bt (0 = FX). FEX and VX cannot be set or cleared this way. */
export function mtfsb(c: Cpu, bt: number, set: boolean, rc: boolean): void {
  const m = 1 << (31 - bt);
  if (m !== FEX && m !== VX) {
    if (set) {
      // qemu 7.2 does not set FX here (the ISA would when an exception bit goes 0 -> 1).
      c.fpscr |= m;
    } else c.fpscr &= ~m;
    summarize(c);
  }
  if (rc) setCr1(c);
}

/** mcrfs: CR field bf = FPSCR field bfa, then clear that field's exception bits. */
export function mcrfs(c: Cpu, bf: number, bfa: number): void {
  const sh = (7 - bfa) * 4;
  const v = (c.fpscr >>> sh) & 15;
  const csh = (7 - bf) * 4;
  c.cr = (c.cr & ~(15 << csh)) | (v << csh);
  const clearable = FX | OX | UX | ZX | XX | VX_ALL;
  c.fpscr &= ~((15 << sh) & clearable);
  summarize(c);
}

/** ftdiv / ftsqrt: software-divide/sqrt test flags into CR field bf (as qemu). */
export function ftdiv(c: Cpu, bf: number, a: number, b: number): void {
  const x = c.f[a], y = c.f[b];
  let fe = false, fg = false;
  if (!isFinite(x) && x === x || !isFinite(y) && y === y || y === 0) { fe = fg = true; }
  else {
    const ea = expOf(hi(c, a)), eb = expOf(hi(c, b));
    if (x !== x || y !== y) fe = true;
    else if (eb <= -1022 || eb >= 1021) fe = true;
    else if (x !== 0 && (ea - eb >= 1023 || ea - eb <= -1021 || ea <= -970)) fe = true;
    if (Math.abs(y) < DBL_MIN_NORMAL) fg = true;
  }
  setField(c, bf, 8 | (fg ? 4 : 0) | (fe ? 2 : 0));
}

export function ftsqrt(c: Cpu, bf: number, b: number): void {
  const y = c.f[b];
  let fe = false, fg = false;
  if (y === Infinity || y === -Infinity || y === 0) fe = fg = true;
  else {
    const eb = expOf(hi(c, b));
    if (y !== y || y < 0 || eb <= -1022 + 52) fe = true;
    if (Math.abs(y) < DBL_MIN_NORMAL) fg = true;
  }
  setField(c, bf, 8 | (fg ? 4 : 0) | (fe ? 2 : 0));
}

function expOf(h: number): number { return ((h >>> 20) & 0x7ff) - 1023; }
function setField(c: Cpu, bf: number, v: number): void {
  const sh = (7 - bf) * 4;
  c.cr = (c.cr & ~(15 << sh)) | (v << sh);
}

// ---------------------------------------------------------------- single <-> double bits

/** The ISA's DOUBLE(): a single-precision bit pattern to the double pattern (exact, NaNs kept). */
export function singleToDouble(w: number): void {
  const abs = w & 0x7fffffff;
  let h: number, l: number;
  if (abs >= 0x7f800000) {
    // Infinity or NaN: exponent all ones, fraction copied (a signalling NaN stays signalling).
    h = (w & 0x80000000) | 0x7ff00000 | ((w & 0x7fffff) >>> 3);
    l = (w & 7) << 29;
  } else if (abs >= 0x00800000) {
    // Normal: widen the exponent, keep every mantissa bit.
    h = (w & 0xc0000000) | ((((w >>> 30) & 1) ^ 1) * 7 << 27) | ((w & 0x3fffffff) >>> 3);
    l = (w & 7) << 29;
  } else if (abs === 0) {
    h = w & 0x80000000; l = 0;
  } else {
    const shift = Math.clz32(abs) - 8;       // normalise the subnormal mantissa
    const exp = -126 - shift + 1023;
    const m = (abs << shift) & 0x7fffff;      // 23 fraction bits after the hidden bit
    h = (w & 0x80000000) | (exp << 20) | (m >>> 3);
    l = (m & 7) << 29;
  }
  conv.lo = l | 0; conv.hi = h | 0;
}
export const conv = { lo: 0, hi: 0 };

/** The ISA's SINGLE(): a double bit pattern to single (no rounding: bits are selected). */
export function doubleToSingle(l: number, h: number): number {
  const exp = (h >>> 20) & 0x7ff;
  if (exp > 896) {
    return ((h & 0xc0000000) | ((h & 0x07ffffff) << 3) | (l >>> 29)) | 0;
  }
  let r = h & 0x80000000;
  if (exp >= 874) {
    // A single-precision denormal: shift the mantissa with its hidden bit into place.
    const mh = (h & 0xfffff) | 0x100000, ml = l >>> 0;
    const sh = 896 + 30 - exp;               // 30..52
    const v = sh >= 32 ? mh >>> (sh - 32) : ((mh << (32 - sh)) | (ml >>> sh)) >>> 0;
    r |= v;
  }
  return r | 0;
}

export { fromBits, hiBits, loBits };
