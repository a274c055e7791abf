// Decoder for the VSX and AltiVec instructions (opcodes 4, 31, 57, 60, 61): see ops-vec.ts.
// VSR numbers are 0-63 (the VX/TX extension bits folded in); AltiVec VR n is VSR 32 + n.

import { Op } from './cpu.js';
import { eaD, eaX, eaR } from './ops-mem.js';
import * as V from './ops-vec.js';
import type { Ea } from './ops-vec.js';

const rT = (w: number) => (w >>> 21) & 31;
const rA = (w: number) => (w >>> 16) & 31;
const rB = (w: number) => (w >>> 11) & 31;

function eaXf(w: number): Ea {
  const a = rA(w) * 2, b = rB(w) * 2;
  return rA(w) === 0 ? (g) => eaR(g, b) : (g) => eaX(g, a, b);
}

function eaRA(w: number): Ea {
  const a = rA(w) * 2;
  return rA(w) === 0 ? () => 0 : (g) => eaR(g, a);
}

function eaDf(w: number, d: number): Ea {
  const a = rA(w) * 2;
  return rA(w) === 0 ? () => d : (g) => eaD(g, a, d);
}

/** Decode a vector instruction, or null. */
export function decodeVec(w: number): Op | null {
  switch (w >>> 26) {
    case 4: return decode4(w);
    case 31: return decode31v(w);
    case 57: {                                         // lxsd (DS form, VRT)
      const ds = (w << 16) >> 16 & ~3;
      if ((w & 3) === 2) return V.sload(V.SL.D, 32 + rT(w), eaDf(w, ds));
      return null;
    }
    case 61: {
      const ds = ((w << 16) >> 16) & ~3;
      if ((w & 3) === 2) return V.sstore(false, 32 + rT(w), eaDf(w, ds));        // stxsd
      const dq = ((w << 16) >> 16) & ~15, x = rT(w) + ((w >>> 3) & 1) * 32;
      if ((w & 7) === 1) return V.vload(V.VL.Q, x, eaDf(w, dq), false);           // lxv
      if ((w & 7) === 5) return V.vstore(V.VL.Q, x, eaDf(w, dq), false);          // stxv
      return null;
    }
    case 60: return decode60(w);
  }
  return null;
}

/** Opcode 31: VSX and VMX loads/stores, GPR<->VSR moves. */
function decode31v(w: number): Op | null {
  const xo = (w >>> 1) & 0x3ff;
  const x = rT(w) + (w & 1) * 32;          // XT/XS of the XX1 forms
  const vr = 32 + rT(w);                   // VRT/VRS of the VMX forms
  const ea = eaXf(w);
  const r = rA(w) * 2;
  switch (xo) {
    // VSX vector loads/stores
    case 844: return V.vload(V.VL.D2, x, ea, false);    // lxvd2x
    case 972: return V.vstore(V.VL.D2, x, ea, false);   // stxvd2x
    case 780: return V.vload(V.VL.W4, x, ea, false);    // lxvw4x
    case 908: return V.vstore(V.VL.W4, x, ea, false);   // stxvw4x
    case 812: return V.vload(V.VL.H8, x, ea, false);    // lxvh8x
    case 940: return V.vstore(V.VL.H8, x, ea, false);   // stxvh8x
    case 876: return V.vload(V.VL.B16, x, ea, false);   // lxvb16x
    case 1004: return V.vstore(V.VL.B16, x, ea, false); // stxvb16x
    case 268: return V.vload(V.VL.Q, x, ea, false);     // lxvx
    case 396: return V.vstore(V.VL.Q, x, ea, false);    // stxvx
    case 332: return V.vload(V.VL.DS, x, ea, false);    // lxvdsx
    // length-controlled (EA = (RA|0), the length in RB)
    case 269: return V.vlen(true, false, x, eaRA(w), rB(w) * 2);    // lxvl
    case 301: return V.vlen(true, true, x, eaRA(w), rB(w) * 2);     // lxvll
    case 397: return V.vlen(false, false, x, eaRA(w), rB(w) * 2);   // stxvl
    case 429: return V.vlen(false, true, x, eaRA(w), rB(w) * 2);    // stxvll
    // VSX scalar loads/stores
    case 588: return V.sload(V.SL.D, x, ea);            // lxsdx
    case 12: return V.sload(V.SL.WZ, x, ea);            // lxsiwzx
    case 76: return V.sload(V.SL.WA, x, ea);            // lxsiwax
    case 716: return V.sstore(false, x, ea);            // stxsdx
    case 140: return V.sstore(true, x, ea);             // stxsiwx
    // VMX loads/stores (lvx/stvx ignore the low four address bits)
    case 103: case 359: return V.vload(V.VL.Q, vr, ea, true);    // lvx, lvxl
    case 231: case 487: return V.vstore(V.VL.Q, vr, ea, true);   // stvx, stvxl
    case 6: return V.lvsx(vr, ea, false);                        // lvsl
    case 38: return V.lvsx(vr, ea, true);                        // lvsr
    case 7: return V.lve(1, vr, ea);                             // lvebx
    case 39: return V.lve(2, vr, ea);                            // lvehx
    case 71: return V.lve(4, vr, ea);                            // lvewx
    case 135: return V.stve(1, vr, ea);                          // stvebx
    case 167: return V.stve(2, vr, ea);                          // stvehx
    case 199: return V.stve(4, vr, ea);                          // stvewx
    // moves (XX1: RA is the GPR)
    case 51: return V.vmove(V.Mv.MFD, x, r, 0);                  // mfvsrd
    case 115: return V.vmove(V.Mv.MFWZ, x, r, 0);                // mfvsrwz
    case 307: return V.vmove(V.Mv.MFLD, x, r, 0);                // mfvsrld
    case 179: return V.vmove(V.Mv.MTD, x, r, 0);                 // mtvsrd
    case 211: return V.vmove(V.Mv.MTWA, x, r, 0);                // mtvsrwa
    case 243: return V.vmove(V.Mv.MTWZ, x, r, 0);                // mtvsrwz
    case 403: return V.vmove(V.Mv.MTWS, x, r, 0);                // mtvsrws
    case 435: return V.vmove(V.Mv.MTDD, x, rA(w) === 0 ? -1 : r, rB(w) * 2);  // mtvsrdd
  }
  return null;
}

/** Opcode 60: VSX logical and permute operations (XX2/XX3/XX4 forms). */
function decode60(w: number): Op | null {
  const t = rT(w) + (w & 1) * 32;
  const a = rA(w) + ((w >>> 2) & 1) * 32;
  const b = rB(w) + ((w >>> 1) & 1) * 32;
  if (((w >>> 4) & 3) === 3) return V.vsel(t, a, b, ((w >>> 6) & 31) + ((w >>> 3) & 1) * 32);   // xxsel
  if ((w & 0x400) === 0) {
    const n = (w >>> 8) & 3;
    switch ((w >>> 3) & 31) {
      case 10: return V.xxpermdi(t, a, b, n);
      case 2: return V.wperm(V.Wp.SLDWI, t, a, b, n);
    }
  }
  switch ((w >>> 3) & 0xff) {
    case 130: return V.vlogic(V.Lg.AND, t, a, b);      // xxland
    case 138: return V.vlogic(V.Lg.ANDC, t, a, b);     // xxlandc
    case 146: return V.vlogic(V.Lg.OR, t, a, b);       // xxlor
    case 154: return V.vlogic(V.Lg.XOR, t, a, b);      // xxlxor
    case 162: return V.vlogic(V.Lg.NOR, t, a, b);      // xxlnor
    case 170: return V.vlogic(V.Lg.ORC, t, a, b);      // xxlorc
    case 178: return V.vlogic(V.Lg.NAND, t, a, b);     // xxlnand
    case 186: return V.vlogic(V.Lg.EQV, t, a, b);      // xxleqv
    case 18: return V.wperm(V.Wp.MRGH, t, a, b, 0);    // xxmrghw
    case 50: return V.wperm(V.Wp.MRGL, t, a, b, 0);    // xxmrglw
  }
  switch ((w >>> 2) & 0x1ff) {
    case 164: return V.wperm(V.Wp.SPLT, t, b, b, (w >>> 16) & 3);   // xxspltw
    case 475:                                                       // xxbr[hwdq]
      switch (rA(w)) {
        case 7: return V.xxbr(t, b, 2);
        case 15: return V.xxbr(t, b, 4);
        case 23: return V.xxbr(t, b, 8);
        case 31: return V.xxbr(t, b, 16);
      }
      return null;
  }
  if (((w >>> 1) & 0x3ff) === 360 && ((w >>> 19) & 3) === 0) {     // xxspltib
    return V.splatImm(t, 1, (w >>> 11) & 0xff);
  }
  return null;
}

/** Opcode 4: AltiVec (VA, VC and VX forms). */
function decode4(w: number): Op | null {
  const t = 32 + rT(w), a = 32 + rA(w), b = 32 + rB(w), cc = 32 + ((w >>> 6) & 31);
  const low6 = w & 63;
  if (low6 >= 32) {
    switch (low6) {
      case 42: return V.vsel(t, a, b, cc);
      case 43: return V.vperm(V.Pm.PERM, t, a, b, cc, 0);
      case 45: return V.vperm(V.Pm.PERMXOR, t, a, b, cc, 0);
      case 59: return V.vperm(V.Pm.PERMR, t, a, b, cc, 0);
      case 44: return (w & 0x400) === 0 ? V.vperm(V.Pm.SLDOI, t, a, b, cc, (w >>> 6) & 15) : null;
    }
    return null;
  }
  if (low6 === 6 || low6 === 7) {
    const rc = (w & 0x400) !== 0;
    switch (w & 0x3ff) {
      case 6: return V.vcmp(V.Cm.EQ, 1, t, a, b, rc);
      case 70: return V.vcmp(V.Cm.EQ, 2, t, a, b, rc);
      case 134: return V.vcmp(V.Cm.EQ, 4, t, a, b, rc);
      case 199: return V.vcmp(V.Cm.EQ, 8, t, a, b, rc);
      case 518: return V.vcmp(V.Cm.GTU, 1, t, a, b, rc);
      case 582: return V.vcmp(V.Cm.GTU, 2, t, a, b, rc);
      case 646: return V.vcmp(V.Cm.GTU, 4, t, a, b, rc);
      case 711: return V.vcmp(V.Cm.GTU, 8, t, a, b, rc);
      case 774: return V.vcmp(V.Cm.GTS, 1, t, a, b, rc);
      case 838: return V.vcmp(V.Cm.GTS, 2, t, a, b, rc);
      case 902: return V.vcmp(V.Cm.GTS, 4, t, a, b, rc);
      case 967: return V.vcmp(V.Cm.GTS, 8, t, a, b, rc);
      case 7: return V.vcmp(V.Cm.NE, 1, t, a, b, rc);
      case 71: return V.vcmp(V.Cm.NE, 2, t, a, b, rc);
      case 135: return V.vcmp(V.Cm.NE, 4, t, a, b, rc);
      case 263: return V.vcmp(V.Cm.NEZ, 1, t, a, b, rc);
      case 327: return V.vcmp(V.Cm.NEZ, 2, t, a, b, rc);
      case 391: return V.vcmp(V.Cm.NEZ, 4, t, a, b, rc);
    }
    return null;
  }

  const simm5 = (rA(w) << 27) >> 27;
  switch (w & 0x7ff) {
    case 0: return V.velem(V.El.ADD, 1, t, a, b);       // vaddubm
    case 64: return V.velem(V.El.ADD, 2, t, a, b);      // vadduhm
    case 128: return V.velem(V.El.ADD, 4, t, a, b);     // vadduwm
    case 192: return V.velem(V.El.ADD, 8, t, a, b);     // vaddudm
    case 1024: return V.velem(V.El.SUB, 1, t, a, b);    // vsububm
    case 1088: return V.velem(V.El.SUB, 2, t, a, b);    // vsubuhm
    case 1152: return V.velem(V.El.SUB, 4, t, a, b);    // vsubuwm
    case 1216: return V.velem(V.El.SUB, 8, t, a, b);    // vsubudm
    case 2: return V.velem(V.El.MAXU, 1, t, a, b);      // vmaxub
    case 66: return V.velem(V.El.MAXU, 2, t, a, b);     // vmaxuh
    case 130: return V.velem(V.El.MAXU, 4, t, a, b);    // vmaxuw
    case 514: return V.velem(V.El.MINU, 1, t, a, b);    // vminub
    case 578: return V.velem(V.El.MINU, 2, t, a, b);    // vminuh
    case 642: return V.velem(V.El.MINU, 4, t, a, b);    // vminuw
    case 258: return V.velem(V.El.MAXS, 1, t, a, b);    // vmaxsb
    case 770: return V.velem(V.El.MINS, 1, t, a, b);    // vminsb
    case 1028: return V.vlogic(V.Lg.AND, t, a, b);   // vand
    case 1092: return V.vlogic(V.Lg.ANDC, t, a, b);  // vandc
    case 1156: return V.vlogic(V.Lg.OR, t, a, b);    // vor
    case 1220: return V.vlogic(V.Lg.XOR, t, a, b);   // vxor
    case 1284: return V.vlogic(V.Lg.NOR, t, a, b);   // vnor
    case 1348: return V.vlogic(V.Lg.ORC, t, a, b);   // vorc
    case 1412: return V.vlogic(V.Lg.NAND, t, a, b);  // vnand
    case 1668: return V.vlogic(V.Lg.EQV, t, a, b);   // veqv
    case 524: return V.splat(t, b, 1, rA(w) & 15);   // vspltb
    case 588: return V.splat(t, b, 2, rA(w) & 7);    // vsplth
    case 652: return V.splat(t, b, 4, rA(w) & 3);    // vspltw
    case 780: return V.splatImm(t, 1, simm5);        // vspltisb
    case 844: return V.splatImm(t, 2, simm5);        // vspltish
    case 908: return V.splatImm(t, 4, simm5);        // vspltisw
    case 12: return V.velem(V.El.MRGH, 1, t, a, b);     // vmrghb
    case 76: return V.velem(V.El.MRGH, 2, t, a, b);     // vmrghh
    case 140: return V.velem(V.El.MRGH, 4, t, a, b);    // vmrghw
    case 268: return V.velem(V.El.MRGL, 1, t, a, b);    // vmrglb
    case 332: return V.velem(V.El.MRGL, 2, t, a, b);    // vmrglh
    case 396: return V.velem(V.El.MRGL, 4, t, a, b);    // vmrglw
    case 260: return V.velem(V.El.SL, 1, t, a, b);      // vslb
    case 324: return V.velem(V.El.SL, 2, t, a, b);      // vslh
    case 388: return V.velem(V.El.SL, 4, t, a, b);      // vslw
    case 1476: return V.velem(V.El.SL, 8, t, a, b);     // vsld
    case 516: return V.velem(V.El.SR, 1, t, a, b);      // vsrb
    case 580: return V.velem(V.El.SR, 2, t, a, b);      // vsrh
    case 644: return V.velem(V.El.SR, 4, t, a, b);      // vsrw
    case 1732: return V.velem(V.El.SR, 8, t, a, b);     // vsrd
    case 772: return V.velem(V.El.SRA, 1, t, a, b);     // vsrab
    case 836: return V.velem(V.El.SRA, 2, t, a, b);     // vsrah
    case 900: return V.velem(V.El.SRA, 4, t, a, b);     // vsraw
    case 964: return V.velem(V.El.SRA, 8, t, a, b);     // vsrad
    case 452: return V.vshift(V.Sh.SL, t, a, b);     // vsl
    case 708: return V.vshift(V.Sh.SR, t, a, b);     // vsr
    case 1036: return V.vshift(V.Sh.SLO, t, a, b);   // vslo
    case 1100: return V.vshift(V.Sh.SRO, t, a, b);   // vsro
    case 14: return V.vpack(2, t, a, b);             // vpkuhum
    case 78: return V.vpack(4, t, a, b);             // vpkuwum
    case 1102: return V.vpack(8, t, a, b);           // vpkudum
    case 1292: return V.vgbbd(t, b);                 // vgbbd
    case 1356: return V.vbpermq(t, a, b);            // vbpermq
    case 1794: return V.velem(V.El.CLZ, 1, t, b, b);    // vclzb
    case 1858: return V.velem(V.El.CLZ, 2, t, b, b);    // vclzh
    case 1922: return V.velem(V.El.CLZ, 4, t, b, b);    // vclzw
    case 1986: return V.velem(V.El.CLZ, 8, t, b, b);    // vclzd
    case 1795: return V.velem(V.El.POPCNT, 1, t, b, b); // vpopcntb
    case 1859: return V.velem(V.El.POPCNT, 2, t, b, b); // vpopcnth
    case 1923: return V.velem(V.El.POPCNT, 4, t, b, b); // vpopcntw
    case 1987: return V.velem(V.El.POPCNT, 8, t, b, b); // vpopcntd
    case 1538:                                       // VX-form with the op in the RA field
      switch (rA(w)) {
        case 0: return V.vcntlsbb(rT(w) * 2, b, false);   // vclzlsbb (RT is a GPR)
        case 1: return V.vcntlsbb(rT(w) * 2, b, true);    // vctzlsbb
        case 28: return V.velem(V.El.CTZ, 1, t, b, b);       // vctzb
        case 29: return V.velem(V.El.CTZ, 2, t, b, b);       // vctzh
        case 30: return V.velem(V.El.CTZ, 4, t, b, b);       // vctzw
        case 31: return V.velem(V.El.CTZ, 8, t, b, b);       // vctzd
      }
      return null;
    case 1549: return V.vextx(1, false, rT(w) * 2, rA(w) * 2, b);  // vextublx
    case 1613: return V.vextx(2, false, rT(w) * 2, rA(w) * 2, b);  // vextuhlx
    case 1677: return V.vextx(4, false, rT(w) * 2, rA(w) * 2, b);  // vextuwlx
    case 1805: return V.vextx(1, true, rT(w) * 2, rA(w) * 2, b);   // vextubrx
    case 1869: return V.vextx(2, true, rT(w) * 2, rA(w) * 2, b);   // vextuhrx
    case 1933: return V.vextx(4, true, rT(w) * 2, rA(w) * 2, b);   // vextuwrx
    case 1540: return V.mfvscr(t);
    case 1604: return V.mtvscr(b);
  }
  return null;
}
