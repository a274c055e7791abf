// Decoder and closures for the floating-point instructions: FP loads/stores (D, X and update
// forms, lfiwax/lfiwzx/stfiwx, lfdp/stfdp), opcode 59 (single precision) and 63 (double,
// conversions, compares, FPSCR moves).

import { Cpu, Op, ST_NEXT, FLO, FHI } from './cpu.js';
import { eaD, eaX, eaR } from './ops-mem.js';
import * as F from './fpu.js';

const TWO32 = 4294967296;

const rT = (w: number) => (w >>> 21) & 31;
const rA = (w: number) => (w >>> 16) & 31;
const rB = (w: number) => (w >>> 11) & 31;
const rC = (w: number) => (w >>> 6) & 31;
const simm = (w: number) => (w << 16) >> 16;

function setEa(g: Int32Array, a: number, ea: number): void {
  g[a] = ea % TWO32;
  g[a + 1] = Math.floor(ea / TWO32);
}

const enum FL { S, D, IWA, IWZ }
const enum FS { S, D, IW }

/** EA function for D (ra given), D with RA = 0, X, X with RA = 0. */
function eaFn(w: number, xform: boolean): (g: Int32Array) => number {
  const a = rA(w) * 2, b = rB(w) * 2, d = simm(w);
  if (xform) return rA(w) === 0 ? (g) => eaR(g, b) : (g) => eaX(g, a, b);
  return rA(w) === 0 ? () => d : (g) => eaD(g, a, d);
}

function fload(kind: FL, t: number, w: number, xform: boolean, update: boolean): Op | null {
  if (update && rA(w) === 0) return null;
  const ea = eaFn(w, xform);
  const a = rA(w) * 2;
  const lo = 2 * t + FLO, hi = 2 * t + FHI;
  return (c: Cpu) => {
    const e = ea(c.g);
    const m = c.mem;
    switch (kind) {
      case FL.S: F.singleToDouble(m.r32(e)); c.fw[lo] = F.conv.lo; c.fw[hi] = F.conv.hi; break;
      case FL.D: m.r64(e); c.fw[lo] = m.rdLo; c.fw[hi] = m.rdHi; break;
      case FL.IWA: { const v = m.r32(e); c.fw[lo] = v; c.fw[hi] = v >> 31; break; }
      case FL.IWZ: c.fw[lo] = m.r32(e); c.fw[hi] = 0; break;
    }
    if (update) setEa(c.g, a, e);
    return ST_NEXT;
  };
}

function fstore(kind: FS, s: number, w: number, xform: boolean, update: boolean): Op | null {
  if (update && rA(w) === 0) return null;
  const ea = eaFn(w, xform);
  const a = rA(w) * 2;
  const lo = 2 * s + FLO, hi = 2 * s + FHI;
  return (c: Cpu) => {
    const e = ea(c.g);
    const m = c.mem;
    switch (kind) {
      case FS.S: m.w32(e, F.doubleToSingle(c.fw[lo], c.fw[hi])); break;
      case FS.D: m.w64(e, c.fw[lo], c.fw[hi]); break;
      case FS.IW: m.w32(e, c.fw[lo]); break;
    }
    if (update) setEa(c.g, a, e);
    return ST_NEXT;
  };
}

/** lfdp / stfdp (even register pairs); in little-endian mode the doublewords swap. */
function fpair(load: boolean, t: number, w: number, xform: boolean, le: boolean): Op | null {
  if (t & 1) return null;
  const ea = eaFn(w, xform);
  return (c: Cpu) => {
    const e = ea(c.g);
    const m = c.mem;
    const first = le ? t + 1 : t, second = le ? t : t + 1;
    if (load) {
      m.probeRead(e, 16);
      m.r64(e); c.fw[2 * first + FLO] = m.rdLo; c.fw[2 * first + FHI] = m.rdHi;
      m.r64(e + 8); c.fw[2 * second + FLO] = m.rdLo; c.fw[2 * second + FHI] = m.rdHi;
    } else {
      m.probeWrite(e, 16);
      m.w64(e, c.fw[2 * first + FLO], c.fw[2 * first + FHI]);
      m.w64(e + 8, c.fw[2 * second + FLO], c.fw[2 * second + FHI]);
    }
    return ST_NEXT;
  };
}

/** Raw-bit FPR moves: fmr, fneg, fabs, fnabs, fcpsgn, fmrgew, fmrgow. */
const enum Mv { MR, NEG, ABS, NABS, CPSGN, MRGEW, MRGOW }

function fmove(kind: Mv, t: number, a: number, b: number, rc: boolean): Op {
  return (c: Cpu) => {
    const fw = c.fw;
    let h = fw[2 * b + FHI], l = fw[2 * b + FLO];
    switch (kind) {
      case Mv.NEG: h ^= 0x80000000; break;
      case Mv.ABS: h &= 0x7fffffff; break;
      case Mv.NABS: h |= 0x80000000; break;
      case Mv.CPSGN: h = (h & 0x7fffffff) | (fw[2 * a + FHI] & 0x80000000); break;
      case Mv.MRGEW: l = fw[2 * b + FHI]; h = fw[2 * a + FHI]; break;
      case Mv.MRGOW: h = fw[2 * a + FLO]; l = fw[2 * b + FLO]; break;
    }
    fw[2 * t + FLO] = l; fw[2 * t + FHI] = h;
    if (rc) F.setCr1(c);
    return ST_NEXT;
  };
}

/** fsel: FRT = FRA >= 0 (and not NaN) ? FRC : FRB, as bits. */
function fsel(t: number, a: number, b: number, cc: number, rc: boolean): Op {
  return (c: Cpu) => {
    const fw = c.fw;
    const x = c.f[a];
    const s = x >= 0 || (x === 0) ? cc : b;    // -0 >= 0 is true; NaN compares false
    fw[2 * t + FLO] = fw[2 * s + FLO]; fw[2 * t + FHI] = fw[2 * s + FHI];
    if (rc) F.setCr1(c);
    return ST_NEXT;
  };
}

function arith(op: F.FOp, t: number, a: number, b: number, cc: number, single: boolean, rc: boolean): Op {
  return (c: Cpu) => { F.arith(c, op, t, a, b, cc, single, rc); return ST_NEXT; };
}

/** Decode an FP instruction, or null. `le`: the guest is little-endian (lfdp/stfdp order). */
export function decodeFp(w: number, le = false): Op | null {
  const op = w >>> 26;
  const t = rT(w), a = rA(w), b = rB(w), cc = rC(w);
  const rc = (w & 1) === 1;
  switch (op) {
    case 48: return fload(FL.S, t, w, false, false);
    case 49: return fload(FL.S, t, w, false, true);
    case 50: return fload(FL.D, t, w, false, false);
    case 51: return fload(FL.D, t, w, false, true);
    case 52: return fstore(FS.S, t, w, false, false);
    case 53: return fstore(FS.S, t, w, false, true);
    case 54: return fstore(FS.D, t, w, false, false);
    case 55: return fstore(FS.D, t, w, false, true);
    case 57: return (w & 3) === 0 ? fpair(true, t, (w & ~3) | 0, false, le) : null;   // lfdp
    case 61: return (w & 3) === 0 ? fpair(false, t, (w & ~3) | 0, false, le) : null;  // stfdp
    case 31:
      switch ((w >>> 1) & 0x3ff) {
        case 535: return fload(FL.S, t, w, true, false);    // lfsx
        case 567: return fload(FL.S, t, w, true, true);     // lfsux
        case 599: return fload(FL.D, t, w, true, false);    // lfdx
        case 631: return fload(FL.D, t, w, true, true);     // lfdux
        case 855: return fload(FL.IWA, t, w, true, false);  // lfiwax
        case 887: return fload(FL.IWZ, t, w, true, false);  // lfiwzx
        case 663: return fstore(FS.S, t, w, true, false);   // stfsx
        case 695: return fstore(FS.S, t, w, true, true);    // stfsux
        case 727: return fstore(FS.D, t, w, true, false);   // stfdx
        case 759: return fstore(FS.D, t, w, true, true);    // stfdux
        case 983: return fstore(FS.IW, t, w, true, false);  // stfiwx
        case 791: return fpair(true, t, w, true, le);       // lfdpx
        case 919: return fpair(false, t, w, true, le);      // stfdpx
      }
      return null;
    case 59: {
      switch ((w >>> 1) & 31) {
        case 18: return arith(F.FOp.DIV, t, a, b, cc, true, rc);
        case 20: return arith(F.FOp.SUB, t, a, b, cc, true, rc);
        case 21: return arith(F.FOp.ADD, t, a, b, cc, true, rc);
        case 22: return arith(F.FOp.SQRT, t, a, b, cc, true, rc);
        case 24: return arith(F.FOp.RE, t, a, b, cc, true, rc);
        case 25: return arith(F.FOp.MUL, t, a, b, cc, true, rc);
        case 26: return arith(F.FOp.RSQRTE, t, a, b, cc, true, rc);
        case 28: return arith(F.FOp.MSUB, t, a, b, cc, true, rc);
        case 29: return arith(F.FOp.MADD, t, a, b, cc, true, rc);
        case 30: return arith(F.FOp.NMSUB, t, a, b, cc, true, rc);
        case 31: return arith(F.FOp.NMADD, t, a, b, cc, true, rc);
      }
      switch ((w >>> 1) & 0x3ff) {
        case 846: return (c) => { F.fcfid(c, t, b, false, true, rc); return ST_NEXT; };   // fcfids
        case 974: return (c) => { F.fcfid(c, t, b, true, true, rc); return ST_NEXT; };    // fcfidus
      }
      return null;
    }
    case 63: {
      switch ((w >>> 1) & 31) {
        case 18: return arith(F.FOp.DIV, t, a, b, cc, false, rc);
        case 20: return arith(F.FOp.SUB, t, a, b, cc, false, rc);
        case 21: return arith(F.FOp.ADD, t, a, b, cc, false, rc);
        case 22: return arith(F.FOp.SQRT, t, a, b, cc, false, rc);
        case 23: return fsel(t, a, b, cc, rc);
        case 24: return arith(F.FOp.RE, t, a, b, cc, false, rc);
        case 25: return arith(F.FOp.MUL, t, a, b, cc, false, rc);
        case 26: return arith(F.FOp.RSQRTE, t, a, b, cc, false, rc);
        case 28: return arith(F.FOp.MSUB, t, a, b, cc, false, rc);
        case 29: return arith(F.FOp.MADD, t, a, b, cc, false, rc);
        case 30: return arith(F.FOp.NMSUB, t, a, b, cc, false, rc);
        case 31: return arith(F.FOp.NMADD, t, a, b, cc, false, rc);
      }
      const bf = (w >>> 23) & 7;
      switch ((w >>> 1) & 0x3ff) {
        case 0: return (c) => { F.fcmp(c, bf, a, b, false); return ST_NEXT; };
        case 32: return (c) => { F.fcmp(c, bf, a, b, true); return ST_NEXT; };
        case 128: return (c) => { F.ftdiv(c, bf, a, b); return ST_NEXT; };
        case 160: return (c) => { F.ftsqrt(c, bf, b); return ST_NEXT; };
        case 12: return (c) => { F.frsp(c, t, b, rc); return ST_NEXT; };
        case 14: return (c) => { F.fcti(c, t, b, true, false, false, rc); return ST_NEXT; };   // fctiw
        case 15: return (c) => { F.fcti(c, t, b, true, false, true, rc); return ST_NEXT; };    // fctiwz
        case 142: return (c) => { F.fcti(c, t, b, true, true, false, rc); return ST_NEXT; };   // fctiwu
        case 143: return (c) => { F.fcti(c, t, b, true, true, true, rc); return ST_NEXT; };    // fctiwuz
        case 814: return (c) => { F.fcti(c, t, b, false, false, false, rc); return ST_NEXT; }; // fctid
        case 815: return (c) => { F.fcti(c, t, b, false, false, true, rc); return ST_NEXT; };  // fctidz
        case 942: return (c) => { F.fcti(c, t, b, false, true, false, rc); return ST_NEXT; };  // fctidu
        case 943: return (c) => { F.fcti(c, t, b, false, true, true, rc); return ST_NEXT; };   // fctiduz
        case 846: return (c) => { F.fcfid(c, t, b, false, false, rc); return ST_NEXT; };       // fcfid
        case 974: return (c) => { F.fcfid(c, t, b, true, false, rc); return ST_NEXT; };        // fcfidu
        case 392: return (c) => { F.fri(c, t, b, F.Rnd.NEAREST_AWAY, rc); return ST_NEXT; };   // frin
        case 424: return (c) => { F.fri(c, t, b, F.Rnd.ZERO, rc); return ST_NEXT; };           // friz
        case 456: return (c) => { F.fri(c, t, b, F.Rnd.UP, rc); return ST_NEXT; };             // frip
        case 488: return (c) => { F.fri(c, t, b, F.Rnd.DOWN, rc); return ST_NEXT; };           // frim
        case 72: return fmove(Mv.MR, t, a, b, rc);
        case 40: return fmove(Mv.NEG, t, a, b, rc);
        case 264: return fmove(Mv.ABS, t, a, b, rc);
        case 136: return fmove(Mv.NABS, t, a, b, rc);
        case 8: return fmove(Mv.CPSGN, t, a, b, rc);
        case 966: return fmove(Mv.MRGEW, t, a, b, false);
        case 838: return fmove(Mv.MRGOW, t, a, b, false);
        case 583: {
          const kind = a;
          if (![0, 1, 20, 21, 22, 23, 24].includes(kind)) return null;
          const imm = (w >>> 11) & 7;
          return (c) => { F.mffs(c, t, kind, b, imm, rc); return ST_NEXT; };
        }
        case 711: {
          const flm = (w >>> 17) & 0xff, l = (w & 0x02000000) !== 0, wb = (w & 0x00010000) !== 0;
          return (c) => { F.mtfsf(c, flm, b, l, wb, rc); return ST_NEXT; };
        }
        case 134: {
          const u = (w >>> 12) & 15, wb = (w & 0x00010000) !== 0;
          return (c) => { F.mtfsfi(c, bf, u, wb, rc); return ST_NEXT; };
        }
        case 70: return (c) => { F.mtfsb(c, t, false, rc); return ST_NEXT; };
        case 38: return (c) => { F.mtfsb(c, t, true, rc); return ST_NEXT; };
        case 64: return (c) => { F.mcrfs(c, bf, (w >>> 18) & 7); return ST_NEXT; };
      }
      return null;
    }
  }
  return null;
}
