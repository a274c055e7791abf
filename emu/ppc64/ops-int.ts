// Fixed-point instructions: add/subtract families, multiply/divide/modulo, logical,
// extend/count, compares, rotates and shifts, CR logic and moves, SPR moves.
//
// Each factory takes decoded fields and returns a closure: the decoding work (field
// extraction, mask computation, choosing the OE/Rc variant) is done once per instruction word.
// GPR arguments are already doubled (index of the low word in c.g).

import { Cpu, Op, ST_NEXT, ST_TB, ST_TRAP, LR, CTR, setCr0, setCrField, setOv } from './cpu.js';
import { out, mul64, mulhu32, muls128, mulu128, udiv64, sdiv64, udiv128by64, popcnt32, ctz32, mask64 } from './int64.js';

const TWO32 = 4294967296;

// ---------------------------------------------------------------- add / subtract

/**
 * The general add: RT = X + Y + cin where X is RA or ~RA and Y is RB, 0, -1 or an immediate.
 * Every add/subtract form is one of these; the plain `add`/`subf` get faster closures below.
 */
export const enum AddX { RA, NOT_RA }
export const enum AddY { RB, ZERO, MINUS1 }
export const enum Cin { ZERO, ONE, CA }

export function addGeneric(t: number, a: number, b: number, xk: AddX, yk: AddY, cin: Cin,
                           setCa: boolean, oe: boolean, rc: boolean): Op {
  return (c: Cpu) => {
    const g = c.g;
    let xl = g[a], xh = g[a + 1];
    if (xk === AddX.NOT_RA) { xl = ~xl; xh = ~xh; }
    let yl = 0, yh = 0;
    if (yk === AddY.RB) { yl = g[b]; yh = g[b + 1]; } else if (yk === AddY.MINUS1) { yl = -1; yh = -1; }
    const ci = cin === Cin.ZERO ? 0 : cin === Cin.ONE ? 1 : c.ca;
    const l = (xl >>> 0) + (yl >>> 0) + ci;
    const c32 = l >= TWO32 ? 1 : 0;
    const h = (xh >>> 0) + (yh >>> 0) + c32;
    const rl = l | 0, rh = h | 0;
    if (setCa) { c.ca = h >= TWO32 ? 1 : 0; c.ca32 = c32; }
    if (oe) setOv(c, ((xh ^ rh) & (yh ^ rh)) < 0 ? 1 : 0, ((xl ^ rl) & (yl ^ rl)) < 0 ? 1 : 0);
    g[t] = rl; g[t + 1] = rh;
    if (rc) setCr0(c, rl, rh);
    return ST_NEXT;
  };
}

export function add(t: number, a: number, b: number): Op {
  return (c: Cpu) => {
    const g = c.g;
    const al = g[a], bl = g[b];
    const l = (al + bl) | 0;
    g[t + 1] = g[a + 1] + g[b + 1] + ((l >>> 0) < (al >>> 0) ? 1 : 0);
    g[t] = l;
    return ST_NEXT;
  };
}

export function subf(t: number, a: number, b: number): Op {
  return (c: Cpu) => {
    const g = c.g;
    const al = g[a], bl = g[b];
    g[t + 1] = g[b + 1] - g[a + 1] - ((bl >>> 0) < (al >>> 0) ? 1 : 0);
    g[t] = bl - al;
    return ST_NEXT;
  };
}

export function neg(t: number, a: number): Op {
  return (c: Cpu) => {
    const g = c.g;
    const al = g[a];
    g[t + 1] = -g[a + 1] - (al !== 0 ? 1 : 0);
    g[t] = -al;
    return ST_NEXT;
  };
}

/** addi / addis (ra = 0 means the value 0: li / lis). imm is the sign-extended 64-bit addend's halves. */
export function addImm(t: number, a: number, raZero: boolean, il: number, ih: number): Op {
  if (raZero) {
    return (c: Cpu) => { c.g[t] = il; c.g[t + 1] = ih; return ST_NEXT; };
  }
  if (ih === 0 || ih === -1) {
    // The common addi: a 16-bit signed immediate (ih is its sign).
    return (c: Cpu) => {
      const g = c.g;
      const al = g[a];
      const l = (al >>> 0) + il;    // il is the sign-extended immediate as a small signed number
      g[t + 1] = g[a + 1] + (l >= TWO32 ? 1 : l < 0 ? -1 : 0);
      g[t] = l;
      return ST_NEXT;
    };
  }
  return (c: Cpu) => {
    const g = c.g;
    const al = g[a];
    const l = (al >>> 0) + (il >>> 0);
    g[t + 1] = g[a + 1] + ih + (l >= TWO32 ? 1 : 0);
    g[t] = l;
    return ST_NEXT;
  };
}

/** addic, addic., subfic: carrying forms with an immediate (sign-extended to 64 bits). */
export function addImmCarry(t: number, a: number, imm: number, notRa: boolean, cinOne: boolean, rc: boolean): Op {
  const yl = imm | 0, yh = imm < 0 ? -1 : 0;
  return (c: Cpu) => {
    const g = c.g;
    let xl = g[a], xh = g[a + 1];
    if (notRa) { xl = ~xl; xh = ~xh; }
    const l = (xl >>> 0) + (yl >>> 0) + (cinOne ? 1 : 0);
    const c32 = l >= TWO32 ? 1 : 0;
    const h = (xh >>> 0) + (yh >>> 0) + c32;
    const rl = l | 0, rh = h | 0;
    c.ca = h >= TWO32 ? 1 : 0;
    c.ca32 = c32;
    g[t] = rl; g[t + 1] = rh;
    if (rc) setCr0(c, rl, rh);
    return ST_NEXT;
  };
}

/** addex (ISA 3.0, CY=0): like adde but with OV as the carry in and out. */
export function addex(t: number, a: number, b: number): Op {
  return (c: Cpu) => {
    const g = c.g;
    const l = (g[a] >>> 0) + (g[b] >>> 0) + c.ov;
    const c32 = l >= TWO32 ? 1 : 0;
    const h = (g[a + 1] >>> 0) + (g[b + 1] >>> 0) + c32;
    c.ov = h >= TWO32 ? 1 : 0;
    c.ov32 = c32;
    g[t] = l | 0; g[t + 1] = h | 0;
    return ST_NEXT;
  };
}

/** addpcis (DX form): RT = next instruction address + (d << 16). */
export function addpcis(t: number, nia: number, d: number): Op {
  // nia + d*2^16 is exact in a double (|v| < 2^53); split it into two's-complement halves
  // without ever forming v + 2^64 (which would not be exact).
  const v = nia + d * 65536;
  const lo = (((v % TWO32) + TWO32) % TWO32) | 0, hi = Math.floor(v / TWO32) | 0;
  return (c: Cpu) => { c.g[t] = lo; c.g[t + 1] = hi; return ST_NEXT; };
}

// ---------------------------------------------------------------- multiply

export function mulli(t: number, a: number, imm: number): Op {
  const il = imm | 0, ih = imm < 0 ? -1 : 0;
  return (c: Cpu) => {
    const g = c.g;
    mul64(g[a], g[a + 1], il, ih);
    g[t] = out[0]; g[t + 1] = out[1];
    return ST_NEXT;
  };
}

export function mulld(t: number, a: number, b: number, oe: boolean, rc: boolean): Op {
  if (!oe) {
    return (c: Cpu) => {
      const g = c.g;
      mul64(g[a], g[a + 1], g[b], g[b + 1]);
      g[t] = out[0]; g[t + 1] = out[1];
      if (rc) setCr0(c, out[0], out[1]);
      return ST_NEXT;
    };
  }
  return (c: Cpu) => {
    const g = c.g;
    muls128(g[a], g[a + 1], g[b], g[b + 1]);
    const rl = out[0], rh = out[1];
    // Overflow when the high 64 bits are not the sign extension of the low 64.
    const sx = rh < 0 ? -1 : 0;
    const ov = out[2] !== sx || out[3] !== sx ? 1 : 0;
    setOv(c, ov, ov);
    g[t] = rl; g[t + 1] = rh;
    if (rc) setCr0(c, rl, rh);
    return ST_NEXT;
  };
}

/** mullw: the full 64-bit signed product of the low words. */
export function mullw(t: number, a: number, b: number, oe: boolean, rc: boolean): Op {
  return (c: Cpu) => {
    const g = c.g;
    const x = g[a], y = g[b];
    const lo = Math.imul(x, y);
    // Signed high word: unsigned high minus the corrections for negative operands.
    let hi = mulhu32(x, y);
    if (x < 0) hi -= y >>> 0;
    if (y < 0) hi -= x >>> 0;
    hi |= 0;
    if (oe) {
      const ov = hi !== (lo < 0 ? -1 : 0) ? 1 : 0;
      setOv(c, ov, ov);
    }
    g[t] = lo; g[t + 1] = hi;
    if (rc) setCr0(c, lo, hi);
    return ST_NEXT;
  };
}

/** mulhw / mulhwu: the high word of the 32x32 product; the upper half of RT is zeroed (as qemu). */
export function mulhw(t: number, a: number, b: number, signed: boolean, rc: boolean): Op {
  return (c: Cpu) => {
    const g = c.g;
    const x = g[a], y = g[b];
    let hi = mulhu32(x, y);
    if (signed) {
      if (x < 0) hi -= y >>> 0;
      if (y < 0) hi -= x >>> 0;
    }
    hi |= 0;
    g[t] = hi; g[t + 1] = 0;
    // Only the low word is defined; CR0 compares the whole (zero-extended) register, as qemu.
    if (rc) setCr0(c, hi, 0);
    return ST_NEXT;
  };
}

export function mulhd(t: number, a: number, b: number, signed: boolean, rc: boolean): Op {
  return (c: Cpu) => {
    const g = c.g;
    if (signed) muls128(g[a], g[a + 1], g[b], g[b + 1]);
    else mulu128(g[a], g[a + 1], g[b], g[b + 1]);
    const rl = out[2], rh = out[3];
    g[t] = rl; g[t + 1] = rh;
    if (rc) setCr0(c, rl, rh);
    return ST_NEXT;
  };
}

/** maddld / maddhd / maddhdu (ISA 3.0 VA-form): RT = RA*RB + RC, low or high 64 bits. */
export function madd(t: number, a: number, b: number, cc: number, kind: 'ld' | 'hd' | 'hdu'): Op {
  return (c: Cpu) => {
    const g = c.g;
    const cl = g[cc], ch = g[cc + 1];
    if (kind === 'hdu') mulu128(g[a], g[a + 1], g[b], g[b + 1]);
    else muls128(g[a], g[a + 1], g[b], g[b + 1]);
    // 128-bit add of RC (sign-extended for the signed forms).
    const ext = kind === 'hdu' ? 0 : ch < 0 ? -1 : 0;
    const w0 = (out[0] >>> 0) + (cl >>> 0);
    const w1 = (out[1] >>> 0) + (ch >>> 0) + (w0 >= TWO32 ? 1 : 0);
    const w2 = (out[2] >>> 0) + (ext >>> 0) + (w1 >= TWO32 ? 1 : 0);
    const w3 = (out[3] >>> 0) + (ext >>> 0) + (w2 >= TWO32 ? 1 : 0);
    if (kind === 'ld') { g[t] = w0 | 0; g[t + 1] = w1 | 0; }
    else { g[t] = w2 | 0; g[t + 1] = w3 | 0; }
    return ST_NEXT;
  };
}

// ---------------------------------------------------------------- divide / modulo
//
// Undefined cases (divisor 0, or the most negative dividend by -1) give what qemu gives,
// which divides by 1 instead: the quotient is the dividend (truncated to the operation's
// width, word results zero-extended), the remainder is 0, and OE=1 forms set OV and OV32.

export function divd(t: number, a: number, b: number, signed: boolean, oe: boolean, rc: boolean): Op {
  return (c: Cpu) => {
    const g = c.g;
    const nl = g[a], nh = g[a + 1], dl = g[b], dh = g[b + 1];
    let rl: number, rh: number, ov = 0;
    if ((dl | dh) === 0 || (signed && dl === -1 && dh === -1 && nl === 0 && nh === -2147483648)) {
      rl = nl; rh = nh; ov = 1;
    } else {
      if (signed) sdiv64(nl, nh, dl, dh); else udiv64(nl, nh, dl, dh);
      rl = out[0]; rh = out[1];
    }
    if (oe) setOv(c, ov, ov);
    g[t] = rl; g[t + 1] = rh;
    if (rc) setCr0(c, rl, rh);
    return ST_NEXT;
  };
}

export function divw(t: number, a: number, b: number, signed: boolean, oe: boolean, rc: boolean): Op {
  return (c: Cpu) => {
    const g = c.g;
    const n = g[a], d = g[b];
    let q: number, ov = 0;
    if (d === 0 || (signed && d === -1 && n === -2147483648)) {
      q = n; ov = 1;
    } else if (signed) {
      q = (n / d) | 0;
    } else {
      q = Math.floor((n >>> 0) / (d >>> 0)) | 0;
    }
    if (oe) setOv(c, ov, ov);
    g[t] = q; g[t + 1] = 0;
    // The high word is undefined by the ISA; qemu zero-extends and sets CR0 from the whole
    // (zero-extended) register, so CR0 is never LT here.
    if (rc) setCr0(c, q, 0);
    return ST_NEXT;
  };
}

/** divwe / divweu: (RA low word << 32) / RB low word; undefined results as divw (qemu: 0 then). */
export function divwe(t: number, a: number, b: number, signed: boolean, oe: boolean, rc: boolean): Op {
  return (c: Cpu) => {
    const g = c.g;
    const n = g[a], d = g[b];
    let q = 0, ov = 0;
    if (d === 0) ov = 1;
    else if (signed) {
      // Dividend n * 2^32 (64-bit), divisor d: the quotient must fit a signed word.
      sdiv64(0, n, d, d < 0 ? -1 : 0);
      const ql = out[0], qh = out[1];
      if (qh !== (ql < 0 ? -1 : 0)) ov = 1; else q = ql;
    } else {
      if ((n >>> 0) >= (d >>> 0)) ov = 1;
      else { udiv64(0, n, d, 0); q = out[0]; }
    }
    if (oe) setOv(c, ov, ov);
    g[t] = q; g[t + 1] = 0;
    if (rc) setCr0(c, q, 0);
    return ST_NEXT;
  };
}

/** divde / divdeu: (RA << 64) / RB; overflow (quotient does not fit) gives 0, as qemu. */
export function divde(t: number, a: number, b: number, signed: boolean, oe: boolean, rc: boolean): Op {
  return (c: Cpu) => {
    const g = c.g;
    let nl = g[a], nh = g[a + 1], dl = g[b], dh = g[b + 1];
    let rl = 0, rh = 0, ov = 0;
    if ((dl | dh) === 0) ov = 1;
    else {
      const nneg = signed && nh < 0, dneg = signed && dh < 0;
      if (nneg) { nl = -nl | 0; nh = (~nh + (nl === 0 ? 1 : 0)) | 0; }
      if (dneg) { dl = -dl | 0; dh = (~dh + (dl === 0 ? 1 : 0)) | 0; }
      const nH = nh >>> 0, dH = dh >>> 0;
      if (nH > dH || (nH === dH && (nl >>> 0) >= (dl >>> 0))) ov = 1;
      else {
        udiv128by64(nh, nl, 0, 0, dl, dh);
        rl = out[0]; rh = out[1];
        if (signed) {
          const qneg = nneg !== dneg;
          // |q| must fit in 63 bits (or be exactly 2^63 when negative).
          if (rh < 0 && !(qneg && rh === -2147483648 && rl === 0)) { ov = 1; rl = rh = 0; }
          else if (qneg) { rl = -rl | 0; rh = (~rh + (rl === 0 ? 1 : 0)) | 0; }
        }
      }
    }
    if (oe) setOv(c, ov, ov);
    g[t] = rl; g[t + 1] = rh;
    if (rc) setCr0(c, rl, rh);
    return ST_NEXT;
  };
}

export function modd(t: number, a: number, b: number, signed: boolean): Op {
  return (c: Cpu) => {
    const g = c.g;
    const nl = g[a], nh = g[a + 1], dl = g[b], dh = g[b + 1];
    if ((dl | dh) === 0 || (signed && dl === -1 && dh === -1)) {
      g[t] = 0; g[t + 1] = 0;
    } else {
      if (signed) sdiv64(nl, nh, dl, dh); else udiv64(nl, nh, dl, dh);
      g[t] = out[2]; g[t + 1] = out[3];
    }
    return ST_NEXT;
  };
}

export function modw(t: number, a: number, b: number, signed: boolean): Op {
  return (c: Cpu) => {
    const g = c.g;
    const n = g[a], d = g[b];
    let r: number;
    if (d === 0 || (signed && d === -1)) r = 0;
    else if (signed) r = (n % d) | 0;
    else r = ((n >>> 0) % (d >>> 0)) | 0;
    g[t] = r;
    // modsw sign-extends its result, moduw zero-extends.
    g[t + 1] = signed && r < 0 ? -1 : 0;
    return ST_NEXT;
  };
}

// ---------------------------------------------------------------- logical

export const enum Logic { AND, ANDC, OR, ORC, XOR, NAND, NOR, EQV }

export function logical(kind: Logic, ra: number, rs: number, rb: number, rc: boolean): Op {
  // Separate closures per operation: these are among the most frequent instructions.
  let f: Op;
  switch (kind) {
    case Logic.AND: f = (c) => { const g = c.g; g[ra] = g[rs] & g[rb]; g[ra + 1] = g[rs + 1] & g[rb + 1]; return ST_NEXT; }; break;
    case Logic.ANDC: f = (c) => { const g = c.g; g[ra] = g[rs] & ~g[rb]; g[ra + 1] = g[rs + 1] & ~g[rb + 1]; return ST_NEXT; }; break;
    case Logic.OR:
      if (rs === rb) f = (c) => { const g = c.g; g[ra] = g[rs]; g[ra + 1] = g[rs + 1]; return ST_NEXT; };
      else f = (c) => { const g = c.g; g[ra] = g[rs] | g[rb]; g[ra + 1] = g[rs + 1] | g[rb + 1]; return ST_NEXT; };
      break;
    case Logic.ORC: f = (c) => { const g = c.g; g[ra] = g[rs] | ~g[rb]; g[ra + 1] = g[rs + 1] | ~g[rb + 1]; return ST_NEXT; }; break;
    case Logic.XOR: f = (c) => { const g = c.g; g[ra] = g[rs] ^ g[rb]; g[ra + 1] = g[rs + 1] ^ g[rb + 1]; return ST_NEXT; }; break;
    case Logic.NAND: f = (c) => { const g = c.g; g[ra] = ~(g[rs] & g[rb]); g[ra + 1] = ~(g[rs + 1] & g[rb + 1]); return ST_NEXT; }; break;
    case Logic.NOR: f = (c) => { const g = c.g; g[ra] = ~(g[rs] | g[rb]); g[ra + 1] = ~(g[rs + 1] | g[rb + 1]); return ST_NEXT; }; break;
    case Logic.EQV: f = (c) => { const g = c.g; g[ra] = ~(g[rs] ^ g[rb]); g[ra + 1] = ~(g[rs + 1] ^ g[rb + 1]); return ST_NEXT; }; break;
  }
  return rc ? withCr0(f, ra) : f;
}

/** Wrap an op so that CR0 is set from GPR `ra` (doubled index) afterwards. */
export function withCr0(f: Op, r: number): Op {
  return (c: Cpu) => { f(c); setCr0(c, c.g[r], c.g[r + 1]); return ST_NEXT; };
}

export const enum LogicImm { ANDI, ANDIS, ORI, ORIS, XORI, XORIS }

export function logicalImm(kind: LogicImm, ra: number, rs: number, ui: number): Op {
  switch (kind) {
    case LogicImm.ANDI:
      return (c) => { const g = c.g; const l = g[rs] & ui; g[ra] = l; g[ra + 1] = 0; setCr0(c, l, 0); return ST_NEXT; };
    case LogicImm.ANDIS: {
      const m = ui << 16;
      return (c) => { const g = c.g; const l = g[rs] & m; g[ra] = l; g[ra + 1] = 0; setCr0(c, l, 0); return ST_NEXT; };
    }
    case LogicImm.ORI:
      if (ui === 0 && ra === rs) return nop;
      return (c) => { const g = c.g; g[ra] = g[rs] | ui; g[ra + 1] = g[rs + 1]; return ST_NEXT; };
    case LogicImm.ORIS: {
      const m = ui << 16;
      return (c) => { const g = c.g; g[ra] = g[rs] | m; g[ra + 1] = g[rs + 1]; return ST_NEXT; };
    }
    case LogicImm.XORI:
      return (c) => { const g = c.g; g[ra] = g[rs] ^ ui; g[ra + 1] = g[rs + 1]; return ST_NEXT; };
    case LogicImm.XORIS: {
      const m = ui << 16;
      return (c) => { const g = c.g; g[ra] = g[rs] ^ m; g[ra + 1] = g[rs + 1]; return ST_NEXT; };
    }
  }
}

export const nop: Op = () => ST_NEXT;

export function exts(ra: number, rs: number, bits: 8 | 16 | 32, rc: boolean): Op {
  let f: Op;
  if (bits === 8) f = (c) => { const g = c.g; const v = (g[rs] << 24) >> 24; g[ra] = v; g[ra + 1] = v >> 31; return ST_NEXT; };
  else if (bits === 16) f = (c) => { const g = c.g; const v = (g[rs] << 16) >> 16; g[ra] = v; g[ra + 1] = v >> 31; return ST_NEXT; };
  else f = (c) => { const g = c.g; const v = g[rs]; g[ra] = v; g[ra + 1] = v >> 31; return ST_NEXT; };
  return rc ? withCr0(f, ra) : f;
}

export const enum Count { CLZW, CLZD, CTZW, CTZD, POPB, POPW, POPD, PRTYW, PRTYD }

export function count(kind: Count, ra: number, rs: number, rc: boolean): Op {
  let f: Op;
  switch (kind) {
    case Count.CLZW: f = (c) => { const g = c.g; g[ra] = Math.clz32(g[rs]); g[ra + 1] = 0; return ST_NEXT; }; break;
    case Count.CLZD: f = (c) => { const g = c.g; const h = g[rs + 1]; g[ra] = h !== 0 ? Math.clz32(h) : 32 + Math.clz32(g[rs]); g[ra + 1] = 0; return ST_NEXT; }; break;
    case Count.CTZW: f = (c) => { const g = c.g; g[ra] = ctz32(g[rs]); g[ra + 1] = 0; return ST_NEXT; }; break;
    case Count.CTZD: f = (c) => { const g = c.g; const l = g[rs]; g[ra] = l !== 0 ? ctz32(l) : 32 + ctz32(g[rs + 1]); g[ra + 1] = 0; return ST_NEXT; }; break;
    case Count.POPB: f = (c) => { const g = c.g; g[ra] = popBytes(g[rs]); g[ra + 1] = popBytes(g[rs + 1]); return ST_NEXT; }; break;
    case Count.POPW: f = (c) => { const g = c.g; g[ra] = popcnt32(g[rs]); g[ra + 1] = popcnt32(g[rs + 1]); return ST_NEXT; }; break;
    case Count.POPD: f = (c) => { const g = c.g; g[ra] = popcnt32(g[rs]) + popcnt32(g[rs + 1]); g[ra + 1] = 0; return ST_NEXT; }; break;
    // Parity of the least significant bit of each byte, per word or per doubleword.
    case Count.PRTYW: f = (c) => { const g = c.g; g[ra] = popcnt32(g[rs] & 0x01010101) & 1; g[ra + 1] = popcnt32(g[rs + 1] & 0x01010101) & 1; return ST_NEXT; }; break;
    case Count.PRTYD: f = (c) => { const g = c.g; g[ra] = popcnt32((g[rs] & 0x01010101) ^ (g[rs + 1] & 0x01010101)) & 1; g[ra + 1] = 0; return ST_NEXT; }; break;
  }
  return rc ? withCr0(f, ra) : f;
}

/** Population count of each byte, in that byte. */
function popBytes(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (x + (x >>> 4)) & 0x0f0f0f0f;
}

/** cmpb: each byte of RA is 0xff where the bytes of RS and RB are equal, else 0. */
export function cmpb(ra: number, rs: number, rb: number): Op {
  const eqBytes = (x: number, y: number) => {
    let r = 0;
    for (let k = 0; k < 32; k += 8) if (((x >>> k) & 255) === ((y >>> k) & 255)) r |= 255 << k;
    return r;
  };
  return (c) => { const g = c.g; const l = eqBytes(g[rs], g[rb]); g[ra + 1] = eqBytes(g[rs + 1], g[rb + 1]); g[ra] = l; return ST_NEXT; };
}

/** bpermd: gather 8 bits of RB selected by the bytes of RS (bit index, ISA numbering). */
export function bpermd(ra: number, rs: number, rb: number): Op {
  return (c) => {
    const g = c.g;
    let r = 0;
    for (let i = 0; i < 8; i++) {
      // Byte i of RS, most significant first.
      const idx = i < 4 ? (g[rs + 1] >>> (24 - 8 * i)) & 255 : (g[rs] >>> (24 - 8 * (i - 4))) & 255;
      let bit = 0;
      if (idx < 64) {
        const v = 63 - idx;
        bit = v >= 32 ? (g[rb + 1] >>> (v - 32)) & 1 : (g[rb] >>> v) & 1;
      }
      r |= bit << (7 - i);
    }
    g[ra] = r; g[ra + 1] = 0;
    return ST_NEXT;
  };
}

// ---------------------------------------------------------------- compares

function cmpResult(c: Cpu, lt: boolean, gt: boolean): number {
  return (lt ? 8 : gt ? 4 : 2) | c.so;
}

/** cmp / cmpl with register or immediate operand; l64 selects doubleword compare. */
export function cmp(bf: number, a: number, b: number, l64: boolean, signed: boolean): Op {
  const sh = (7 - bf) * 4, keep = ~(15 << sh);
  if (l64) {
    if (signed) {
      return (c) => {
        const g = c.g;
        const ah = g[a + 1], bh = g[b + 1];
        let v: number;
        if (ah !== bh) v = ah < bh ? 8 : 4;
        else { const al = g[a] >>> 0, bl = g[b] >>> 0; v = al < bl ? 8 : al > bl ? 4 : 2; }
        c.cr = (c.cr & keep) | ((v | c.so) << sh);
        return ST_NEXT;
      };
    }
    return (c) => {
      const g = c.g;
      const ah = g[a + 1] >>> 0, bh = g[b + 1] >>> 0;
      let v: number;
      if (ah !== bh) v = ah < bh ? 8 : 4;
      else { const al = g[a] >>> 0, bl = g[b] >>> 0; v = al < bl ? 8 : al > bl ? 4 : 2; }
      c.cr = (c.cr & keep) | ((v | c.so) << sh);
      return ST_NEXT;
    };
  }
  if (signed) {
    return (c) => {
      const g = c.g;
      const x = g[a], y = g[b];
      c.cr = (c.cr & keep) | (cmpResult(c, x < y, x > y) << sh);
      return ST_NEXT;
    };
  }
  return (c) => {
    const g = c.g;
    const x = g[a] >>> 0, y = g[b] >>> 0;
    c.cr = (c.cr & keep) | (cmpResult(c, x < y, x > y) << sh);
    return ST_NEXT;
  };
}

export function cmpImm(bf: number, a: number, imm: number, l64: boolean, signed: boolean): Op {
  const sh = (7 - bf) * 4, keep = ~(15 << sh);
  // The immediate as a 64-bit value: sign-extended (cmpi) or zero-extended (cmpli).
  const il = imm | 0, ih = signed && imm < 0 ? -1 : 0;
  if (l64) {
    if (signed) {
      return (c) => {
        const g = c.g;
        const ah = g[a + 1];
        let v: number;
        if (ah !== ih) v = ah < ih ? 8 : 4;
        else { const al = g[a] >>> 0, bl = il >>> 0; v = al < bl ? 8 : al > bl ? 4 : 2; }
        c.cr = (c.cr & keep) | ((v | c.so) << sh);
        return ST_NEXT;
      };
    }
    return (c) => {
      const g = c.g;
      let v: number;
      if (g[a + 1] !== 0) v = 4;
      else { const al = g[a] >>> 0; v = al < il ? 8 : al > il ? 4 : 2; }
      c.cr = (c.cr & keep) | ((v | c.so) << sh);
      return ST_NEXT;
    };
  }
  if (signed) {
    return (c) => {
      const x = c.g[a];
      c.cr = (c.cr & keep) | (cmpResult(c, x < il, x > il) << sh);
      return ST_NEXT;
    };
  }
  const u = il >>> 0;
  return (c) => {
    const x = c.g[a] >>> 0;
    c.cr = (c.cr & keep) | (cmpResult(c, x < u, x > u) << sh);
    return ST_NEXT;
  };
}

/** cmprb (ISA 3.0): is the low byte of RA within one (or either of two) byte ranges in RB? */
export function cmprb(bf: number, a: number, b: number, l: boolean): Op {
  return (c) => {
    const g = c.g;
    const x = g[a] & 255, r = g[b];
    const in1 = x >= ((r >>> 0) & 255) && x <= ((r >>> 8) & 255);
    const in2 = l && x >= ((r >>> 16) & 255) && x <= ((r >>> 24) & 255);
    setCrField(c, bf, in1 || in2 ? 4 : 0);
    return ST_NEXT;
  };
}

/** cmpeqb (ISA 3.0): does any byte of RB equal the low byte of RA? */
export function cmpeqb(bf: number, a: number, b: number): Op {
  return (c) => {
    const g = c.g;
    const x = g[a] & 255;
    let hit = false;
    for (let k = 0; k < 32; k += 8) if (((g[b] >>> k) & 255) === x || ((g[b + 1] >>> k) & 255) === x) hit = true;
    setCrField(c, bf, hit ? 4 : 0);
    return ST_NEXT;
  };
}

/** isel: RT = CR[bc] ? (RA|0) : RB. */
export function isel(t: number, a: number, raZero: boolean, b: number, bc: number): Op {
  const m = 1 << (31 - bc);
  if (raZero) {
    return (c) => {
      const g = c.g;
      if ((c.cr & m) !== 0) { g[t] = 0; g[t + 1] = 0; } else { g[t] = g[b]; g[t + 1] = g[b + 1]; }
      return ST_NEXT;
    };
  }
  return (c) => {
    const g = c.g;
    const s = (c.cr & m) !== 0 ? a : b;
    g[t] = g[s]; g[t + 1] = g[s + 1];
    return ST_NEXT;
  };
}

/** setb (ISA 3.0): -1 if CR field LT, 1 if GT, else 0. */
export function setb(t: number, bfa: number): Op {
  const sh = (7 - bfa) * 4;
  return (c) => {
    const f = (c.cr >>> sh) & 15;
    const v = f & 8 ? -1 : f & 4 ? 1 : 0;
    c.g[t] = v; c.g[t + 1] = v >> 31;
    return ST_NEXT;
  };
}

// ---------------------------------------------------------------- rotates and shifts

/** rlwinm / rlwnm (sh < 0: amount from RB). */
export function rlw(ra: number, rs: number, sh: number, rb: number, mb: number, me: number, rc: boolean): Op {
  const [ml, mh] = mask64(mb + 32, me + 32);
  let f: Op;
  if (sh >= 0) {
    const n = sh & 31;
    if (mh === 0) {
      f = (c) => { const g = c.g; const x = g[rs]; g[ra] = ((x << n) | (x >>> (32 - n))) & ml; g[ra + 1] = 0; return ST_NEXT; };
    } else {
      // The mask wraps into the high word: it receives the rotated word too.
      f = (c) => { const g = c.g; const x = g[rs]; const r = (x << n) | (x >>> (32 - n)); g[ra] = r & ml; g[ra + 1] = r & mh; return ST_NEXT; };
    }
  } else {
    f = (c) => {
      const g = c.g;
      const x = g[rs], n = g[rb] & 31;
      const r = (x << n) | (x >>> (32 - n));
      g[ra] = r & ml; g[ra + 1] = r & mh;
      return ST_NEXT;
    };
  }
  return rc ? withCr0(f, ra) : f;
}

export function rlwimi(ra: number, rs: number, sh: number, mb: number, me: number, rc: boolean): Op {
  const [ml, mh] = mask64(mb + 32, me + 32);
  const n = sh & 31;
  const f: Op = (c) => {
    const g = c.g;
    const x = g[rs];
    const r = (x << n) | (x >>> (32 - n));
    g[ra] = (r & ml) | (g[ra] & ~ml);
    g[ra + 1] = (r & mh) | (g[ra + 1] & ~mh);
    return ST_NEXT;
  };
  return rc ? withCr0(f, ra) : f;
}

/** Rotate a 64-bit value (lo, hi) left by n (0..63), result in out[0], out[1]. */
function rotl64(lo: number, hi: number, n: number): void {
  if (n >= 32) { const t = lo; lo = hi; hi = t; n -= 32; }
  if (n === 0) { out[0] = lo; out[1] = hi; return; }
  out[0] = (lo << n) | (hi >>> (32 - n));
  out[1] = (hi << n) | (lo >>> (32 - n));
}

/** rldicl, rldicr, rldic, rldcl, rldcr: rotate then AND with a mask (sh < 0: amount from RB). */
export function rld(ra: number, rs: number, sh: number, rb: number, mb: number, me: number, rc: boolean): Op {
  const [ml, mh] = mask64(mb, me);
  let f: Op;
  if (sh >= 0) {
    if (sh === 0) {
      f = (c) => { const g = c.g; g[ra] = g[rs] & ml; g[ra + 1] = g[rs + 1] & mh; return ST_NEXT; };
    } else if (sh === 32) {
      f = (c) => { const g = c.g; const l = g[rs]; g[ra] = g[rs + 1] & ml; g[ra + 1] = l & mh; return ST_NEXT; };
    } else if (sh < 32) {
      const n = sh, m = 32 - sh;
      f = (c) => {
        const g = c.g;
        const l = g[rs], h = g[rs + 1];
        g[ra] = ((l << n) | (h >>> m)) & ml;
        g[ra + 1] = ((h << n) | (l >>> m)) & mh;
        return ST_NEXT;
      };
    } else {
      const n = sh - 32, m = 64 - sh;
      f = (c) => {
        const g = c.g;
        const l = g[rs], h = g[rs + 1];
        g[ra] = ((h << n) | (l >>> m)) & ml;
        g[ra + 1] = ((l << n) | (h >>> m)) & mh;
        return ST_NEXT;
      };
    }
  } else {
    f = (c) => {
      const g = c.g;
      rotl64(g[rs], g[rs + 1], g[rb] & 63);
      g[ra] = out[0] & ml; g[ra + 1] = out[1] & mh;
      return ST_NEXT;
    };
  }
  return rc ? withCr0(f, ra) : f;
}

export function rldimi(ra: number, rs: number, sh: number, mb: number, rc: boolean): Op {
  const [ml, mh] = mask64(mb, 63 - sh);
  const f: Op = (c) => {
    const g = c.g;
    rotl64(g[rs], g[rs + 1], sh);
    g[ra] = (out[0] & ml) | (g[ra] & ~ml);
    g[ra + 1] = (out[1] & mh) | (g[ra + 1] & ~mh);
    return ST_NEXT;
  };
  return rc ? withCr0(f, ra) : f;
}

export const enum Shift { SLW, SRW, SLD, SRD }

/** slw, srw (amount RB & 63: 32..63 give 0), sld, srd (amount RB & 127: 64..127 give 0). */
export function shift(kind: Shift, ra: number, rs: number, rb: number, rc: boolean): Op {
  let f: Op;
  switch (kind) {
    case Shift.SLW: f = (c) => { const g = c.g; const n = g[rb] & 63; g[ra] = n < 32 ? g[rs] << n : 0; g[ra + 1] = 0; return ST_NEXT; }; break;
    case Shift.SRW: f = (c) => { const g = c.g; const n = g[rb] & 63; g[ra] = n < 32 ? g[rs] >>> n : 0; g[ra + 1] = 0; return ST_NEXT; }; break;
    case Shift.SLD: f = (c) => {
      const g = c.g;
      const n = g[rb] & 127, l = g[rs], h = g[rs + 1];
      if (n === 0) { g[ra] = l; g[ra + 1] = h; }
      else if (n < 32) { g[ra + 1] = (h << n) | (l >>> (32 - n)); g[ra] = l << n; }
      else if (n < 64) { g[ra + 1] = l << (n - 32); g[ra] = 0; }
      else { g[ra] = 0; g[ra + 1] = 0; }
      return ST_NEXT;
    }; break;
    case Shift.SRD: f = (c) => {
      const g = c.g;
      const n = g[rb] & 127, l = g[rs], h = g[rs + 1];
      if (n === 0) { g[ra] = l; g[ra + 1] = h; }
      else if (n < 32) { g[ra] = (l >>> n) | (h << (32 - n)); g[ra + 1] = h >>> n; }
      else if (n < 64) { g[ra] = h >>> (n - 32); g[ra + 1] = 0; }
      else { g[ra] = 0; g[ra + 1] = 0; }
      return ST_NEXT;
    }; break;
  }
  return rc ? withCr0(f, ra) : f;
}

/** sraw / srawi (sh < 0: amount RB & 63). CA (and CA32) = negative and 1-bits shifted out. */
export function sraw(ra: number, rs: number, sh: number, rb: number, rc: boolean): Op {
  const f: Op = (c) => {
    const g = c.g;
    const x = g[rs];
    const n = sh >= 0 ? sh : g[rb] & 63;
    let r: number, lost: boolean;
    if (n < 32) { r = x >> n; lost = n !== 0 && (x & ((1 << n) - 1)) !== 0; }
    else { r = x >> 31; lost = x !== 0; }
    c.ca = c.ca32 = x < 0 && lost ? 1 : 0;
    g[ra] = r; g[ra + 1] = r >> 31;
    return ST_NEXT;
  };
  return rc ? withCr0(f, ra) : f;
}

/** srad / sradi (sh < 0: amount RB & 127). */
export function srad(ra: number, rs: number, sh: number, rb: number, rc: boolean): Op {
  const f: Op = (c) => {
    const g = c.g;
    const l = g[rs], h = g[rs + 1];
    const n = sh >= 0 ? sh : g[rb] & 127;
    let rl: number, rh: number, lost: boolean;
    if (n === 0) { rl = l; rh = h; lost = false; }
    else if (n < 32) { rl = (l >>> n) | (h << (32 - n)); rh = h >> n; lost = (l & ((1 << n) - 1)) !== 0; }
    else if (n < 64) {
      const k = n - 32;
      rl = h >> k; rh = h >> 31;
      lost = l !== 0 || (k !== 0 && (h & ((1 << k) - 1)) !== 0);
    } else { rl = rh = h >> 31; lost = (l | h) !== 0; }
    c.ca = c.ca32 = h < 0 && lost ? 1 : 0;
    g[ra] = rl; g[ra + 1] = rh;
    return ST_NEXT;
  };
  return rc ? withCr0(f, ra) : f;
}

/** extswsli (ISA 3.0): sign-extend the low word, then shift left by sh (0..63). */
export function extswsli(ra: number, rs: number, sh: number, rc: boolean): Op {
  const f: Op = (c) => {
    const g = c.g;
    const l = g[rs], h = l >> 31;
    if (sh === 0) { g[ra] = l; g[ra + 1] = h; }
    else if (sh < 32) { g[ra + 1] = (h << sh) | (l >>> (32 - sh)); g[ra] = l << sh; }
    else { g[ra + 1] = l << (sh - 32); g[ra] = 0; }
    return ST_NEXT;
  };
  return rc ? withCr0(f, ra) : f;
}

// ---------------------------------------------------------------- condition register

/** crand … crorc: CR[bt] = op(CR[ba], CR[bb]); `table` is the 4-entry truth table (bit ab). */
export function crlogic(bt: number, ba: number, bb: number, table: number): Op {
  const st = 31 - bt, sa = 31 - ba, sb = 31 - bb;
  return (c) => {
    const x = (c.cr >>> sa) & 1, y = (c.cr >>> sb) & 1;
    const r = (table >>> ((x << 1) | y)) & 1;
    c.cr = (c.cr & ~(1 << st)) | (r << st);
    return ST_NEXT;
  };
}

export function mcrf(bf: number, bfa: number): Op {
  return (c) => { setCrField(c, bf, (c.cr >>> ((7 - bfa) * 4)) & 15); return ST_NEXT; };
}

/**
 * mfcr (fxm < 0) or mfocrf (only the selected field, others 0). An mfocrf whose FXM does not
 * select exactly one field is undefined; qemu leaves RT unchanged, and so do we.
 */
export function mfcr(t: number, fxm: number): Op {
  let m = -1;
  if (fxm >= 0) {
    if (fxm === 0 || (fxm & (fxm - 1)) !== 0) return nop;
    m = crFieldMask(fxm);
  }
  return (c) => { c.g[t] = c.cr & m; c.g[t + 1] = 0; return ST_NEXT; };
}

/** The CR bits of the fields an FXM mask selects (bit 0x80: CR0). */
export function crFieldMask(fxm: number): number {
  let m = 0;
  for (let i = 0; i < 8; i++) if (fxm & (0x80 >> i)) m |= 15 << ((7 - i) * 4);
  return m;
}

export function mtcrf(s: number, fxm: number): Op {
  const m = crFieldMask(fxm);
  return (c) => { c.cr = (c.cr & ~m) | (c.g[s] & m); return ST_NEXT; };
}

/** mcrxrx (ISA 3.0): CR[bf] = OV, OV32, CA, CA32. */
export function mcrxrx(bf: number): Op {
  return (c) => { setCrField(c, bf, (c.ov << 3) | (c.ov32 << 2) | (c.ca << 1) | c.ca32); return ST_NEXT; };
}

// ---------------------------------------------------------------- special-purpose registers

/** SPR numbers user code may touch. */
export const SPR_XER = 1, SPR_DSCR = 3, SPR_LR = 8, SPR_CTR = 9, SPR_VRSAVE = 256,
  SPR_TB = 268, SPR_TBU = 269, SPR_PPR = 896, SPR_PPR32 = 898, SPR_TAR = 815;

/** Returns null for SPRs the engine does not provide (the decoder makes them illegal). */
export function mfspr(t: number, spr: number): Op | null {
  switch (spr) {
    case SPR_XER: return (c) => { c.g[t] = c.getXer() | 0; c.g[t + 1] = 0; return ST_NEXT; };
    case SPR_LR: return (c) => { const g = c.g; g[t] = g[LR]; g[t + 1] = g[LR + 1]; return ST_NEXT; };
    case SPR_CTR: return (c) => { const g = c.g; g[t] = g[CTR]; g[t + 1] = g[CTR + 1]; return ST_NEXT; };
    case SPR_TB: case SPR_TBU: return mftb(t, spr === SPR_TBU);
    // Registers without effect here: read as fixed values (DSCR 0, PPR medium priority).
    case SPR_VRSAVE: return (c) => { c.g[t] = c.vrsave; c.g[t + 1] = 0; return ST_NEXT; };
    case SPR_DSCR: case SPR_TAR:
      return (c) => { c.g[t] = 0; c.g[t + 1] = 0; return ST_NEXT; };
    case SPR_PPR: return (c) => { c.g[t] = 0; c.g[t + 1] = 0x000c0000; return ST_NEXT; };
    case SPR_PPR32: return (c) => { c.g[t] = 0x000c0000; c.g[t + 1] = 0; return ST_NEXT; };
  }
  return null;
}

export function mtspr(s: number, spr: number): Op | null {
  switch (spr) {
    case SPR_XER: return (c) => { c.setXer(c.g[s]); return ST_NEXT; };
    case SPR_LR: return (c) => { const g = c.g; g[LR] = g[s]; g[LR + 1] = g[s + 1]; return ST_NEXT; };
    case SPR_CTR: return (c) => { const g = c.g; g[CTR] = g[s]; g[CTR + 1] = g[s + 1]; return ST_NEXT; };
    case SPR_VRSAVE: return (c) => { c.vrsave = c.g[s]; return ST_NEXT; };
    case SPR_DSCR: case SPR_TAR: case SPR_PPR: case SPR_PPR32: return nop;
  }
  return null;
}

/** mftb: the engine fills in its instruction count (deterministic time base). */
export function mftb(t: number, upper: boolean): Op {
  const code = upper ? -1 - t : t;
  return (c) => { c.tmp = code; return ST_TB; };
}

// ---------------------------------------------------------------- traps

/** tw / td / twi / tdi: TO bits 16 lt, 8 gt, 4 eq, 2 ltu, 1 gtu. imm given when b < 0. */
export function trap(to: number, a: number, b: number, imm: number, dword: boolean): Op {
  const il = imm | 0, ih = imm < 0 ? -1 : 0;
  return (c) => {
    const g = c.g;
    let xl = g[a], xh = g[a + 1], yl = il, yh = ih;
    if (b >= 0) { yl = g[b]; yh = g[b + 1]; }
    if (!dword) { xh = xl >> 31; yh = yl >> 31; }
    let lt: boolean, gt: boolean, ltu: boolean, gtu: boolean;
    if (xh !== yh) {
      lt = xh < yh; gt = !lt;
      ltu = (xh >>> 0) < (yh >>> 0); gtu = !ltu;
    } else {
      const ul = xl >>> 0, vl = yl >>> 0;
      lt = ltu = ul < vl; gt = gtu = ul > vl;
    }
    const eq = !lt && !gt;
    if (((to & 16) && lt) || ((to & 8) && gt) || ((to & 4) && eq) || ((to & 2) && ltu) || ((to & 1) && gtu)) {
      return ST_TRAP;
    }
    return ST_NEXT;
  };
}

/** darn: a deterministic generator (xorshift), so runs are reproducible. l: 0 = 32-bit, 1/2 = 64-bit. */
export function darn(t: number, l: number): Op {
  return (c) => {
    let x = darnState;
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    let y = x ^ 0x9e3779b9;
    y ^= y << 13; y ^= y >>> 17; y ^= y << 5;
    darnState = y;
    c.g[t] = x; c.g[t + 1] = l === 0 ? 0 : y;
    return ST_NEXT;
  };
}
let darnState = 0x2545f491;
