// AltiVec (VMX) single-precision floating point: vaddfp, vsubfp, vmaddfp, vnmsubfp, vmaxfp,
// vminfp, vrefp, vrsqrtefp, vrfi[nzpm], vcfux/vcfsx, vctuxs/vctsxs, vcmp{eq,ge,gt,b}fp[.].
//
// These never touch the FPSCR: round to nearest, no exceptions, default NaN 0x7fc00000, and
// with VSCR[NJ] set a denormal result is flushed to a zero of the same sign. A single
// rounding to single precision of an exactly representable double (products of two singles,
// and sums, are rounded once from the exact double or through round-to-odd) keeps results
// correctly rounded; fused multiply-add goes through the FPU's round-to-odd helper.

import { Op, ST_NEXT, setCrField } from './cpu.js';
import type { Cpu } from './cpu.js';
import { getVsr, putVsr, scratch as scratch2 } from './ops-vec.js';
import { fma, fmaOut, toOdd } from './fpmath.js';

function scratch(): DataView { return scratch2()[0]; }
const dA = scratch(), dB = scratch(), dC = scratch(), dT = scratch();

const NJ = 0x10000, SAT = 1;
const DNAN = 0x7fc00000;
const FLT_MIN_NORMAL = 1.1754943508222875e-38;

function isNaN32(w: number): boolean { return (w & 0x7fffffff) > 0x7f800000; }
const f32 = new Float32Array(1), i32 = new Int32Array(f32.buffer);
function bitsOf(x: number): number { f32[0] = x; return i32[0]; }
function valOf(w: number): number { i32[0] = w; return f32[0]; }

/** Round x (a double) to single bits, flushing a denormal result when NJ is set. */
function out(c: Cpu, x: number): number {
  const r = Math.fround(x);
  if ((c.vscr & NJ) && r !== 0 && Math.abs(r) < FLT_MIN_NORMAL) return r < 0 ? 0x80000000 | 0 : 0;
  return bitsOf(r);
}

/** An operand as the op sees it: flushed to a signed zero when denormal and NJ is set. */
function inp(c: Cpu, w: number): number {
  return (c.vscr & NJ) && (w & 0x7f800000) === 0 ? w & 0x80000000 : w;
}

/** The first NaN among the operands (quieted), or 0 when there is none (0 is never a NaN). */
function nanOf(a: number, b: number, c: number, n: number): number {
  if (isNaN32(a)) return a | 0x400000;
  if (n > 1 && isNaN32(b)) return b | 0x400000;
  if (n > 2 && isNaN32(c)) return c | 0x400000;
  return 0;
}

export const enum Vf { ADD, SUB, MADD, NMSUB, MAX, MIN, RE, RSQRTE, RFIN, RFIZ, RFIP, RFIM }

export function vfp(k: Vf, t: number, a: number, b: number, cc: number): Op {
  const nops = k === Vf.MADD || k === Vf.NMSUB ? 3 : k <= Vf.MIN ? 2 : 1;
  return (c) => {
    getVsr(c, a, dA); getVsr(c, b, dB); if (nops === 3) getVsr(c, cc, dC);
    for (let j = 0; j < 16; j += 4) {
      // Operand order of the NaN priority: A, B, C (for the fused forms: A * C + B).
      // With NJ, denormal operands count as zeros of their sign (qemu flushes inputs too).
      const wa = inp(c, nops === 1 ? dB.getInt32(j) : dA.getInt32(j)), wb = inp(c, dB.getInt32(j)), wc = inp(c, dC.getInt32(j));
      const nan = nops === 1 ? nanOf(wb, 0, 0, 1) : nanOf(wa, wb, wc, nops);
      let r: number;
      if (nan !== 0) r = nan;
      else {
        const x = valOf(wa), y = valOf(wb);
        switch (k) {
          case Vf.ADD: r = (x === Infinity && y === -Infinity) || (x === -Infinity && y === Infinity) ? DNAN : out(c, x + y); break;
          case Vf.SUB: r = (x === Infinity && y === Infinity) || (x === -Infinity && y === -Infinity) ? DNAN : out(c, x - y); break;
          case Vf.MADD: case Vf.NMSUB: {
            const z = valOf(wc);
            const p = x * z;
            const addend = k === Vf.MADD ? y : -y;
            if ((x === 0 && !isFinite(z)) || (z === 0 && !isFinite(x))) { r = DNAN; break; }
            if (!isFinite(p) && !isFinite(addend) && p !== addend) { r = DNAN; break; }
            if (!isFinite(p) || !isFinite(addend)) { r = out(c, k === Vf.NMSUB ? -(p + addend) : p + addend); break; }
            fma(x, z, addend);
            const v = toOdd(fmaOut.v, fmaOut.err);
            // vnmsubfp negates the rounded A * C - B, an exact zero included: that zero is
            // +0 (cancellation, or zeros of mixed signs) unless the product is -0 and B is
            // +0, so the lane is -0, or +0 in that one case (qemu's muladd, negate_result).
            r = out(c, k === Vf.NMSUB ? -v : v);
            break;
          }
          case Vf.MAX: case Vf.MIN: {
            const isMax = k === Vf.MAX;
            if (x === y) r = isMax ? (wa >= 0 ? wa : wb) : (wa < 0 ? wa : wb);
            else r = (isMax ? x > y : x < y) ? wa : wb;
            if ((c.vscr & NJ) && (r & 0x7f800000) === 0) r &= 0x80000000;
            break;
          }
          case Vf.RE: r = out(c, 1 / y); break;
          case Vf.RSQRTE: r = y < 0 ? DNAN : out(c, 1 / Math.fround(Math.sqrt(y))); break;
          case Vf.RFIN: r = bitsOf(roundEven(y)); break;
          case Vf.RFIZ: r = bitsOf(Math.trunc(y) || y * 0); break;
          case Vf.RFIP: r = bitsOf(Math.ceil(y)); break;
          default: r = bitsOf(Math.floor(y)); break;
        }
      }
      dT.setInt32(j, r);
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

function roundEven(x: number): number {
  if (!isFinite(x) || Math.abs(x) >= 8388608) return x;
  const f = Math.floor(x), d = x - f;
  let r = d > 0.5 ? f + 1 : d < 0.5 ? f : (f % 2 === 0 ? f : f + 1);
  if (r === 0 && (x < 0 || Object.is(x, -0))) r = -0;
  return r;
}

/** vcfux / vcfsx: words to singles, divided by 2^uim. */
export function vcf(signed: boolean, t: number, b: number, uim: number): Op {
  const scale = 2 ** -uim;
  return (c) => {
    getVsr(c, b, dB);
    for (let j = 0; j < 16; j += 4) {
      const v = signed ? dB.getInt32(j) : dB.getUint32(j);
      // One rounding: the integer is exact in a double, the scaling by 2^-uim is exact too.
      dT.setInt32(j, out(c, v * scale));
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** vctuxs / vctsxs: singles times 2^uim, truncated, saturated (VSCR[SAT]); NaN gives 0. */
export function vct(signed: boolean, t: number, b: number, uim: number): Op {
  const scale = 2 ** uim;
  return (c) => {
    getVsr(c, b, dB);
    for (let j = 0; j < 16; j += 4) {
      const w = dB.getInt32(j);
      let r: number;
      if (isNaN32(w)) r = 0;   // no saturation is reported for a NaN (qemu)
      else {
        const v = Math.trunc(valOf(w) * scale);
        const min = signed ? -2147483648 : 0, max = signed ? 2147483647 : 4294967295;
        if (v < min) { r = min; c.vscr |= SAT; }
        else if (v > max) { r = max; c.vscr |= SAT; }
        else r = v;
      }
      dT.setInt32(j, r | 0);
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

export const enum Fc { EQ, GE, GT, B }

/** vcmpeqfp / vcmpgefp / vcmpgtfp / vcmpbfp [.]. */
export function vcmpfp(k: Fc, t: number, a: number, b: number, rc: boolean): Op {
  return (c) => {
    getVsr(c, a, dA); getVsr(c, b, dB);
    let all = true, none = true;
    for (let j = 0; j < 16; j += 4) {
      const wa = inp(c, dA.getInt32(j)), wb = inp(c, dB.getInt32(j));
      const x = valOf(wa), y = valOf(wb);
      let r: number;
      if (k === Fc.B) {
        const nan = isNaN32(wa) || isNaN32(wb);
        const le = !nan && x <= y, ge = !nan && x >= -y;
        r = (le ? 0 : 0x80000000) | (ge ? 0 : 0x40000000);
        if (r !== 0) all = false;
      } else {
        const ok = k === Fc.EQ ? x === y : k === Fc.GE ? x >= y : x > y;
        r = ok ? -1 : 0;
        if (ok) none = false; else all = false;
      }
      dT.setInt32(j, r | 0);
    }
    putVsr(c, t, dT);
    if (rc) setCrField(c, 6, k === Fc.B ? (all ? 2 : 0) : all ? 8 : none ? 2 : 0);
    return ST_NEXT;
  };
}
