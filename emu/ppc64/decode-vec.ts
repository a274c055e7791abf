// Decoder for the VSX and AltiVec instructions (opcodes 4, 31, 57, 60, 61): see ops-vec.ts.
// VSR numbers are 0-63 (the VX/TX extension bits folded in); AltiVec VR n is VSR 32 + n.

import { Op } from './cpu.js';
import { eaD, eaX, eaR } from './ops-mem.js';
import * as V from './ops-vec.js';
import type { Ea } from './ops-vec.js';
import { decodeVsxFp } from './decode-vsx.js';
import * as N from './ops-vint.js';
import { E2, Ms, Su, Q, Aes } from './ops-vint.js';
import * as P from './ops-vfp.js';
import { Vf, Fc } from './ops-vfp.js';

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
      if ((w & 3) === 3) return V.sload(V.SL.S, 32 + rT(w), eaDf(w, ds));          // lxssp
      return null;
    }
    case 61: {
      const ds = ((w << 16) >> 16) & ~3;
      if ((w & 3) === 2) return V.sstore(V.SS.D, 32 + rT(w), eaDf(w, ds));       // stxsd
      if ((w & 3) === 3) return V.sstore(V.SS.S, 32 + rT(w), eaDf(w, ds));       // stxssp
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
    case 716: return V.sstore(V.SS.D, x, ea);           // stxsdx
    case 140: return V.sstore(V.SS.W, x, ea);           // stxsiwx
    case 652: return V.sstore(V.SS.S, x, ea);           // stxsspx
    case 909: return V.sstore(V.SS.B, x, ea);           // stxsibx
    case 941: return V.sstore(V.SS.H, x, ea);           // stxsihx
    case 524: return V.sload(V.SL.S, x, ea);            // lxsspx
    case 781: return V.sload(V.SL.BZ, x, ea);           // lxsibzx
    case 813: return V.sload(V.SL.HZ, x, ea);           // lxsihzx
    case 364: return V.lxvwsx(x, ea);                   // lxvwsx
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
    case 26: return N.xxperm(false, t, a, b);           // xxperm
    case 58: return N.xxperm(true, t, a, b);            // xxpermr
    case 18: return V.wperm(V.Wp.MRGH, t, a, b, 0);    // xxmrghw
    case 50: return V.wperm(V.Wp.MRGL, t, a, b, 0);    // xxmrglw
  }
  switch ((w >>> 2) & 0x1ff) {
    case 164: return V.wperm(V.Wp.SPLT, t, b, b, (w >>> 16) & 3);   // xxspltw
    case 165: return N.extract(4, t, b, (w >>> 16) & 15);             // xxextractuw
    case 181: return N.insert(4, t, b, (w >>> 16) & 15);              // xxinsertw
    case 475:                                                       // xxbr[hwdq]
      switch (rA(w)) {
        case 7: return V.xxbr(t, b, 2);
        case 15: return V.xxbr(t, b, 4);
        case 23: return V.xxbr(t, b, 8);
        case 31: return V.xxbr(t, b, 16);
      }
      break;
  }
  if (((w >>> 1) & 0x3ff) === 360 && ((w >>> 19) & 3) === 0) {     // xxspltib
    return V.splatImm(t, 1, (w >>> 11) & 0xff);
  }
  return decodeVsxFp(w);
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
      case 32: return N.msum(Ms.MHADDSHS, t, a, b, cc);
      case 33: return N.msum(Ms.MHRADDSHS, t, a, b, cc);
      case 34: return N.msum(Ms.MLADDUHM, t, a, b, cc);
      case 35: return N.msum(Ms.UDM, t, a, b, cc);
      case 36: return N.msum(Ms.UBM, t, a, b, cc);
      case 37: return N.msum(Ms.MBM, t, a, b, cc);
      case 38: return N.msum(Ms.UHM, t, a, b, cc);
      case 39: return N.msum(Ms.UHS, t, a, b, cc);
      case 40: return N.msum(Ms.SHM, t, a, b, cc);
      case 41: return N.msum(Ms.SHS, t, a, b, cc);
      case 46: return P.vfp(Vf.MADD, t, a, b, cc);          // vmaddfp: A * C + B
      case 47: return P.vfp(Vf.NMSUB, t, a, b, cc);         // vnmsubfp
      case 60: return N.quad(Q.ADDE, t, a, b, cc);          // vaddeuqm
      case 61: return N.quad(Q.ADDEC, t, a, b, cc);         // vaddecuq
      case 62: return N.quad(Q.SUBE, t, a, b, cc);          // vsubeuqm
      case 63: return N.quad(Q.SUBEC, t, a, b, cc);         // vsubecuq
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
      case 198: return P.vcmpfp(Fc.EQ, t, a, b, rc);
      case 454: return P.vcmpfp(Fc.GE, t, a, b, rc);
      case 710: return P.vcmpfp(Fc.GT, t, a, b, rc);
      case 966: return P.vcmpfp(Fc.B, t, a, b, rc);
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
        case 6: return N.neg(4, t, b);                        // vnegw
        case 7: return N.neg(8, t, b);                        // vnegd
        case 8: return N.parity(4, t, b);                     // vprtybw
        case 9: return N.parity(8, t, b);                     // vprtybd
        case 10: return N.parity(16, t, b);                   // vprtybq
        case 16: return N.extsign(1, 4, t, b);                // vextsb2w
        case 17: return N.extsign(2, 4, t, b);                // vextsh2w
        case 24: return N.extsign(1, 8, t, b);                // vextsb2d
        case 25: return N.extsign(2, 8, t, b);                // vextsh2d
        case 26: return N.extsign(4, 8, t, b);                // vextsw2d
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
    // multiplies
    case 8: return N.mulEO(true, 1, false, t, a, b);     // vmuloub
    case 72: return N.mulEO(true, 2, false, t, a, b);    // vmulouh
    case 136: return N.mulEO(true, 4, false, t, a, b);   // vmulouw
    case 264: return N.mulEO(true, 1, true, t, a, b);    // vmulosb
    case 328: return N.mulEO(true, 2, true, t, a, b);    // vmulosh
    case 392: return N.mulEO(true, 4, true, t, a, b);    // vmulosw
    case 520: return N.mulEO(false, 1, false, t, a, b);  // vmuleub
    case 584: return N.mulEO(false, 2, false, t, a, b);  // vmuleuh
    case 648: return N.mulEO(false, 4, false, t, a, b);  // vmuleuw
    case 776: return N.mulEO(false, 1, true, t, a, b);   // vmulesb
    case 840: return N.mulEO(false, 2, true, t, a, b);   // vmulesh
    case 904: return N.mulEO(false, 4, true, t, a, b);   // vmulesw
    case 137: return N.e2(E2.MULUWM, 4, false, t, a, b); // vmuluwm
    // saturating add / subtract
    case 512: return N.e2(E2.ADDS, 1, false, t, a, b);   // vaddubs
    case 576: return N.e2(E2.ADDS, 2, false, t, a, b);   // vadduhs
    case 640: return N.e2(E2.ADDS, 4, false, t, a, b);   // vadduws
    case 768: return N.e2(E2.ADDS, 1, true, t, a, b);    // vaddsbs
    case 832: return N.e2(E2.ADDS, 2, true, t, a, b);    // vaddshs
    case 896: return N.e2(E2.ADDS, 4, true, t, a, b);    // vaddsws
    case 1536: return N.e2(E2.SUBS, 1, false, t, a, b);  // vsububs
    case 1600: return N.e2(E2.SUBS, 2, false, t, a, b);  // vsubuhs
    case 1664: return N.e2(E2.SUBS, 4, false, t, a, b);  // vsubuws
    case 1792: return N.e2(E2.SUBS, 1, true, t, a, b);   // vsubsbs
    case 1856: return N.e2(E2.SUBS, 2, true, t, a, b);   // vsubshs
    case 1920: return N.e2(E2.SUBS, 4, true, t, a, b);   // vsubsws
    case 384: return N.e2(E2.ADDCU, 4, false, t, a, b);  // vaddcuw
    case 1408: return N.e2(E2.SUBCU, 4, false, t, a, b); // vsubcuw
    case 256: return N.quad(Q.ADD, t, a, b, -1);         // vadduqm
    case 320: return N.quad(Q.ADDC, t, a, b, -1);        // vaddcuq
    case 1280: return N.quad(Q.SUB, t, a, b, -1);        // vsubuqm
    case 1344: return N.quad(Q.SUBC, t, a, b, -1);       // vsubcuq
    // averages, absolute differences
    case 1026: return N.e2(E2.AVG, 1, false, t, a, b);   // vavgub
    case 1090: return N.e2(E2.AVG, 2, false, t, a, b);   // vavguh
    case 1154: return N.e2(E2.AVG, 4, false, t, a, b);   // vavguw
    case 1282: return N.e2(E2.AVG, 1, true, t, a, b);    // vavgsb
    case 1346: return N.e2(E2.AVG, 2, true, t, a, b);    // vavgsh
    case 1410: return N.e2(E2.AVG, 4, true, t, a, b);    // vavgsw
    case 1027: return N.e2(E2.ABSD, 1, false, t, a, b);  // vabsdub
    case 1091: return N.e2(E2.ABSD, 2, false, t, a, b);  // vabsduh
    case 1155: return N.e2(E2.ABSD, 4, false, t, a, b);  // vabsduw
    // the remaining min / max
    case 322: return N.e2(E2.MAX, 2, true, t, a, b);     // vmaxsh
    case 386: return N.e2(E2.MAX, 4, true, t, a, b);     // vmaxsw
    case 450: return N.e2(E2.MAX, 8, true, t, a, b);     // vmaxsd
    case 194: return N.e2(E2.MAX, 8, false, t, a, b);    // vmaxud
    case 834: return N.e2(E2.MIN, 2, true, t, a, b);     // vminsh
    case 898: return N.e2(E2.MIN, 4, true, t, a, b);     // vminsw
    case 962: return N.e2(E2.MIN, 8, true, t, a, b);     // vminsd
    case 706: return N.e2(E2.MIN, 8, false, t, a, b);    // vminud
    // rotates, variable shifts
    case 4: return N.e2(E2.RL, 1, false, t, a, b);       // vrlb
    case 68: return N.e2(E2.RL, 2, false, t, a, b);      // vrlh
    case 132: return N.e2(E2.RL, 4, false, t, a, b);     // vrlw
    case 196: return N.e2(E2.RL, 8, false, t, a, b);     // vrld
    case 1860: return N.e2(E2.SLV, 1, false, t, a, b);   // vslv
    case 1796: return N.e2(E2.SRV, 1, false, t, a, b);   // vsrv
    case 133: return N.rlmask(false, true, t, a, b);     // vrlwmi
    case 389: return N.rlmask(false, false, t, a, b);    // vrlwnm
    case 197: return N.rlmask(true, true, t, a, b);      // vrldmi
    case 453: return N.rlmask(true, false, t, a, b);     // vrldnm
    // sums, saturating packs, unpacks, word merges
    case 1544: return N.vsum(Su.S4UBS, t, a, b);
    case 1800: return N.vsum(Su.S4SBS, t, a, b);
    case 1608: return N.vsum(Su.S4SHS, t, a, b);
    case 1672: return N.vsum(Su.S2SWS, t, a, b);
    case 1928: return N.vsum(Su.SSWS, t, a, b);
    case 142: return N.packSat(2, false, false, t, a, b);   // vpkuhus
    case 206: return N.packSat(4, false, false, t, a, b);   // vpkuwus
    case 270: return N.packSat(2, true, false, t, a, b);    // vpkshus
    case 334: return N.packSat(4, true, false, t, a, b);    // vpkswus
    case 398: return N.packSat(2, true, true, t, a, b);     // vpkshss
    case 462: return N.packSat(4, true, true, t, a, b);     // vpkswss
    case 1230: return N.packSat(8, false, false, t, a, b);  // vpkudus
    case 1358: return N.packSat(8, true, false, t, a, b);   // vpksdus
    case 1486: return N.packSat(8, true, true, t, a, b);    // vpksdss
    case 526: return N.unpack(false, 1, t, b);              // vupkhsb
    case 590: return N.unpack(false, 2, t, b);              // vupkhsh
    case 654: return N.unpack(true, 1, t, b);               // vupklsb
    case 718: return N.unpack(true, 2, t, b);               // vupklsh
    case 1614: return N.unpack(false, 4, t, b);             // vupkhsw
    case 1742: return N.unpack(true, 4, t, b);              // vupklsw
    case 1932: return N.e2(E2.MRGEW, 4, false, t, a, b);    // vmrgew
    case 1676: return N.e2(E2.MRGOW, 4, false, t, a, b);    // vmrgow
    // polynomial multiply-sum, AES, SHA-2
    case 1032: return N.pmsum(1, t, a, b);
    case 1096: return N.pmsum(2, t, a, b);
    case 1160: return N.pmsum(4, t, a, b);
    case 1224: return N.pmsum(8, t, a, b);
    case 1288: return N.aes(Aes.CIPHER, t, a, b);
    case 1289: return N.aes(Aes.CIPHERLAST, t, a, b);
    case 1352: return N.aes(Aes.NCIPHER, t, a, b);
    case 1353: return N.aes(Aes.NCIPHERLAST, t, a, b);
    case 1480: return rB(w) === 0 ? N.aes(Aes.SBOX, t, a, a) : null;
    case 1666: return N.shaSigma(false, t, a, (w >>> 15) & 1, (w >>> 11) & 15);
    case 1730: return N.shaSigma(true, t, a, (w >>> 15) & 1, (w >>> 11) & 15);
    // element extract / insert (UIM in the RA field)
    case 525: return N.extract(1, t, b, rA(w) & 15);        // vextractub
    case 589: return N.extract(2, t, b, rA(w) & 15);        // vextractuh
    case 653: return N.extract(4, t, b, rA(w) & 15);        // vextractuw
    case 717: return N.extract(8, t, b, rA(w) & 15);        // vextractd
    case 781: return N.insert(1, t, b, rA(w) & 15);         // vinsertb
    case 845: return N.insert(2, t, b, rA(w) & 15);         // vinserth
    case 909: return N.insert(4, t, b, rA(w) & 15);         // vinsertw
    case 973: return N.insert(8, t, b, rA(w) & 15);         // vinsertd
    // single-precision floating point
    case 10: return P.vfp(Vf.ADD, t, a, b, b);
    case 74: return P.vfp(Vf.SUB, t, a, b, b);
    case 1034: return P.vfp(Vf.MAX, t, a, b, b);
    case 1098: return P.vfp(Vf.MIN, t, a, b, b);
    case 266: return P.vfp(Vf.RE, t, b, b, b);
    case 330: return P.vfp(Vf.RSQRTE, t, b, b, b);
    case 522: return P.vfp(Vf.RFIN, t, b, b, b);
    case 586: return P.vfp(Vf.RFIZ, t, b, b, b);
    case 650: return P.vfp(Vf.RFIP, t, b, b, b);
    case 714: return P.vfp(Vf.RFIM, t, b, b, b);
    case 778: return P.vcf(false, t, b, rA(w));             // vcfux
    case 842: return P.vcf(true, t, b, rA(w));              // vcfsx
    case 906: return P.vct(false, t, b, rA(w));             // vctuxs
    case 970: return P.vct(true, t, b, rA(w));              // vctsxs
    case 1540: return V.mfvscr(t);
    case 1604: return V.mtvscr(b);
  }
  return null;
}
