// Decoder for VSX floating point (opcode 60): XX3 forms by their 8-bit XO (bits 21-28), XX2
// forms by their 9-bit XO (bits 21-29). The ISA keeps the two tables disjoint. See ops-vsx.ts.

import { Op } from './cpu.js';
import * as X from './ops-vsx.js';
import { Ar, Sh, Sg, Mm, Cp, Cv, Ti, Fi, Xe } from './ops-vsx.js';

/** XX3 arithmetic: xo8 -> [op, shape]. */
const ARITH3: Record<number, [Ar, Sh]> = {
  32: [Ar.ADD, Sh.SD], 40: [Ar.SUB, Sh.SD], 48: [Ar.MUL, Sh.SD], 56: [Ar.DIV, Sh.SD],
  0: [Ar.ADD, Sh.SS], 8: [Ar.SUB, Sh.SS], 16: [Ar.MUL, Sh.SS], 24: [Ar.DIV, Sh.SS],
  96: [Ar.ADD, Sh.VD], 104: [Ar.SUB, Sh.VD], 112: [Ar.MUL, Sh.VD], 120: [Ar.DIV, Sh.VD],
  64: [Ar.ADD, Sh.VS], 72: [Ar.SUB, Sh.VS], 80: [Ar.MUL, Sh.VS], 88: [Ar.DIV, Sh.VS],
  33: [Ar.MADDA, Sh.SD], 41: [Ar.MADDM, Sh.SD], 49: [Ar.MSUBA, Sh.SD], 57: [Ar.MSUBM, Sh.SD],
  161: [Ar.NMADDA, Sh.SD], 169: [Ar.NMADDM, Sh.SD], 177: [Ar.NMSUBA, Sh.SD], 185: [Ar.NMSUBM, Sh.SD],
  1: [Ar.MADDA, Sh.SS], 9: [Ar.MADDM, Sh.SS], 17: [Ar.MSUBA, Sh.SS], 25: [Ar.MSUBM, Sh.SS],
  129: [Ar.NMADDA, Sh.SS], 137: [Ar.NMADDM, Sh.SS], 145: [Ar.NMSUBA, Sh.SS], 153: [Ar.NMSUBM, Sh.SS],
  97: [Ar.MADDA, Sh.VD], 105: [Ar.MADDM, Sh.VD], 113: [Ar.MSUBA, Sh.VD], 121: [Ar.MSUBM, Sh.VD],
  225: [Ar.NMADDA, Sh.VD], 233: [Ar.NMADDM, Sh.VD], 241: [Ar.NMSUBA, Sh.VD], 249: [Ar.NMSUBM, Sh.VD],
  65: [Ar.MADDA, Sh.VS], 73: [Ar.MADDM, Sh.VS], 81: [Ar.MSUBA, Sh.VS], 89: [Ar.MSUBM, Sh.VS],
  193: [Ar.NMADDA, Sh.VS], 201: [Ar.NMADDM, Sh.VS], 209: [Ar.NMSUBA, Sh.VS], 217: [Ar.NMSUBM, Sh.VS],
};

/** XX3 max/min: xo8 -> [kind, shape]. */
const MAXMIN: Record<number, [Mm, Sh]> = {
  160: [Mm.MAX, Sh.SD], 168: [Mm.MIN, Sh.SD], 224: [Mm.MAX, Sh.VD], 232: [Mm.MIN, Sh.VD],
  192: [Mm.MAX, Sh.VS], 200: [Mm.MIN, Sh.VS], 128: [Mm.MAXC, Sh.SD], 136: [Mm.MINC, Sh.SD],
  144: [Mm.MAXJ, Sh.SD], 152: [Mm.MINJ, Sh.SD],
};

/** XX2 unary arithmetic: xo9 -> [op, shape]. */
const ARITH2: Record<number, [Ar, Sh]> = {
  75: [Ar.SQRT, Sh.SD], 11: [Ar.SQRT, Sh.SS], 203: [Ar.SQRT, Sh.VD], 139: [Ar.SQRT, Sh.VS],
  90: [Ar.RE, Sh.SD], 26: [Ar.RE, Sh.SS], 218: [Ar.RE, Sh.VD], 154: [Ar.RE, Sh.VS],
  74: [Ar.RSQRTE, Sh.SD], 10: [Ar.RSQRTE, Sh.SS], 202: [Ar.RSQRTE, Sh.VD], 138: [Ar.RSQRTE, Sh.VS],
};

/** XX2 round to integral: xo9 -> [mode, shape] (0 nearest-away, 1 zero, 2 up, 3 down, 4 current). */
const ROUND: Record<number, [number, Sh]> = {
  73: [0, Sh.SD], 89: [1, Sh.SD], 105: [2, Sh.SD], 121: [3, Sh.SD], 107: [4, Sh.SD],
  201: [0, Sh.VD], 217: [1, Sh.VD], 233: [2, Sh.VD], 249: [3, Sh.VD], 235: [4, Sh.VD],
  137: [0, Sh.VS], 153: [1, Sh.VS], 169: [2, Sh.VS], 185: [3, Sh.VS], 171: [4, Sh.VS],
};

/** XX2 to-integer conversions: xo9 -> [shape, unsigned]. */
const TOINT: Record<number, [Ti, boolean]> = {
  344: [Ti.SD_D, false], 328: [Ti.SD_D, true], 88: [Ti.SD_W, false], 72: [Ti.SD_W, true],
  472: [Ti.VD_D, false], 456: [Ti.VD_D, true], 216: [Ti.VD_W, false], 200: [Ti.VD_W, true],
  408: [Ti.VS_D, false], 392: [Ti.VS_D, true], 152: [Ti.VS_W, false], 136: [Ti.VS_W, true],
};

/** XX2 from-integer conversions: xo9 -> [shape, unsigned]. */
const FROMINT: Record<number, [Fi, boolean]> = {
  376: [Fi.SD_DP, false], 360: [Fi.SD_DP, true], 312: [Fi.SD_SP, false], 296: [Fi.SD_SP, true],
  504: [Fi.VD_DP, false], 488: [Fi.VD_DP, true], 440: [Fi.VD_SP, false], 424: [Fi.VD_SP, true],
  248: [Fi.VW_DP, false], 232: [Fi.VW_DP, true], 184: [Fi.VW_SP, false], 168: [Fi.VW_SP, true],
};

/** XX2 sign operations: xo9 -> [kind, shape]. */
const SIGN2: Record<number, [Sg, Sh]> = {
  345: [Sg.ABS, Sh.SD], 361: [Sg.NABS, Sh.SD], 377: [Sg.NEG, Sh.SD],
  473: [Sg.ABS, Sh.VD], 489: [Sg.NABS, Sh.VD], 505: [Sg.NEG, Sh.VD],
  409: [Sg.ABS, Sh.VS], 425: [Sg.NABS, Sh.VS], 441: [Sg.NEG, Sh.VS],
};

/** Decode a VSX floating-point instruction (opcode 60), or null. */
export function decodeVsxFp(w: number): Op | null {
  const t = ((w >>> 21) & 31) + (w & 1) * 32;
  const a = ((w >>> 16) & 31) + ((w >>> 2) & 1) * 32;
  const b = ((w >>> 11) & 31) + ((w >>> 1) & 1) * 32;
  const bf = (w >>> 23) & 7;
  const xo8 = (w >>> 3) & 0xff;
  const ar = ARITH3[xo8];
  if (ar) return X.arith(ar[0], ar[1], t, a, b);
  const mm = MAXMIN[xo8];
  if (mm) return X.maxMin(mm[0], mm[1], t, a, b);
  switch (xo8) {
    case 35: return X.scmp(bf, a, b, false);                 // xscmpudp
    case 43: return X.scmp(bf, a, b, true);                  // xscmpodp
    case 59: return X.scmpexp(bf, a, b);                     // xscmpexpdp
    case 3: return X.scmpMask(Cp.EQ, t, a, b);              // xscmpeqdp
    case 11: return X.scmpMask(Cp.GT, t, a, b);             // xscmpgtdp
    case 19: return X.scmpMask(Cp.GE, t, a, b);             // xscmpgedp
    case 61: return X.test(false, Sh.SD, bf, a, b);          // xstdivdp
    case 125: return X.test(false, Sh.VD, bf, a, b);         // xvtdivdp
    case 93: return X.test(false, Sh.VS, bf, a, b);          // xvtdivsp
    case 176: return X.sign(Sg.CPSGN, Sh.SD, t, a, b);       // xscpsgndp
    case 240: return X.sign(Sg.CPSGN, Sh.VD, t, a, b);       // xvcpsgndp
    case 208: return X.sign(Sg.CPSGN, Sh.VS, t, a, b);       // xvcpsgnsp
    case 248: return X.xvexp(Xe.IEXPDP, t, a, b);            // xviexpdp
    case 216: return X.xvexp(Xe.IEXPSP, t, a, b);            // xviexpsp
  }
  // Vector compares: 7-bit XO with the Rc bit (bit 21) above it.
  const rc = (xo8 & 0x80) !== 0;
  switch (xo8 & 0x7f) {
    case 99: return X.vcmp(Cp.EQ, false, t, a, b, rc);       // xvcmpeqdp
    case 107: return X.vcmp(Cp.GT, false, t, a, b, rc);      // xvcmpgtdp
    case 115: return X.vcmp(Cp.GE, false, t, a, b, rc);      // xvcmpgedp
    case 67: return X.vcmp(Cp.EQ, true, t, a, b, rc);        // xvcmpeqsp
    case 75: return X.vcmp(Cp.GT, true, t, a, b, rc);        // xvcmpgtsp
    case 83: return X.vcmp(Cp.GE, true, t, a, b, rc);        // xvcmpgesp
  }
  if (((w >>> 1) & 0x3ff) === 918) return X.xsiexp(t, ((w >>> 16) & 31) * 2, ((w >>> 11) & 31) * 2);  // xsiexpdp

  // XX2 forms: the A field is unused (or a sub-opcode) and bit 29 belongs to the XO.
  const xo9 = (w >>> 2) & 0x1ff;
  const a2 = ARITH2[xo9];
  if (a2) return X.arith(a2[0], a2[1], t, b, b);
  const rd = ROUND[xo9];
  if (rd) return X.rnd(rd[0], rd[1], t, b);
  const ti = TOINT[xo9];
  if (ti) return X.toInt(ti[0], ti[1], t, b);
  const fi = FROMINT[xo9];
  if (fi) return X.fromInt(fi[0], fi[1], t, b);
  const sg = SIGN2[xo9];
  if (sg) return X.sign(sg[0], sg[1], t, b, b);
  const sub = (w >>> 16) & 31;
  switch (xo9) {
    case 106: return X.test(true, Sh.SD, bf, b, b);          // xstsqrtdp
    case 234: return X.test(true, Sh.VD, bf, b, b);          // xvtsqrtdp
    case 170: return X.test(true, Sh.VS, bf, b, b);          // xvtsqrtsp
    case 281: return X.cvt(Cv.RSP, t, b);                    // xsrsp
    case 265: return X.cvt(Cv.DPSP, t, b);                   // xscvdpsp
    case 329: return X.cvt(Cv.SPDP, t, b);                   // xscvspdp
    case 393: return X.cvt(Cv.VDPSP, t, b);                  // xvcvdpsp
    case 457: return X.cvt(Cv.VSPDP, t, b);                  // xvcvspdp
    case 267: return X.dpspn(t, b);                          // xscvdpspn
    case 331: return X.spdpn(t, b);                          // xscvspdpn
    case 347: {
      const rt = ((w >>> 21) & 31) * 2;
      if (sub === 0 && (w & 1) === 0) return X.xsx(false, rt, b);   // xsxexpdp
      if (sub === 1 && (w & 1) === 0) return X.xsx(true, rt, b);    // xsxsigdp
      return null;
    }
    case 475:
      switch (sub) {
        case 0: return X.xvexp(Xe.XEXPDP, t, b, b);
        case 1: return X.xvexp(Xe.XSIGDP, t, b, b);
        case 8: return X.xvexp(Xe.XEXPSP, t, b, b);
        case 9: return X.xvexp(Xe.XSIGSP, t, b, b);
      }
      return null;
  }
  return null;
}
