// Instruction decoder: one 32-bit word (already in host order) at a given address -> a closure.
// Called once per instruction word (the engine caches the result per page), so clarity wins
// over speed here. Words the engine does not implement decode to an op that reports
// ST_ILLEGAL when executed.

import { Op, ST_ILLEGAL } from './cpu.js';
import * as I from './ops-int.js';
import * as M from './ops-mem.js';
import * as B from './ops-branch.js';
import { decodeFp } from './decode-fp.js';
import { decodeVec } from './decode-vec.js';

export const illegal: Op = () => ST_ILLEGAL;

const TWO64 = 2 ** 64;

// Field extractors (ISA bit numbering: bit 0 is the most significant).
const rT = (w: number) => (w >>> 21) & 31;
const rA = (w: number) => (w >>> 16) & 31;
const rB = (w: number) => (w >>> 11) & 31;
const rC = (w: number) => (w >>> 6) & 31;
const simm = (w: number) => (w << 16) >> 16;
const uimm = (w: number) => w & 0xffff;
const rcBit = (w: number) => (w & 1) === 1;

/** Decode `w` located at `pc`. */
export function decode(w: number, pc: number, le: boolean): Op {
  return decodeOrNull(w, pc, le) ?? illegal;
}

function decodeOrNull(w: number, pc: number, le: boolean): Op | null {
  const op = w >>> 26;
  const t = rT(w) * 2, a = rA(w) * 2, b = rB(w) * 2;
  const ra0 = rA(w) === 0;
  switch (op) {
    case 2: return I.trap(rT(w), a, -1, simm(w), true);   // tdi
    case 3: return I.trap(rT(w), a, -1, simm(w), false);  // twi
    case 4: {                                          // VA-form integer multiply-add (ISA 3.0)
      const xo = w & 63;
      const cc = rC(w) * 2;
      if (xo === 48) return I.madd(t, a, b, cc, 'hd');
      if (xo === 49) return I.madd(t, a, b, cc, 'hdu');
      if (xo === 51) return I.madd(t, a, b, cc, 'ld');
      return decodeVec(w);
    }
    case 7: return I.mulli(t, a, simm(w));
    case 8: return I.addImmCarry(t, a, simm(w), true, true, false);          // subfic
    case 10: case 11: {                                                     // cmpli / cmpi
      if (w & 0x00400000) return null;
      const bf = (w >>> 23) & 7, l = (w & 0x00200000) !== 0;
      return op === 11 ? I.cmpImm(bf, a, simm(w), l, true) : I.cmpImm(bf, a, uimm(w), l, false);
    }
    case 12: return I.addImmCarry(t, a, simm(w), false, false, false);       // addic
    case 13: return I.addImmCarry(t, a, simm(w), false, false, true);        // addic.
    case 14: { const v = simm(w); return I.addImm(t, a, ra0, v, v < 0 ? -1 : 0); }          // addi
    case 15: { const v = simm(w) << 16; return I.addImm(t, a, ra0, v, v < 0 ? -1 : 0); }    // addis
    case 16: {                                                              // bc
      const bd = ((w & 0xfffc) << 16) >> 16;
      const target = (w & 2) ? (bd < 0 ? bd + TWO64 : bd) : pc + bd;
      return B.bc(rT(w), rA(w), target, (w & 1) === 1, pc);
    }
    case 17:                                                                // sc (LEV ignored)
      return (w & 3) === 2 ? B.sc : null;
    case 18: {                                                              // b
      const li = ((w & 0x03fffffc) << 6) >> 6;
      const target = (w & 2) ? (li < 0 ? li + TWO64 : li) : pc + li;
      return B.branch(target, (w & 1) === 1, pc);
    }
    case 19: return decode19(w, pc);
    case 20: return I.rlwimi(a, t, rB(w), (w >>> 6) & 31, (w >>> 1) & 31, rcBit(w));
    case 21: return I.rlw(a, t, rB(w), 0, (w >>> 6) & 31, (w >>> 1) & 31, rcBit(w));
    case 23: return I.rlw(a, t, -1, b, (w >>> 6) & 31, (w >>> 1) & 31, rcBit(w));
    case 24: return I.logicalImm(I.LogicImm.ORI, a, t, uimm(w));
    case 25: return I.logicalImm(I.LogicImm.ORIS, a, t, uimm(w));
    case 26: return I.logicalImm(I.LogicImm.XORI, a, t, uimm(w));
    case 27: return I.logicalImm(I.LogicImm.XORIS, a, t, uimm(w));
    case 28: return I.logicalImm(I.LogicImm.ANDI, a, t, uimm(w));
    case 29: return I.logicalImm(I.LogicImm.ANDIS, a, t, uimm(w));
    case 30: return decode30(w);
    case 31: return decode31(w, le);
    // D-form loads and stores. Update forms with RA = 0 (or RA = RT for loads) are invalid.
    case 32: case 33: case 34: case 35: case 40: case 41: case 42: case 43: {
      const kinds = [M.LKind.W, M.LKind.W, M.LKind.B, M.LKind.B, 0, 0, 0, 0, M.LKind.H, M.LKind.H, M.LKind.HA, M.LKind.HA];
      const update = (op & 1) === 1;
      if (update && (ra0 || a === t)) return null;
      return M.load(kinds[op - 32], t, ra0 ? M.Mode.D0 : M.Mode.D, a, 0, simm(w), update);
    }
    case 36: case 37: case 38: case 39: case 44: case 45: {
      const kinds = [M.SKind.W, M.SKind.W, M.SKind.B, M.SKind.B, 0, 0, 0, 0, M.SKind.H, M.SKind.H];
      const update = (op & 1) === 1;
      if (update && ra0) return null;
      return M.store(kinds[op - 36], t, ra0 ? M.Mode.D0 : M.Mode.D, a, 0, simm(w), update);
    }
    case 46: case 47: {
      const mode = ra0 ? M.Mode.D0 : M.Mode.D;
      if (le) return M.leUnsupported(mode, a, 0, simm(w));
      return op === 46 ? M.lmw(t, mode, a, simm(w)) : M.stmw(t, mode, a, simm(w));
    }
    case 58: {                                                              // ld, ldu, lwa
      const ds = simm(w & ~3), xo = w & 3;
      const mode = ra0 ? M.Mode.D0 : M.Mode.D;
      if (xo === 0) return M.load(M.LKind.D, t, mode, a, 0, ds, false);
      if (xo === 1) return ra0 || a === t ? null : M.load(M.LKind.D, t, mode, a, 0, ds, true);
      if (xo === 2) return M.load(M.LKind.WA, t, mode, a, 0, ds, false);
      return null;
    }
    case 62: {                                                              // std, stdu
      const ds = simm(w & ~3), xo = w & 3;
      const mode = ra0 ? M.Mode.D0 : M.Mode.D;
      if (xo === 0) return M.store(M.SKind.D, t, mode, a, 0, ds, false);
      if (xo === 1) return ra0 ? null : M.store(M.SKind.D, t, mode, a, 0, ds, true);
      return null;
    }
  }
  // Floating point: opcodes 48-55 (loads/stores), 57/61 (lfdp/stfdp, DS forms), 59, 63, and
  // the FP indexed loads/stores of opcode 31 (handled in decode31).
  return decodeFp(w, le) ?? decodeVec(w);
}

/** Opcode 19: CR logic, branches to LR/CTR/TAR, isync, addpcis. */
function decode19(w: number, pc: number): Op | null {
  const xo = (w >>> 1) & 0x3ff;
  if (((w >>> 1) & 31) === 2) {
    // addpcis RT, D: D is split into d0 (bits 16-25), d1 (11-15), d2 (31).
    const d0 = (w >>> 6) & 0x3ff, d1 = (w >>> 16) & 31, d2 = w & 1;
    let d = (d0 << 6) | (d1 << 1) | d2;
    if (d & 0x8000) d -= 0x10000;
    return I.addpcis(rT(w) * 2, pc + 4, d);
  }
  const bt = rT(w), ba = rA(w), bb = rB(w);
  switch (xo) {
    case 0: return I.mcrf(bt >> 2, ba >> 2);
    case 16: return B.bcreg(B.Via.LR, bt, ba, (w & 1) === 1, pc);
    case 528:
      // bcctr with "decrement CTR" is an invalid form.
      return (bt & 4) === 0 ? null : B.bcreg(B.Via.CTR, bt, ba, (w & 1) === 1, pc);
    case 560: return B.bcreg(B.Via.TAR, bt, ba, (w & 1) === 1, pc);
    case 150: return I.nop;                  // isync
    // CR logical: truth tables indexed by (a << 1) | b.
    case 257: return I.crlogic(bt, ba, bb, 0b1000); // crand
    case 449: return I.crlogic(bt, ba, bb, 0b1110); // cror
    case 193: return I.crlogic(bt, ba, bb, 0b0110); // crxor
    case 225: return I.crlogic(bt, ba, bb, 0b0111); // crnand
    case 33: return I.crlogic(bt, ba, bb, 0b0001);  // crnor
    case 289: return I.crlogic(bt, ba, bb, 0b1001); // creqv
    case 129: return I.crlogic(bt, ba, bb, 0b0100); // crandc (a & ~b)
    case 417: return I.crlogic(bt, ba, bb, 0b1101); // crorc (a | ~b)
  }
  return null;
}

/** Opcode 30: 64-bit rotates (MD and MDS forms). */
function decode30(w: number): Op | null {
  const s = rT(w) * 2, a = rA(w) * 2, b = rB(w) * 2;
  const rc = rcBit(w);
  const sh = ((w >>> 11) & 31) | (((w >>> 1) & 1) << 5);
  const mraw = (w >>> 5) & 63;
  const mbe = ((mraw & 1) << 5) | (mraw >>> 1);
  switch ((w >>> 2) & 7) {
    case 0: return I.rld(a, s, sh, 0, mbe, 63, rc);          // rldicl
    case 1: return I.rld(a, s, sh, 0, 0, mbe, rc);           // rldicr
    case 2: return I.rld(a, s, sh, 0, mbe, 63 - sh, rc);     // rldic
    case 3: return I.rldimi(a, s, sh, mbe, rc);              // rldimi
    case 4:
      switch ((w >>> 1) & 15) {
        case 8: return I.rld(a, s, -1, b, mbe, 63, rc);      // rldcl
        case 9: return I.rld(a, s, -1, b, 0, mbe, rc);       // rldcr
      }
  }
  return null;
}

/** Opcode 31: the X/XO/XS/A-form fixed-point, load/store, cache and SPR instructions. */
function decode31(w: number, le: boolean): Op | null {
  const t = rT(w) * 2, a = rA(w) * 2, b = rB(w) * 2;
  const ra0 = rA(w) === 0;
  const rc = rcBit(w);
  const xo = (w >>> 1) & 0x3ff;
  const X = ra0 ? M.Mode.X0 : M.Mode.X;

  if (((w >>> 1) & 31) === 15) return I.isel(t, a, ra0, b, rC(w));  // isel (A-form)
  const xs = (w >>> 2) & 0x1ff;
  if (xs === 413) return I.srad(a, t, rB(w) | ((w & 2) << 4), 0, rc);        // sradi
  if (xs === 445) return I.extswsli(a, t, rB(w) | ((w & 2) << 4), rc);       // extswsli
  if (((w >>> 1) & 0xff) === 170 && ((w >>> 9) & 3) === 0) return I.addex(t, a, b); // addex CY=0

  const ldx = (kind: M.LKind, update: boolean) =>
    update && (ra0 || a === t) ? null : M.load(kind, t, X, a, b, 0, update);
  const stx = (kind: M.SKind, update: boolean) =>
    update && ra0 ? null : M.store(kind, t, X, a, b, 0, update);

  switch (xo) {
    case 0: case 32: {                                        // cmp / cmpl
      if (w & 0x00400000) return null;
      const bf = (w >>> 23) & 7, l = (w & 0x00200000) !== 0;
      return I.cmp(bf, a, b, l, xo === 0);
    }
    case 192: return I.cmprb((w >>> 23) & 7, a, b, (w & 0x00200000) !== 0);
    case 224: return I.cmpeqb((w >>> 23) & 7, a, b);
    case 4: return I.trap(rT(w), a, b, 0, false);              // tw
    case 68: return I.trap(rT(w), a, b, 0, true);              // td
    case 128: return I.setb(t, (w >>> 18) & 7);
    case 576: return I.mcrxrx((w >>> 23) & 7);
    case 755: return I.darn(t, (w >>> 16) & 3);

    // logical (RS is in the RT position, RA is the destination)
    case 28: return I.logical(I.Logic.AND, a, t, b, rc);
    case 60: return I.logical(I.Logic.ANDC, a, t, b, rc);
    case 444: return I.logical(I.Logic.OR, a, t, b, rc);
    case 412: return I.logical(I.Logic.ORC, a, t, b, rc);
    case 316: return I.logical(I.Logic.XOR, a, t, b, rc);
    case 476: return I.logical(I.Logic.NAND, a, t, b, rc);
    case 124: return I.logical(I.Logic.NOR, a, t, b, rc);
    case 284: return I.logical(I.Logic.EQV, a, t, b, rc);
    case 954: return I.exts(a, t, 8, rc);
    case 922: return I.exts(a, t, 16, rc);
    case 986: return I.exts(a, t, 32, rc);
    case 26: return I.count(I.Count.CLZW, a, t, rc);
    case 58: return I.count(I.Count.CLZD, a, t, rc);
    case 538: return I.count(I.Count.CTZW, a, t, rc);
    case 570: return I.count(I.Count.CTZD, a, t, rc);
    case 122: return I.count(I.Count.POPB, a, t, false);
    case 378: return I.count(I.Count.POPW, a, t, false);
    case 506: return I.count(I.Count.POPD, a, t, false);
    case 154: return I.count(I.Count.PRTYW, a, t, false);
    case 186: return I.count(I.Count.PRTYD, a, t, false);
    case 508: return I.cmpb(a, t, b);
    case 252: return I.bpermd(a, t, b);

    // shifts
    case 24: return I.shift(I.Shift.SLW, a, t, b, rc);
    case 536: return I.shift(I.Shift.SRW, a, t, b, rc);
    case 27: return I.shift(I.Shift.SLD, a, t, b, rc);
    case 539: return I.shift(I.Shift.SRD, a, t, b, rc);
    case 792: return I.sraw(a, t, -1, b, rc);
    case 824: return I.sraw(a, t, rB(w), 0, rc);               // srawi
    case 794: return I.srad(a, t, -1, b, rc);

    // modulo (X-form, no OE/Rc)
    case 779: return I.modw(t, a, b, true);
    case 267: return I.modw(t, a, b, false);
    case 777: return I.modd(t, a, b, true);
    case 265: return I.modd(t, a, b, false);

    // CR and SPR moves
    case 19: return I.mfcr(t, (w & 0x00100000) ? (w >>> 12) & 0xff : -1);
    case 144: return I.mtcrf(t, (w >>> 12) & 0xff);
    case 339: case 371: {
      const spr = ((w >>> 16) & 31) | (((w >>> 11) & 31) << 5);
      return xo === 371 ? (spr === 268 || spr === 269 ? I.mftb(t, spr === 269) : null) : I.mfspr(t, spr);
    }
    case 467: return I.mtspr(t, ((w >>> 16) & 31) | (((w >>> 11) & 31) << 5));

    // loads
    case 87: return ldx(M.LKind.B, false);     // lbzx
    case 119: return ldx(M.LKind.B, true);     // lbzux
    case 279: return ldx(M.LKind.H, false);    // lhzx
    case 311: return ldx(M.LKind.H, true);     // lhzux
    case 343: return ldx(M.LKind.HA, false);   // lhax
    case 375: return ldx(M.LKind.HA, true);    // lhaux
    case 23: return ldx(M.LKind.W, false);     // lwzx
    case 55: return ldx(M.LKind.W, true);      // lwzux
    case 341: return ldx(M.LKind.WA, false);   // lwax
    case 373: return ldx(M.LKind.WA, true);    // lwaux
    case 21: return ldx(M.LKind.D, false);     // ldx
    case 53: return ldx(M.LKind.D, true);      // ldux
    case 790: return ldx(M.LKind.HBR, false);  // lhbrx
    case 534: return ldx(M.LKind.WBR, false);  // lwbrx
    case 532: return ldx(M.LKind.DBR, false);  // ldbrx
    // stores
    case 215: return stx(M.SKind.B, false);    // stbx
    case 247: return stx(M.SKind.B, true);     // stbux
    case 407: return stx(M.SKind.H, false);    // sthx
    case 439: return stx(M.SKind.H, true);     // sthux
    case 151: return stx(M.SKind.W, false);    // stwx
    case 183: return stx(M.SKind.W, true);     // stwux
    case 149: return stx(M.SKind.D, false);    // stdx
    case 181: return stx(M.SKind.D, true);     // stdux
    case 918: return stx(M.SKind.HBR, false);  // sthbrx
    case 662: return stx(M.SKind.WBR, false);  // stwbrx
    case 660: return stx(M.SKind.DBR, false);  // stdbrx
    // string forms (lswi/stswi: EA = (RA|0), NB in the RB field)
    case 597: return le ? M.leUnsupported(ra0 ? M.Mode.D0 : M.Mode.D, a, 0, 0) : M.lsw(t, ra0 ? M.Mode.D0 : M.Mode.D, a, 0, rB(w) === 0 ? 32 : rB(w));
    case 533: return le ? M.leUnsupported(X, a, b, 0) : M.lsw(t, X, a, b, -1);
    case 725: return le ? M.leUnsupported(ra0 ? M.Mode.D0 : M.Mode.D, a, 0, 0) : M.stsw(t, ra0 ? M.Mode.D0 : M.Mode.D, a, 0, rB(w) === 0 ? 32 : rB(w));
    case 661: return le ? M.leUnsupported(X, a, b, 0) : M.stsw(t, X, a, b, -1);
    // reservations
    case 52: return M.larx(1, t, X, a, b);
    case 116: return M.larx(2, t, X, a, b);
    case 20: return M.larx(4, t, X, a, b);
    case 84: return M.larx(8, t, X, a, b);
    case 694: return rc ? M.stcx(1, t, X, a, b) : null;
    case 726: return rc ? M.stcx(2, t, X, a, b) : null;
    case 150: return rc ? M.stcx(4, t, X, a, b) : null;
    case 214: return rc ? M.stcx(8, t, X, a, b) : null;
    // storage control: sync/lwsync/ptesync, eieio, cache hints, dcbz, icbi, wait
    case 598: case 854: case 86: case 54: case 278: case 246: case 982: case 22: case 758: case 62:
      return M.hint;
    case 1014: return M.dcbz(X, a, b);
    // msgsndp etc. and mfmsr are privileged: illegal for us.
  }

  // XO-form arithmetic: 9-bit opcode, OE in bit 21.
  const oe = (w & 0x400) !== 0;
  switch ((w >>> 1) & 0x1ff) {
    case 266:                                                 // add
      if (!oe && !rc) return I.add(t, a, b);
      return I.addGeneric(t, a, b, I.AddX.RA, I.AddY.RB, I.Cin.ZERO, false, oe, rc);
    case 10: return I.addGeneric(t, a, b, I.AddX.RA, I.AddY.RB, I.Cin.ZERO, true, oe, rc);       // addc
    case 138: return I.addGeneric(t, a, b, I.AddX.RA, I.AddY.RB, I.Cin.CA, true, oe, rc);        // adde
    case 234: return I.addGeneric(t, a, b, I.AddX.RA, I.AddY.MINUS1, I.Cin.CA, true, oe, rc);    // addme
    case 202: return I.addGeneric(t, a, b, I.AddX.RA, I.AddY.ZERO, I.Cin.CA, true, oe, rc);      // addze
    case 40:                                                  // subf
      if (!oe && !rc) return I.subf(t, a, b);
      return I.addGeneric(t, a, b, I.AddX.NOT_RA, I.AddY.RB, I.Cin.ONE, false, oe, rc);
    case 8: return I.addGeneric(t, a, b, I.AddX.NOT_RA, I.AddY.RB, I.Cin.ONE, true, oe, rc);     // subfc
    case 136: return I.addGeneric(t, a, b, I.AddX.NOT_RA, I.AddY.RB, I.Cin.CA, true, oe, rc);    // subfe
    case 232: return I.addGeneric(t, a, b, I.AddX.NOT_RA, I.AddY.MINUS1, I.Cin.CA, true, oe, rc); // subfme
    case 200: return I.addGeneric(t, a, b, I.AddX.NOT_RA, I.AddY.ZERO, I.Cin.CA, true, oe, rc);  // subfze
    case 104:                                                 // neg
      if (!oe && !rc) return I.neg(t, a);
      return I.addGeneric(t, a, b, I.AddX.NOT_RA, I.AddY.ZERO, I.Cin.ONE, false, oe, rc);
    case 233: return I.mulld(t, a, b, oe, rc);
    case 235: return I.mullw(t, a, b, oe, rc);
    case 73: return oe ? null : I.mulhd(t, a, b, true, rc);
    case 9: return oe ? null : I.mulhd(t, a, b, false, rc);
    case 75: return oe ? null : I.mulhw(t, a, b, true, rc);
    case 11: return oe ? null : I.mulhw(t, a, b, false, rc);
    case 489: return I.divd(t, a, b, true, oe, rc);
    case 457: return I.divd(t, a, b, false, oe, rc);
    case 491: return I.divw(t, a, b, true, oe, rc);
    case 459: return I.divw(t, a, b, false, oe, rc);
    case 427: return I.divwe(t, a, b, true, oe, rc);
    case 395: return I.divwe(t, a, b, false, oe, rc);
    case 425: return I.divde(t, a, b, true, oe, rc);
    case 393: return I.divde(t, a, b, false, oe, rc);
  }
  return decodeFp(w, le) ?? decodeVec(w);
}
