// VSX floating point (scalar xs*, vector xv*): arithmetic, fused multiply-add, compares,
// min/max, conversions, rounding, estimates, tests, exponent/significand moves.
//
// Every lane reuses the FPU's register-numbered routines (fpu.ts): its operands are staged as
// doubles in the scratch FPR slots 32-35, the routine computes with the full FPSCR semantics,
// and the result is moved back into the lane. Single-precision lanes are widened exactly
// (the ISA's DOUBLE()) and narrowed by bit selection (SINGLE()) of a result already rounded
// to single. The behaviour follows qemu-ppc64 7.2 (the differential suite's oracle):
//  * scalar results set FPRF and FI; vector ones leave FPRF, FI and FR alone;
//  * scalar single-precision arithmetic (xsaddsp ...) rounds the exact result once, to single;
//  * doubleword 1 of a scalar result is zero.

import { Cpu, Op, ST_NEXT, FLO, FHI, setCrField } from './cpu.js';
import * as F from './fpu.js';

/** Scratch FPR slots: operands A, B, C and the result. */
const SA = 32, SB = 33, SC = 34, ST = 35;

/** Word j (0-3, ISA order) of VSR x. */
export function getW(c: Cpu, x: number, j: number): number {
  if (x < 32 && j < 2) return c.fw[2 * x + (j === 0 ? FHI : FLO)];
  return c.v[4 * x + j];
}
export function setW(c: Cpu, x: number, j: number, v: number): void {
  if (x < 32 && j < 2) c.fw[2 * x + (j === 0 ? FHI : FLO)] = v;
  else c.v[4 * x + j] = v;
}

/** Doubleword d of VSR x into scratch slot s (raw bits). */
function ldD(c: Cpu, x: number, d: number, s: number): void {
  c.fw[2 * s + FHI] = getW(c, x, 2 * d);
  c.fw[2 * s + FLO] = getW(c, x, 2 * d + 1);
}
/** Word j of VSR x, a single, widened into slot s. */
function ldS(c: Cpu, x: number, j: number, s: number): void {
  F.singleToDouble(getW(c, x, j));
  c.fw[2 * s + FHI] = F.conv.hi;
  c.fw[2 * s + FLO] = F.conv.lo;
}
function slotHi(c: Cpu, s: number): number { return c.fw[2 * s + FHI]; }
function slotLo(c: Cpu, s: number): number { return c.fw[2 * s + FLO]; }
/** Slot s narrowed to single bits. */
function slotS(c: Cpu, s: number): number { return F.doubleToSingle(c.fw[2 * s + FLO], c.fw[2 * s + FHI]); }

/** Result staging: four words, written to the target only after every lane is computed. */
const out = new Int32Array(4);
function putOut(c: Cpu, t: number): void {
  for (let j = 0; j < 4; j++) setW(c, t, j, out[j]);
}
function outScalarSlot(c: Cpu): void {
  out[0] = slotHi(c, ST); out[1] = slotLo(c, ST); out[2] = 0; out[3] = 0;
}

const KEEP_VEC = F.FPRF | F.FI | F.FR;
/**
 * Vector ops leave FPRF alone and do not report an inexact lane in FI; FI and FR change only
 * when a lane's invalid-operation or zero-divide exception clears them (as qemu 7.2 does).
 * vecBegin saves the three; laneBegin marks FR so a lane whose FPU routine cleared it
 * (exactly the exception paths) is noticed; vecEnd restores what survives.
 */
let laneCleared = false;
function vecBegin(c: Cpu): number { laneCleared = false; return c.fpscr & KEEP_VEC; }
function laneBegin(c: Cpu, scalar = false): void { if (!scalar) c.fpscr |= F.FR; }
function laneEnd(c: Cpu): void { if ((c.fpscr & F.FR) === 0) laneCleared = true; }
function vecEnd(c: Cpu, saved: number): void {
  c.fpscr = (c.fpscr & ~KEEP_VEC) | (laneCleared ? saved & F.FPRF : saved);
}

/**
 * qemu 7.2 checks a vector arithmetic or xvcvdpsp instruction's exception flags once, accumulated over its
 * lanes, and reports underflow only when no lane overflowed. lanesBegin clears OX and UX (and
 * returns them) so that lanesEnd sees what the lanes raised, then drops UX beside an OX and
 * puts the earlier sticky bits back.
 */
function lanesBegin(c: Cpu): number {
  const before = c.fpscr & (F.OX | F.UX);
  c.fpscr &= ~(F.OX | F.UX);
  return before;
}
function lanesEnd(c: Cpu, before: number): void {
  if ((c.fpscr & F.OX) !== 0) c.fpscr &= ~F.UX;
  c.fpscr |= before;
}

function isNaNW(h: number, l: number): boolean { return (h & 0x7ff00000) === 0x7ff00000 && ((h & 0xfffff) | l) !== 0; }
function isSNaNW(h: number, l: number): boolean { return isNaNW(h, l) && (h & 0x80000) === 0; }

// ---------------------------------------------------------------- arithmetic

/** Element shapes: scalar double, scalar single, vector double, vector single. */
export const enum Sh { SD, SS, VD, VS }

/** Operand roles of FOp in F.arith: t = f(a, b, cc). */
export const enum Ar { ADD, SUB, MUL, DIV, SQRT, RE, RSQRTE, MADDA, MADDM, MSUBA, MSUBM, NMADDA, NMADDM, NMSUBA, NMSUBM }

function fopOf(k: Ar): F.FOp {
  switch (k) {
    case Ar.ADD: return F.FOp.ADD;
    case Ar.SUB: return F.FOp.SUB;
    case Ar.MUL: return F.FOp.MUL;
    case Ar.DIV: case Ar.RE: return F.FOp.DIV;
    case Ar.SQRT: return F.FOp.SQRT;
    case Ar.RSQRTE: return F.FOp.RSQRTE;
    case Ar.MADDA: case Ar.MADDM: return F.FOp.MADD;
    case Ar.MSUBA: case Ar.MSUBM: return F.FOp.MSUB;
    case Ar.NMADDA: case Ar.NMADDM: return F.FOp.NMADD;
    default: return F.FOp.NMSUB;
  }
}

/** Stage lane operands for op k: F.arith computes f(SA, SB, SC) with the product SA*SC. */
function stage(c: Cpu, k: Ar, single: boolean, lane: number, t: number, a: number, b: number): void {
  const ld = single ? ldS : ldD;
  switch (k) {
    case Ar.ADD: case Ar.SUB: case Ar.DIV: ld(c, a, lane, SA); ld(c, b, lane, SB); break;
    case Ar.MUL: ld(c, a, lane, SA); ld(c, b, lane, SC); break;
    case Ar.SQRT: case Ar.RSQRTE: ld(c, b, lane, SB); break;
    case Ar.RE: c.f[SA] = 1; ld(c, b, lane, SB); break;
    // A forms: XA*XB + XT; M forms: XA*XT + XB.
    case Ar.MADDA: case Ar.MSUBA: case Ar.NMADDA: case Ar.NMSUBA:
      ld(c, a, lane, SA); ld(c, b, lane, SC); ld(c, t, lane, SB); break;
    default:
      ld(c, a, lane, SA); ld(c, t, lane, SC); ld(c, b, lane, SB); break;
  }
}

/**
 * One lane of F.arith into ST. qemu's reciprocal (square root) estimates divide without
 * reporting a division by zero: a zero operand gives the signed infinity and no exception.
 */
function lane(c: Cpu, op: F.FOp, estimate: boolean, single: boolean, scalar: boolean): void {
  if (estimate && (slotHi(c, SB) & 0x7fffffff) === 0 && slotLo(c, SB) === 0) {
    const inf = slotHi(c, SB) < 0 ? -Infinity : Infinity;
    c.f[ST] = inf;
    if (scalar) { c.fpscr &= ~F.FI; F.setFprf(c, F.fprfOf(inf, false)); }
    return;
  }
  F.arith(c, op, ST, SA, SB, SC, single, false);
}

export function arith(k: Ar, sh: Sh, t: number, a: number, b: number): Op {
  const op = fopOf(k);
  const estimate = k === Ar.RE || k === Ar.RSQRTE;
  return (c) => {
    if (sh === Sh.SD || sh === Sh.SS) {
      // Scalar single precision is one rounding of the exact result to single.
      stage(c, k, false, 0, t, a, b);
      lane(c, op, estimate, sh === Sh.SS, true);
      outScalarSlot(c);
    } else {
      const saved = vecBegin(c), flags = lanesBegin(c);
      const single = sh === Sh.VS;
      for (let l = 0; l < (single ? 4 : 2); l++) {
        stage(c, k, single, l, t, a, b);
        laneBegin(c);
        lane(c, op, estimate, single, false);
        laneEnd(c);
        if (single) out[l] = slotS(c, ST);
        else { out[2 * l] = slotHi(c, ST); out[2 * l + 1] = slotLo(c, ST); }
      }
      lanesEnd(c, flags);
      vecEnd(c, saved);
    }
    putOut(c, t);
    return ST_NEXT;
  };
}

// ---------------------------------------------------------------- sign moves, copysign

export const enum Sg { ABS, NABS, NEG, CPSGN }

export function sign(k: Sg, sh: Sh, t: number, a: number, b: number): Op {
  const dp = sh === Sh.SD || sh === Sh.VD;
  return (c) => {
    for (let j = 0; j < 4; j++) {
      let w = getW(c, b, j);
      const isSign = dp ? (j & 1) === 0 : true;
      if (isSign) {
        switch (k) {
          case Sg.ABS: w &= 0x7fffffff; break;
          case Sg.NABS: w |= 0x80000000; break;
          case Sg.NEG: w ^= 0x80000000; break;
          case Sg.CPSGN: w = (w & 0x7fffffff) | (getW(c, a, j) & 0x80000000); break;
        }
      }
      out[j] = w;
    }
    if (sh === Sh.SD) { out[2] = 0; out[3] = 0; }
    putOut(c, t);
    return ST_NEXT;
  };
}

// ---------------------------------------------------------------- max / min

/** max/min flavours: IEEE maxNum/minNum (xsmaxdp), C (xsmaxcdp), Java (xsmaxjdp). */
export const enum Mm { MAX, MIN, MAXC, MINC, MAXJ, MINJ }

/** One lane: operands in SA, SB; result bits into SC. Returns nothing, raises VXSNAN. */
function maxMinLane(c: Cpu, k: Mm): void {
  const ah = slotHi(c, SA), al = slotLo(c, SA), bh = slotHi(c, SB), bl = slotLo(c, SB);
  const an = isNaNW(ah, al), bn = isNaNW(bh, bl);
  if (isSNaNW(ah, al) || isSNaNW(bh, bl)) F.raise(c, F.VXSNAN);
  const isMax = k === Mm.MAX || k === Mm.MAXC || k === Mm.MAXJ;
  let pickA: boolean;
  let quiet = false;
  if (an || bn) {
    switch (k) {
      case Mm.MAX: case Mm.MIN:
        // maxNum: a quiet NaN loses to a number; a signalling NaN propagates (quieted).
        if (isSNaNW(ah, al) || isSNaNW(bh, bl)) { pickA = an; quiet = true; }
        else if (an && bn) { pickA = true; }
        else pickA = bn;
        break;
      case Mm.MAXC: case Mm.MINC: pickA = false; break;
      default: pickA = an; break;
    }
  } else {
    const x = c.f[SA], y = c.f[SB];
    if (x === y) {
      // Zeros of both signs: max gives +0, min gives -0 (C forms: B).
      if (k === Mm.MAXC || k === Mm.MINC) pickA = false;
      else pickA = isMax ? ah >= 0 : ah < 0;
    } else pickA = isMax ? x > y : x < y;
  }
  let h = pickA ? ah : bh;
  const l = pickA ? al : bl;
  if (quiet && isNaNW(h, l)) h |= 0x80000;
  c.fw[2 * SC + FHI] = h; c.fw[2 * SC + FLO] = l;
}

export function maxMin(k: Mm, sh: Sh, t: number, a: number, b: number): Op {
  return (c) => {
    const saved = c.fpscr & KEEP_VEC;   // min/max leave FPRF, FI and FR alone
    if (sh === Sh.SD) {
      ldD(c, a, 0, SA); ldD(c, b, 0, SB); maxMinLane(c, k);
      out[0] = slotHi(c, SC); out[1] = slotLo(c, SC); out[2] = 0; out[3] = 0;
    } else if (sh === Sh.VD) {
      for (let d = 0; d < 2; d++) {
        ldD(c, a, d, SA); ldD(c, b, d, SB); maxMinLane(c, k);
        out[2 * d] = slotHi(c, SC); out[2 * d + 1] = slotLo(c, SC);
      }
    } else {
      for (let j = 0; j < 4; j++) {
        ldS(c, a, j, SA); ldS(c, b, j, SB); maxMinLane(c, k);
        out[j] = slotS(c, SC);
      }
    }
    c.fpscr = (c.fpscr & ~KEEP_VEC) | saved;
    putOut(c, t);
    return ST_NEXT;
  };
}

// ---------------------------------------------------------------- compares

/** xscmpudp / xscmpodp: as fcmpu / fcmpo, into CR field bf and FPCC. */
export function scmp(bf: number, a: number, b: number, ordered: boolean): Op {
  return (c) => {
    ldD(c, a, 0, SA); ldD(c, b, 0, SB);
    // Unlike fcmpu/fcmpo these leave FI alone and do not set FPRF's C bit for a NaN.
    const keep = c.fpscr & (F.FI | 0x10000);
    F.fcmp(c, bf, SA, SB, ordered);
    c.fpscr = (c.fpscr & ~(F.FI | 0x10000)) | keep;
    return ST_NEXT;
  };
}

/** xscmpexpdp: compare the exponent fields. */
export function scmpexp(bf: number, a: number, b: number): Op {
  return (c) => {
    const ah = getW(c, a, 0), al = getW(c, a, 1), bh = getW(c, b, 0), bl = getW(c, b, 1);
    let v: number;
    if (isNaNW(ah, al) || isNaNW(bh, bl)) v = 1;
    else {
      const ea = (ah >>> 20) & 0x7ff, eb = (bh >>> 20) & 0x7ff;
      v = ea < eb ? 8 : ea > eb ? 4 : 2;
    }
    c.fpscr = (c.fpscr & ~F.FPCC) | (v << 12);
    setCrField(c, bf, v);
    return ST_NEXT;
  };
}

export const enum Cp { EQ, GT, GE }

/** One lane compare of SA, SB: VXSNAN for signalling NaNs, VXVC for NaNs in GT/GE. */
function cmpLane(c: Cpu, k: Cp): boolean {
  const ah = slotHi(c, SA), al = slotLo(c, SA), bh = slotHi(c, SB), bl = slotLo(c, SB);
  const an = isNaNW(ah, al), bn = isNaNW(bh, bl);
  if (an || bn) {
    if (isSNaNW(ah, al) || isSNaNW(bh, bl)) F.raise(c, F.VXSNAN | (k !== Cp.EQ ? F.VXVC : 0));
    else if (k !== Cp.EQ) F.raise(c, F.VXVC);
    return false;
  }
  const x = c.f[SA], y = c.f[SB];
  return k === Cp.EQ ? x === y : k === Cp.GT ? x > y : x >= y;
}

/** xscmp{eq,gt,ge}dp (ISA 3.0): an all-ones or all-zeros doubleword 0. */
export function scmpMask(k: Cp, t: number, a: number, b: number): Op {
  return (c) => {
    ldD(c, a, 0, SA); ldD(c, b, 0, SB);
    const m = cmpLane(c, k) ? -1 : 0;
    out[0] = m; out[1] = m; out[2] = 0; out[3] = 0;
    putOut(c, t);
    return ST_NEXT;
  };
}

/** xvcmp{eq,gt,ge}{dp,sp}[.]: per-lane masks; Rc sets CR6 (all 8, none 2). */
export function vcmp(k: Cp, single: boolean, t: number, a: number, b: number, rc: boolean): Op {
  return (c) => {
    const saved = vecBegin(c);
    let all = true, none = true;
    for (let lane = 0; lane < (single ? 4 : 2); lane++) {
      if (single) { ldS(c, a, lane, SA); ldS(c, b, lane, SB); } else { ldD(c, a, lane, SA); ldD(c, b, lane, SB); }
      const r = cmpLane(c, k);
      if (r) none = false; else all = false;
      const m = r ? -1 : 0;
      if (single) out[lane] = m; else { out[2 * lane] = m; out[2 * lane + 1] = m; }
    }
    vecEnd(c, saved);
    putOut(c, t);
    if (rc) setCrField(c, 6, all ? 8 : none ? 2 : 0);
    return ST_NEXT;
  };
}

/** xstdivdp / xvtdiv{dp,sp} / xstsqrtdp / xvtsqrt{dp,sp}: CR field bf from the lanes' flags. */
export function test(sqrt: boolean, sh: Sh, bf: number, a: number, b: number): Op {
  return (c) => {
    let fl = 0;
    const lanes = sh === Sh.SD ? 1 : sh === Sh.VD ? 2 : 4;
    for (let lane = 0; lane < lanes; lane++) {
      if (sh === Sh.VS) { ldS(c, a, lane, SA); ldS(c, b, lane, SB); } else { ldD(c, a, lane, SA); ldD(c, b, lane, SB); }
      if (sh === Sh.VS) fl |= testSingle(c, sqrt);
      else {
        if (sqrt) F.ftsqrt(c, bf, SB); else F.ftdiv(c, bf, SA, SB);
        fl |= (c.cr >>> ((7 - bf) * 4)) & 7;
      }
    }
    setCrField(c, bf, 8 | fl);
    return ST_NEXT;
  };
}

/** The test flags (fg 4, fe 2) for single-precision lanes in SA, SB. */
function testSingle(c: Cpu, sqrt: boolean): number {
  const x = c.f[SA], y = c.f[SB];
  const ea = expOfS(x), eb = expOfS(y);
  let fe = false, fg = false;
  if (sqrt) {
    if (y === Infinity || y === -Infinity || y === 0) fe = fg = true;
    else {
      if (y !== y || y < 0 || eb <= -126 + 23) fe = true;
      if (Math.abs(y) < 1.1754943508222875e-38) fg = true;
    }
  } else if ((!isFinite(x) && x === x) || (!isFinite(y) && y === y) || y === 0) fe = fg = true;
  else {
    if (x !== x || y !== y) fe = true;
    else if (eb <= -126 || eb >= 125) fe = true;
    else if (x !== 0 && (ea - eb >= 127 || ea - eb <= -125 || ea <= -126 + 23)) fe = true;
    if (Math.abs(y) < 1.1754943508222875e-38) fg = true;
  }
  return (fg ? 4 : 0) | (fe ? 2 : 0);
}
function expOfS(x: number): number {
  if (x === 0 || !isFinite(x)) return 0;
  return Math.floor(Math.log2(Math.abs(x)));
}

// ---------------------------------------------------------------- rounding to integral

/** xsrdpi[zpmc], xvrdpi[zpmc], xvrspi[zpmc]: mode 0 nearest-away, 1 zero, 2 up, 3 down, 4 current. */
export function rnd(mode: number, sh: Sh, t: number, b: number): Op {
  return (c) => {
    const saved = vecBegin(c);
    const lanes = sh === Sh.SD ? 1 : sh === Sh.VD ? 2 : 4;
    for (let lane = 0; lane < lanes; lane++) {
      if (sh === Sh.VS) ldS(c, b, lane, SB); else ldD(c, b, lane, SB);
      rndLane(c, mode);
      if (sh === Sh.VS) out[lane] = slotS(c, ST);
      else { out[2 * lane] = slotHi(c, ST); out[2 * lane + 1] = slotLo(c, ST); }
    }
    if (sh === Sh.SD) { out[2] = 0; out[3] = 0; }
    else vecEnd(c, saved);
    putOut(c, t);
    return ST_NEXT;
  };
}

function rndLane(c: Cpu, mode: number): void {
  const h = slotHi(c, SB), l = slotLo(c, SB);
  if (isNaNW(h, l)) {
    if (isSNaNW(h, l)) F.raise(c, F.VXSNAN);
    c.fw[2 * ST + FHI] = h | 0x80000; c.fw[2 * ST + FLO] = l;
    F.setFprf(c, F.fprfOf(NaN, false));
    // qemu sets FI from the (not inexact) result here too.
    c.fpscr &= ~F.FI;
    return;
  }
  const x = c.f[SB];
  let r: number;
  switch (mode) {
    case 0: {
      const tr = Math.trunc(x);
      r = Math.abs(x) >= 4503599627370496 ? x : Math.abs(x - tr) >= 0.5 ? tr + Math.sign(x) : tr;
      break;
    }
    case 1: r = Math.trunc(x); break;
    case 2: r = Math.ceil(x); break;
    case 3: r = Math.floor(x); break;
    default: r = F.roundInt(x, c.fpscr & 3);
  }
  if (r === 0) r = x < 0 || 1 / x < 0 ? -0 : 0;
  c.f[ST] = r;
  // Only the "current mode" form reports an inexact result.
  if (mode === 4 && r !== x) { F.raise(c, F.XX); c.fpscr |= F.FI; } else c.fpscr &= ~F.FI;
  F.setFprf(c, F.fprfOf(r, false));
}

// ---------------------------------------------------------------- conversions

/** Floating-point format conversions. */
export const enum Cv {
  /** xscvdpsp: round to single, word 0 (and 1). */ DPSP,
  /** xscvspdp: single in word 0 to double. */ SPDP,
  /** xsrsp: round to single, kept as a double. */ RSP,
  /** xvcvdpsp: each doubleword to single in words 0 and 2. */ VDPSP,
  /** xvcvspdp: words 0 and 2 to doubles. */ VSPDP,
}

export function cvt(k: Cv, t: number, b: number): Op {
  return (c) => {
    switch (k) {
      case Cv.DPSP: case Cv.RSP:
        ldD(c, b, 0, SB);
        F.frsp(c, ST, SB, false);
        if (k === Cv.RSP) outScalarSlot(c);
        else { const s = slotS(c, ST); out[0] = s; out[1] = s; out[2] = 0; out[3] = 0; }
        break;
      case Cv.SPDP:
        ldS(c, b, 0, SB);
        spdpLane(c);
        outScalarSlot(c);
        break;
      case Cv.VDPSP: {
        const saved = vecBegin(c), flags = lanesBegin(c);
        for (let d = 0; d < 2; d++) {
          ldD(c, b, d, SB);
          laneBegin(c);
          F.frsp(c, ST, SB, false);
          laneEnd(c);
          const s = slotS(c, ST);
          out[2 * d] = s; out[2 * d + 1] = s;
        }
        lanesEnd(c, flags);
        vecEnd(c, saved);
        break;
      }
      case Cv.VSPDP: {
        const saved = vecBegin(c);
        for (let d = 0; d < 2; d++) {
          ldS(c, b, 2 * d, SB);
          spdpLane(c);
          out[2 * d] = slotHi(c, ST); out[2 * d + 1] = slotLo(c, ST);
        }
        vecEnd(c, saved);
        break;
      }
    }
    putOut(c, t);
    return ST_NEXT;
  };
}

/** SB (a widened single) to ST as a double: exact, a signalling NaN is quieted (VXSNAN). */
function spdpLane(c: Cpu): void {
  const h = slotHi(c, SB), l = slotLo(c, SB);
  if (isNaNW(h, l)) {
    if (isSNaNW(h, l)) F.raise(c, F.VXSNAN);
    c.fw[2 * ST + FHI] = h | 0x80000; c.fw[2 * ST + FLO] = l;
  } else { c.fw[2 * ST + FHI] = h; c.fw[2 * ST + FLO] = l; }
  F.setFprf(c, F.fprfOf(c.f[ST], false));
  c.fpscr &= ~F.FI;
}

/** xscvdpspn: SINGLE() of doubleword 0, no exceptions; replicated in words 0 and 1. */
export function dpspn(t: number, b: number): Op {
  return (c) => {
    const s = F.doubleToSingle(getW(c, b, 1), getW(c, b, 0));
    out[0] = s; out[1] = s; out[2] = 0; out[3] = 0;
    putOut(c, t);
    return ST_NEXT;
  };
}

/** xscvspdpn: word 0 as a single to a double, no exceptions (a signalling NaN is quieted). */
export function spdpn(t: number, b: number): Op {
  return (c) => {
    F.singleToDouble(getW(c, b, 0));
    let h = F.conv.hi;
    if (isNaNW(h, F.conv.lo)) h |= 0x80000;
    out[0] = h; out[1] = F.conv.lo; out[2] = 0; out[3] = 0;
    putOut(c, t);
    return ST_NEXT;
  };
}

/**
 * To integer (truncating): source lanes (double or single), destination width and signedness.
 * `src`/`dst` shapes: which lanes are read and written (see the decoder's table).
 */
export const enum Ti { SD_D, SD_W, VD_D, VD_W, VS_D, VS_W }

export function toInt(k: Ti, unsigned: boolean, t: number, b: number): Op {
  const word = k === Ti.SD_W || k === Ti.VD_W || k === Ti.VS_W;
  return (c) => {
    const saved = vecBegin(c);
    const scalar = k === Ti.SD_D || k === Ti.SD_W;
    out[0] = out[1] = out[2] = out[3] = 0;
    switch (k) {
      case Ti.SD_D: case Ti.SD_W: case Ti.VD_D: case Ti.VD_W: {
        for (let d = 0; d < (scalar ? 1 : 2); d++) {
          ldD(c, b, d, SB);
          laneBegin(c, scalar);
          F.fcti(c, ST, SB, word, unsigned, true, false);
          laneEnd(c);
          if (word) {
            // Word results are written to both words of their doubleword (qemu, hardware).
            if (k === Ti.SD_W) { out[0] = slotLo(c, ST); out[1] = slotLo(c, ST); }
            else { out[2 * d] = slotLo(c, ST); out[2 * d + 1] = slotLo(c, ST); }
          } else { out[2 * d] = slotHi(c, ST); out[2 * d + 1] = slotLo(c, ST); }
        }
        break;
      }
      case Ti.VS_D:
        for (let d = 0; d < 2; d++) {
          ldS(c, b, 2 * d, SB);
          laneBegin(c);
          F.fcti(c, ST, SB, false, unsigned, true, false);
          laneEnd(c);
          out[2 * d] = slotHi(c, ST); out[2 * d + 1] = slotLo(c, ST);
        }
        break;
      case Ti.VS_W:
        for (let j = 0; j < 4; j++) {
          ldS(c, b, j, SB);
          laneBegin(c);
          F.fcti(c, ST, SB, true, unsigned, true, false);
          laneEnd(c);
          out[j] = slotLo(c, ST);
        }
        break;
    }
    if (!scalar) cumulativeInvalid(c, k, unsigned, b);
    // Scalar conversions to integer report FI and FR like fctid, but leave FPRF.
    if (scalar) c.fpscr = (c.fpscr & ~F.FPRF) | (saved & F.FPRF);
    else vecEnd(c, saved);
    putOut(c, t);
    return ST_NEXT;
  };
}

/**
 * qemu 7.2 checks the accumulated exception flags after each lane of a vector conversion to
 * integer, so once a lane was invalid every later lane is treated as invalid too: it gets the
 * NaN value (signed: the minimum, unsigned: 0) unless some lane so far overflowed (then the
 * lane keeps its own result, and a NaN lane gets the maximum, softfloat's NaN conversion).
 * Re-derive the lanes in that order and patch `out`.
 */
function cumulativeInvalid(c: Cpu, k: Ti, unsigned: boolean, b: number): void {
  const single = k === Ti.VS_D || k === Ti.VS_W, word = k === Ti.VD_W || k === Ti.VS_W;
  const n = k === Ti.VS_W ? 4 : 2;
  let inv = false, cvti = false;
  for (let l = 0; l < n; l++) {
    if (single) ldS(c, b, k === Ti.VS_W ? l : 2 * l, SB); else ldD(c, b, l, SB);
    const h = slotHi(c, SB), lo = slotLo(c, SB);
    const nan = isNaNW(h, lo);
    const x = Math.trunc(c.f[SB]);
    const min = unsigned ? 0 : word ? -2147483648 : -9223372036854775808;
    const max = unsigned ? (word ? 4294967295 : 18446744073709551615) : (word ? 2147483647 : 9223372036854775807);
    const over = !nan && (x < min || x >= max + (word ? 1 : 0) || (!word && x >= max));
    if (over) cvti = true;
    if (nan) inv = true;
    const laneInvalid = nan || over;
    if (!inv && !cvti) continue;
    if (!laneInvalid && !inv) continue;
    if (!laneInvalid || nan) {
      // Treated as invalid: the NaN value, or (after an overflow) the lane's own / softfloat's.
      if (!cvti) setLane(k, l, unsigned ? 0 : word ? 0x80000000 : -1, unsigned, word, true);
      else if (nan) setLane(k, l, 0, unsigned, word, false);
      if (!laneInvalid) F.raise(c, F.VXCVI);
    }
  }
}

/** Patch lane l of `out`: `nanValue` writes the NaN result, otherwise the maximum. */
function setLane(k: Ti, l: number, _v: number, unsigned: boolean, word: boolean, nanValue: boolean): void {
  let hi: number, lo: number;
  if (nanValue) { hi = unsigned ? 0 : word ? 0 : 0x80000000 | 0; lo = unsigned ? 0 : word ? 0x80000000 | 0 : 0; }
  else { hi = unsigned ? -1 : word ? 0 : 0x7fffffff; lo = unsigned ? -1 : word ? 0x7fffffff : -1; }
  if (k === Ti.VS_W) out[l] = lo;
  else if (word) { out[2 * l] = lo; out[2 * l + 1] = lo; }
  else { out[2 * l] = hi; out[2 * l + 1] = lo; }
}

/** From integer: source lanes, signedness, result precision. */
export const enum Fi { SD_DP, SD_SP, VD_DP, VD_SP, VW_DP, VW_SP }

export function fromInt(k: Fi, unsigned: boolean, t: number, b: number): Op {
  return (c) => {
    const saved = vecBegin(c);
    out[0] = out[1] = out[2] = out[3] = 0;
    const dpLanes = (k === Fi.SD_DP || k === Fi.SD_SP) ? 1 : k === Fi.VW_SP ? 4 : 2;
    for (let lane = 0; lane < dpLanes; lane++) {
      // The integer as 64 bits in SB.
      if (k === Fi.VW_DP || k === Fi.VW_SP) {
        const w = getW(c, b, k === Fi.VW_DP ? 2 * lane : lane);
        c.fw[2 * SB + FLO] = w; c.fw[2 * SB + FHI] = unsigned ? 0 : w >> 31;
      } else ldD(c, b, lane, SB);
      const single = k === Fi.VD_SP || k === Fi.VW_SP || k === Fi.SD_SP;
      laneBegin(c, k === Fi.SD_DP || k === Fi.SD_SP);
      F.fcfid(c, ST, SB, unsigned, single, false);
      laneEnd(c);
      if (k === Fi.SD_DP || k === Fi.SD_SP) F.setFprf(c, F.fprfOf(c.f[ST], false));
      if (k === Fi.VW_SP) out[lane] = slotS(c, ST);
      else if (k === Fi.VD_SP) { const s = slotS(c, ST); out[2 * lane] = s; out[2 * lane + 1] = s; }
      else { out[2 * lane] = slotHi(c, ST); out[2 * lane + 1] = slotLo(c, ST); }
    }
    if (k !== Fi.SD_DP && k !== Fi.SD_SP) vecEnd(c, saved);
    putOut(c, t);
    return ST_NEXT;
  };
}

// ---------------------------------------------------------------- exponent / significand (ISA 3.0)

/** xsxexpdp RT,XB (sig = false) / xsxsigdp RT,XB (sig = true). */
export function xsx(sig: boolean, rt: number, b: number): Op {
  return (c) => {
    const h = getW(c, b, 0), l = getW(c, b, 1);
    const e = (h >>> 20) & 0x7ff;
    if (!sig) { c.g[rt] = e; c.g[rt + 1] = 0; }
    else {
      c.g[rt] = l;
      c.g[rt + 1] = (h & 0xfffff) | (e !== 0 && e !== 0x7ff ? 0x100000 : 0);
    }
    return ST_NEXT;
  };
}

/** xsiexpdp XT,RA,RB: sign and fraction from RA, exponent from RB's low 11 bits. */
export function xsiexp(t: number, ra: number, rb: number): Op {
  return (c) => {
    out[0] = (c.g[ra + 1] & 0x800fffff) | ((c.g[rb] & 0x7ff) << 20);
    out[1] = c.g[ra]; out[2] = 0; out[3] = 0;
    putOut(c, t);
    return ST_NEXT;
  };
}

/** xvxexpdp / xvxsigdp / xvxexpsp / xvxsigsp / xviexpdp / xviexpsp. */
export const enum Xe { XEXPDP, XSIGDP, XEXPSP, XSIGSP, IEXPDP, IEXPSP }

export function xvexp(k: Xe, t: number, a: number, b: number): Op {
  return (c) => {
    for (let d = 0; d < 2; d++) {
      const h = getW(c, b, 2 * d), l = getW(c, b, 2 * d + 1);
      const e = (h >>> 20) & 0x7ff;
      switch (k) {
        case Xe.XEXPDP: out[2 * d] = 0; out[2 * d + 1] = e; break;
        case Xe.XSIGDP: out[2 * d] = (h & 0xfffff) | (e !== 0 && e !== 0x7ff ? 0x100000 : 0); out[2 * d + 1] = l; break;
        case Xe.IEXPDP: out[2 * d] = (getW(c, a, 2 * d) & 0x800fffff) | ((l & 0x7ff) << 20); out[2 * d + 1] = getW(c, a, 2 * d + 1); break;
        default: break;
      }
    }
    if (k === Xe.XEXPSP || k === Xe.XSIGSP || k === Xe.IEXPSP) {
      for (let j = 0; j < 4; j++) {
        const w = getW(c, b, j), e = (w >>> 23) & 0xff;
        if (k === Xe.XEXPSP) out[j] = e;
        else if (k === Xe.XSIGSP) out[j] = (w & 0x7fffff) | (e !== 0 && e !== 0xff ? 0x800000 : 0);
        else out[j] = (getW(c, a, j) & 0x807fffff) | ((w & 0xff) << 23);
      }
    }
    putOut(c, t);
    return ST_NEXT;
  };
}
