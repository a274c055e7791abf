// Closures for the VSX and AltiVec (VMX) instructions: vector loads/stores, moves between
// GPRs and VSRs, logical and permute operations, integer element arithmetic, compares.
//
// Operands are copied into 16-byte scratch buffers in ISA byte order (byte 0 = most
// significant), so every element numbering below is the ISA's, in both guest byte orders;
// only memory accesses depend on the guest's endianness. The scratch buffers are shared
// (module level): no allocation per instruction, and the result is written back only after
// all operands are read (T may equal A or B) and every memory access succeeded.

import { Cpu, Op, ST_NEXT, FLO, FHI, setCrField } from './cpu.js';
import { singleToDouble, doubleToSingle, conv } from './fpu.js';

const TWO32 = 4294967296;

/** A 16-byte scratch register image: DataView and byte views. */
export function scratch(): [DataView, Uint8Array] {
  const b = new ArrayBuffer(16);
  return [new DataView(b), new Uint8Array(b)];
}
const [dA, bA] = scratch();
const [dB, bB] = scratch();
const [dC, bC] = scratch();
const [dT, bT] = scratch();

/** Copy VSR i into scratch d (ISA order). */
export function getVsr(c: Cpu, i: number, d: DataView): void {
  const v = c.v;
  if (i < 32) { d.setInt32(0, c.fw[2 * i + FHI]); d.setInt32(4, c.fw[2 * i + FLO]); }
  else { d.setInt32(0, v[4 * i]); d.setInt32(4, v[4 * i + 1]); }
  d.setInt32(8, v[4 * i + 2]); d.setInt32(12, v[4 * i + 3]);
}

/** Write scratch d into VSR i. */
export function putVsr(c: Cpu, i: number, d: DataView): void {
  const v = c.v;
  if (i < 32) { c.fw[2 * i + FHI] = d.getInt32(0); c.fw[2 * i + FLO] = d.getInt32(4); }
  else { v[4 * i] = d.getInt32(0); v[4 * i + 1] = d.getInt32(4); }
  v[4 * i + 2] = d.getInt32(8); v[4 * i + 3] = d.getInt32(12);
}

/** Doubleword 0 of VSR i: high and low words. */
function dw0Hi(c: Cpu, i: number): number { return i < 32 ? c.fw[2 * i + FHI] : c.v[4 * i]; }
function dw0Lo(c: Cpu, i: number): number { return i < 32 ? c.fw[2 * i + FLO] : c.v[4 * i + 1]; }
function setDw0(c: Cpu, i: number, hi: number, lo: number): void {
  if (i < 32) { c.fw[2 * i + FHI] = hi; c.fw[2 * i + FLO] = lo; }
  else { c.v[4 * i] = hi; c.v[4 * i + 1] = lo; }
}

// ---------------------------------------------------------------- loads and stores

/** Vector load/store layouts. */
export const enum VL {
  /** lxvd2x/stxvd2x: two doublewords, each in the guest's byte order. */
  D2,
  /** lxvw4x/stxvw4x: four words. */
  W4,
  /** lxvh8x/stxvh8x: eight halfwords. */
  H8,
  /** lxvb16x/stxvb16x: sixteen bytes, element 0 at EA. */
  B16,
  /** lxv/lxvx/lvx and stores: one 128-bit quantity in the guest's byte order. */
  Q,
  /** lxvdsx: one doubleword, splatted. */
  DS,
}

/** Read the 16 bytes at e into dT per layout `k`. */
function loadInto(c: Cpu, k: VL, e: number): void {
  const m = c.mem;
  switch (k) {
    case VL.D2: case VL.Q: {
      // In little-endian mode a quadword's first doubleword in memory is its low half.
      const swap = k === VL.Q && m.le;
      m.r64(e); dT.setInt32(swap ? 8 : 0, m.rdHi); dT.setInt32(swap ? 12 : 4, m.rdLo);
      m.r64(e + 8); dT.setInt32(swap ? 0 : 8, m.rdHi); dT.setInt32(swap ? 4 : 12, m.rdLo);
      break;
    }
    case VL.W4: for (let j = 0; j < 4; j++) dT.setInt32(4 * j, m.r32(e + 4 * j)); break;
    case VL.H8: for (let j = 0; j < 8; j++) dT.setUint16(2 * j, m.r16(e + 2 * j)); break;
    case VL.B16: for (let j = 0; j < 16; j++) bT[j] = m.r8(e + j); break;
    case VL.DS: m.r64(e); dT.setInt32(0, m.rdHi); dT.setInt32(4, m.rdLo); dT.setInt32(8, m.rdHi); dT.setInt32(12, m.rdLo); break;
  }
}

/** Write dA to the 16 bytes at e per layout `k` (never DS). */
function storeFrom(c: Cpu, k: VL, e: number): void {
  const m = c.mem;
  m.probeWrite(e, 16);
  switch (k) {
    case VL.D2: case VL.Q: {
      const swap = k === VL.Q && m.le;
      m.w64(e, dA.getInt32(swap ? 12 : 4), dA.getInt32(swap ? 8 : 0));
      m.w64(e + 8, dA.getInt32(swap ? 4 : 12), dA.getInt32(swap ? 0 : 8));
      break;
    }
    case VL.W4: for (let j = 0; j < 4; j++) m.w32(e + 4 * j, dA.getInt32(4 * j)); break;
    case VL.H8: for (let j = 0; j < 8; j++) m.w16(e + 2 * j, dA.getUint16(2 * j)); break;
    case VL.B16: for (let j = 0; j < 16; j++) m.w8(e + j, bA[j]); break;
  }
}

export type Ea = (g: Int32Array) => number;

/** e % 16 without V8's double remainder (a C call) in the common, non-negative case. */
function mod16(e: number): number {
  return e >= 0 ? (e | 0) & 15 : e % 16;
}

export function vload(k: VL, t: number, ea: Ea, align16: boolean): Op {
  return (c) => {
    let e = ea(c.g);
    if (align16) e -= mod16(e);
    loadInto(c, k, e);
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

export function vstore(k: VL, s: number, ea: Ea, align16: boolean): Op {
  return (c) => {
    let e = ea(c.g);
    if (align16) e -= mod16(e);
    getVsr(c, s, dA);
    storeFrom(c, k, e);
    return ST_NEXT;
  };
}

/** Scalar loads into doubleword 0 (doubleword 1 is left as it was, as qemu does). */
export const enum SL { D, WZ, WA, S, BZ, HZ }

export function sload(k: SL, t: number, ea: Ea): Op {
  return (c) => {
    const e = ea(c.g), m = c.mem;
    if (k === SL.D) { m.r64(e); setDw0(c, t, m.rdHi, m.rdLo); }
    else if (k === SL.S) { singleToDouble(m.r32(e)); setDw0(c, t, conv.hi, conv.lo); }
    else if (k === SL.BZ || k === SL.HZ) {
      // lxsibzx / lxsihzx zero the whole register (doubleword 1 too).
      const w = k === SL.BZ ? m.r8(e) : m.r16(e);
      setDw0(c, t, 0, w); c.v[4 * t + 2] = 0; c.v[4 * t + 3] = 0;
    } else { const w = m.r32(e); setDw0(c, t, k === SL.WA ? w >> 31 : 0, w); }
    return ST_NEXT;
  };
}

/** Scalar store widths: doubleword 0, its low word, SINGLE() of it, its low byte / halfword. */
export const enum SS { D, W, S, B, H }

/** stxsd(x), stxsiwx, stxssp(x), stxsibx, stxsihx. */
export function sstore(k: SS, s: number, ea: Ea): Op {
  return (c) => {
    const e = ea(c.g);
    switch (k) {
      case SS.D: c.mem.w64(e, dw0Lo(c, s), dw0Hi(c, s)); break;
      case SS.W: c.mem.w32(e, dw0Lo(c, s)); break;
      case SS.S: c.mem.w32(e, doubleToSingle(dw0Lo(c, s), dw0Hi(c, s))); break;
      case SS.B: c.mem.w8(e, dw0Lo(c, s) & 0xff); break;
      case SS.H: c.mem.w16(e, dw0Lo(c, s) & 0xffff); break;
    }
    return ST_NEXT;
  };
}

/** lxvwsx: one word splatted into all four. */
export function lxvwsx(t: number, ea: Ea): Op {
  return (c) => {
    const w = c.mem.r32(ea(c.g));
    for (let j = 0; j < 16; j += 4) dT.setInt32(j, w);
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** lvsl / lvsr: the permute control for a misaligned address. */
export function lvsx(t: number, ea: Ea, right: boolean): Op {
  return (c) => {
    const sh = mod16(ea(c.g));
    const first = right ? 16 - sh : sh;
    for (let j = 0; j < 16; j++) bT[j] = first + j;
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** lvebx/lvehx/lvewx: the element at EA lands at its position within the aligned quadword. */
export function lve(size: number, t: number, ea: Ea): Op {
  return (c) => {
    const e = ea(c.g) - (ea(c.g) % size);
    const m = c.mem;
    getVsr(c, t, dT);
    const off = e % 16;
    // ISA byte position of the element: in little-endian mode the quadword is reversed.
    const pos = m.le ? 16 - off - size : off;
    if (size === 1) bT[pos] = m.r8(e);
    else if (size === 2) dT.setUint16(pos, m.r16(e));
    else dT.setInt32(pos, m.r32(e));
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

export function stve(size: number, s: number, ea: Ea): Op {
  return (c) => {
    const e = ea(c.g) - (ea(c.g) % size);
    const m = c.mem;
    getVsr(c, s, dA);
    const off = e % 16;
    const pos = m.le ? 16 - off - size : off;
    if (size === 1) m.w8(e, bA[pos]);
    else if (size === 2) m.w16(e, dA.getUint16(pos));
    else m.w32(e, dA.getInt32(pos));
    return ST_NEXT;
  };
}

// ---------------------------------------------------------------- GPR <-> VSR moves

export const enum Mv { MFD, MFWZ, MFLD, MTD, MTWA, MTWZ, MTWS, MTDD }

export function vmove(k: Mv, x: number, r: number, rb: number): Op {
  return (c) => {
    const g = c.g, v = c.v;
    switch (k) {
      case Mv.MFD: g[r] = dw0Lo(c, x); g[r + 1] = dw0Hi(c, x); break;
      case Mv.MFWZ: g[r] = dw0Lo(c, x); g[r + 1] = 0; break;
      case Mv.MFLD: g[r] = v[4 * x + 3]; g[r + 1] = v[4 * x + 2]; break;
      case Mv.MTD: setDw0(c, x, g[r + 1], g[r]); break;
      case Mv.MTWA: setDw0(c, x, g[r] >> 31, g[r]); break;
      case Mv.MTWZ: setDw0(c, x, 0, g[r]); break;
      case Mv.MTWS: { const w = g[r]; setDw0(c, x, w, w); v[4 * x + 2] = w; v[4 * x + 3] = w; break; }
      case Mv.MTDD: {
        // RA = 0 reads as zero (r < 0 here).
        const lo = r < 0 ? 0 : g[r], hi = r < 0 ? 0 : g[r + 1];
        const bl = g[rb], bh = g[rb + 1];
        setDw0(c, x, hi, lo); v[4 * x + 2] = bh; v[4 * x + 3] = bl;
        break;
      }
    }
    return ST_NEXT;
  };
}

// ---------------------------------------------------------------- logical / permute

/** Bitwise ops over 128 bits, also used by the VMX forms. */
export const enum Lg { AND, ANDC, OR, ORC, XOR, NOR, NAND, EQV }

export function vlogic(k: Lg, t: number, a: number, b: number): Op {
  return (c) => {
    getVsr(c, a, dA); getVsr(c, b, dB);
    for (let j = 0; j < 16; j += 4) {
      const x = dA.getInt32(j), y = dB.getInt32(j);
      let r = 0;
      switch (k) {
        case Lg.AND: r = x & y; break;
        case Lg.ANDC: r = x & ~y; break;
        case Lg.OR: r = x | y; break;
        case Lg.ORC: r = x | ~y; break;
        case Lg.XOR: r = x ^ y; break;
        case Lg.NOR: r = ~(x | y); break;
        case Lg.NAND: r = ~(x & y); break;
        case Lg.EQV: r = ~(x ^ y); break;
      }
      dT.setInt32(j, r);
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** xxsel / vsel: T = (B & C) | (A & ~C). */
export function vsel(t: number, a: number, b: number, cc: number): Op {
  return (c) => {
    getVsr(c, a, dA); getVsr(c, b, dB); getVsr(c, cc, dC);
    for (let j = 0; j < 16; j += 4) {
      const m = dC.getInt32(j);
      dT.setInt32(j, (dB.getInt32(j) & m) | (dA.getInt32(j) & ~m));
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** xxpermdi: T.dw0 = A.dw[dm >> 1], T.dw1 = B.dw[dm & 1]. */
export function xxpermdi(t: number, a: number, b: number, dm: number): Op {
  const oa = (dm >> 1) * 8, ob = (dm & 1) * 8;
  return (c) => {
    getVsr(c, a, dA); getVsr(c, b, dB);
    dT.setInt32(0, dA.getInt32(oa)); dT.setInt32(4, dA.getInt32(oa + 4));
    dT.setInt32(8, dB.getInt32(ob)); dT.setInt32(12, dB.getInt32(ob + 4));
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** Word permutes: xxsldwi (shift), xxmrghw, xxmrglw, xxspltw. */
export const enum Wp { SLDWI, MRGH, MRGL, SPLT }

export function wperm(k: Wp, t: number, a: number, b: number, n: number): Op {
  return (c) => {
    getVsr(c, a, dA); getVsr(c, b, dB);
    for (let j = 0; j < 4; j++) {
      let w = 0;
      switch (k) {
        case Wp.SLDWI: { const s = j + n; w = s < 4 ? dA.getInt32(4 * s) : dB.getInt32(4 * (s - 4)); break; }
        case Wp.MRGH: w = (j & 1 ? dB : dA).getInt32(4 * (j >> 1)); break;
        case Wp.MRGL: w = (j & 1 ? dB : dA).getInt32(8 + 4 * (j >> 1)); break;
        case Wp.SPLT: w = dB.getInt32(4 * n); break;
      }
      dT.setInt32(4 * j, w);
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** xxspltib / vspltis[bhw]: splat an immediate of element size `size`. */
export function splatImm(t: number, size: number, imm: number): Op {
  return (c) => {
    for (let j = 0; j < 16; j += size) {
      if (size === 1) bT[j] = imm;
      else if (size === 2) dT.setInt16(j, imm);
      else dT.setInt32(j, imm);
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** vsplt[bhw]: splat element `n` of B. */
export function splat(t: number, b: number, size: number, n: number): Op {
  const off = n * size;
  return (c) => {
    getVsr(c, b, dB);
    for (let j = 0; j < 16; j += size) {
      if (size === 1) bT[j] = bB[off];
      else if (size === 2) dT.setUint16(j, dB.getUint16(off));
      else dT.setInt32(j, dB.getInt32(off));
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** xxbr[hwdq]: reverse the bytes of each element. */
export function xxbr(t: number, b: number, size: number): Op {
  return (c) => {
    getVsr(c, b, dB);
    for (let j = 0; j < 16; j++) bT[j] = bB[(j - (j % size)) + size - 1 - (j % size)];
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** vperm / vpermr / vpermxor / vsldoi. */
export const enum Pm { PERM, PERMR, PERMXOR, SLDOI }

/**
 * The selector words (ISA order) each vperm closure last ran with: the block compiler
 * specializes a vperm for them (jit-vec.ts perm), as a program's selectors are nearly always
 * constants (a byte-order or pack table).
 */
export const permSelectors = new WeakMap<Op, Int32Array>();

export function vperm(k: Pm, t: number, a: number, b: number, cc: number, sh: number): Op {
  const seen = new Int32Array(4);
  const op: Op = (c) => {
    getVsr(c, a, dA); getVsr(c, b, dB);
    if (k !== Pm.SLDOI) getVsr(c, cc, dC);
    if (k === Pm.PERM) { seen[0] = dC.getInt32(0); seen[1] = dC.getInt32(4); seen[2] = dC.getInt32(8); seen[3] = dC.getInt32(12); }
    for (let j = 0; j < 16; j++) {
      let r = 0;
      switch (k) {
        case Pm.PERM: { const x = bC[j] & 31; r = x < 16 ? bA[x] : bB[x - 16]; break; }
        case Pm.PERMR: { const x = 31 - (bC[j] & 31); r = x < 16 ? bA[x] : bB[x - 16]; break; }
        case Pm.PERMXOR: r = bA[bC[j] >>> 4] ^ bB[bC[j] & 15]; break;
        case Pm.SLDOI: { const x = j + sh; r = x < 16 ? bA[x] : bB[x - 16]; break; }
      }
      bT[j] = r;
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
  if (k === Pm.PERM) permSelectors.set(op, seen);
  return op;
}

/** Element-wise integer ops (modulo arithmetic, merges, packs, shifts, counts). */
export const enum El {
  ADD, SUB, SL, SR, SRA, MRGH, MRGL, CLZ, CTZ, POPCNT, MINU, MAXU, MINS, MAXS,
}

/** The element (1, 2, 4 or 8 bytes) at byte offset o of d, as unsigned lo/hi words. */
function elLo(d: DataView, size: number, o: number): number {
  switch (size) {
    case 1: return d.getUint8(o);
    case 2: return d.getUint16(o);
    case 4: return d.getUint32(o);
  }
  return d.getUint32(o + 4);
}

function setEl(d: DataView, size: number, o: number, lo: number, hi: number): void {
  switch (size) {
    case 1: d.setUint8(o, lo); break;
    case 2: d.setUint16(o, lo); break;
    case 4: d.setInt32(o, lo); break;
    default: d.setInt32(o, hi); d.setInt32(o + 4, lo);
  }
}

function clz32(x: number): number { return Math.clz32(x); }

export function velem(k: El, size: number, t: number, a: number, b: number): Op {
  const bits = size * 8;
  const n = 16 / size;
  return (c) => {
    getVsr(c, a, dA); getVsr(c, b, dB);
    for (let e = 0; e < n; e++) {
      const o = e * size;
      const xl = elLo(dA, size, o), yl = elLo(dB, size, o);
      const xh = size === 8 ? dA.getUint32(o) : 0, yh = size === 8 ? dB.getUint32(o) : 0;
      let rl = 0, rh = 0;
      switch (k) {
        case El.ADD: case El.SUB: {
          const l = k === El.ADD ? xl + yl : xl - yl;
          if (size === 8) {
            const carry = l >= TWO32 ? 1 : l < 0 ? -1 : 0;
            rh = (k === El.ADD ? xh + yh : xh - yh) + carry;
            rl = l;
          } else rl = l;
          break;
        }
        case El.SL: case El.SR: case El.SRA: {
          const s = yl % bits;
          if (size === 8) {
            // 64-bit shifts on halves.
            if (s === 0) { rl = xl; rh = xh; }
            else if (k === El.SL) {
              if (s < 32) { rh = (xh << s) | (xl >>> (32 - s)); rl = xl << s; } else { rh = xl << (s - 32); rl = 0; }
            } else {
              const fill = k === El.SRA && (xh | 0) < 0 ? -1 : 0;
              if (s < 32) { rl = (xl >>> s) | (xh << (32 - s)); rh = k === El.SRA ? (xh | 0) >> s : xh >>> s; }
              else { rl = k === El.SRA ? (xh | 0) >> (s - 32) : xh >>> (s - 32); rh = fill; }
            }
          } else if (k === El.SL) rl = xl << s;
          else if (k === El.SR) rl = xl >>> s;
          else rl = ((xl << (32 - bits)) >> (32 - bits)) >> s;
          break;
        }
        case El.MRGH: case El.MRGL: {
          // Element e of T comes from A (even e) or B (odd e), element (e >> 1) of the chosen half.
          const src = (e & 1) ? dB : dA;
          const so = ((k === El.MRGL ? n / 2 : 0) + (e >> 1)) * size;
          rl = elLo(src, size, so);
          rh = size === 8 ? src.getUint32(so) : 0;
          break;
        }
        case El.CLZ: case El.CTZ: case El.POPCNT: {
          let r = 0;
          if (k === El.POPCNT) {
            for (let v = xl >>> 0; v !== 0; v &= v - 1) r++;
            for (let v = xh >>> 0; v !== 0; v &= v - 1) r++;
          } else if (k === El.CLZ) {
            r = size === 8 ? (xh !== 0 ? clz32(xh) : 32 + clz32(xl)) : clz32(xl) - (32 - bits);
          } else {
            if (size === 8) r = xl !== 0 ? 31 - clz32(xl & -xl) : xh !== 0 ? 63 - clz32(xh & -xh) : 64;
            else r = xl !== 0 ? 31 - clz32(xl & -xl) : bits;
          }
          rl = r;
          break;
        }
        case El.MINU: case El.MAXU: case El.MINS: case El.MAXS: {
          let less: boolean;
          if (k === El.MINS || k === El.MAXS) {
            const sx = size === 8 ? xh | 0 : (xl << (32 - bits)) >> (32 - bits);
            const sy = size === 8 ? yh | 0 : (yl << (32 - bits)) >> (32 - bits);
            less = sx !== sy ? sx < sy : size === 8 && xl < yl;
          } else less = size === 8 ? (xh !== yh ? xh < yh : xl < yl) : xl < yl;
          const useX = (k === El.MINU || k === El.MINS) ? less : !less;
          rl = useX ? xl : yl; rh = useX ? xh : yh;
          break;
        }
      }
      setEl(dT, size, o, rl, rh);
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** vpkuhum / vpkuwum / vpkudum: the low halves of A's then B's elements (source size `size`). */
export function vpack(size: number, t: number, a: number, b: number): Op {
  const half = size / 2, n = 16 / size;
  return (c) => {
    getVsr(c, a, dA); getVsr(c, b, dB);
    for (let e = 0; e < 2 * n; e++) {
      const src = e < n ? dA : dB;
      const o = (e % n) * size + half;
      for (let j = 0; j < half; j++) dT.setUint8(e * half + j, src.getUint8(o + j));
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** Whole-register shifts: vsl/vsr (by bits 0-7, from B's last byte), vslo/vsro (by octets). */
export const enum Sh { SL, SR, SLO, SRO }

export function vshift(k: Sh, t: number, a: number, b: number): Op {
  return (c) => {
    getVsr(c, a, dA); getVsr(c, b, dB);
    const last = bB[15];
    if (k === Sh.SLO || k === Sh.SRO) {
      const s = (last >>> 3) & 15;
      for (let j = 0; j < 16; j++) {
        const x = k === Sh.SLO ? j + s : j - s;
        bT[j] = x >= 0 && x < 16 ? bA[x] : 0;
      }
    } else {
      const s = last & 7;
      for (let j = 0; j < 16; j++) {
        if (k === Sh.SL) bT[j] = ((bA[j] << s) | (j < 15 ? bA[j + 1] >>> (8 - s) : 0)) & 255;
        else bT[j] = ((bA[j] >>> s) | (j > 0 ? bA[j - 1] << (8 - s) : 0)) & 255;
      }
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** vcmpequ[bhwd], vcmpgtu*, vcmpgts*, vcmpne*, vcmpnez*; Rc sets CR6 (all true 8, none 2). */
export const enum Cm { EQ, GTU, GTS, NE, NEZ }

export function vcmp(k: Cm, size: number, t: number, a: number, b: number, rc: boolean): Op {
  const n = 16 / size, bits = size * 8;
  return (c) => {
    getVsr(c, a, dA); getVsr(c, b, dB);
    let all = 1, none = 1;
    for (let e = 0; e < n; e++) {
      const o = e * size;
      const xl = elLo(dA, size, o), yl = elLo(dB, size, o);
      const xh = size === 8 ? dA.getUint32(o) : 0, yh = size === 8 ? dB.getUint32(o) : 0;
      let r: boolean;
      switch (k) {
        case Cm.EQ: r = xl === yl && xh === yh; break;
        case Cm.NE: r = xl !== yl || xh !== yh; break;
        case Cm.NEZ: r = xl !== yl || xh !== yh || (xl === 0 && xh === 0) || (yl === 0 && yh === 0); break;
        case Cm.GTU: r = xh !== yh ? xh > yh : xl > yl; break;
        default: {
          const sx = size === 8 ? xh | 0 : (xl << (32 - bits)) >> (32 - bits);
          const sy = size === 8 ? yh | 0 : (yl << (32 - bits)) >> (32 - bits);
          r = sx !== sy ? sx > sy : size === 8 && xl > yl;
        }
      }
      if (r) none = 0; else all = 0;
      const m = r ? -1 : 0;
      setEl(dT, size, o, m, m);
    }
    putVsr(c, t, dT);
    if (rc) setCrField(c, 6, all ? 8 : none ? 2 : 0);
    return ST_NEXT;
  };
}

/** vgbbd: transpose each doubleword as an 8x8 bit matrix. */
export function vgbbd(t: number, b: number): Op {
  return (c) => {
    getVsr(c, b, dB);
    for (let d = 0; d < 16; d += 8) {
      for (let m = 0; m < 8; m++) {
        let r = 0;
        for (let n = 0; n < 8; n++) r |= ((bB[d + n] >>> (7 - m)) & 1) << (7 - n);
        bT[d + m] = r;
      }
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** vbpermq: gather 16 bits of A selected by B's bytes into bits 48-63 of doubleword 0. */
export function vbpermq(t: number, a: number, b: number): Op {
  return (c) => {
    getVsr(c, a, dA); getVsr(c, b, dB);
    let r = 0;
    for (let j = 0; j < 16; j++) {
      const x = bB[j];
      r = (r << 1) | (x < 128 ? (bA[x >>> 3] >>> (7 - (x & 7))) & 1 : 0);
    }
    dT.setInt32(0, 0); dT.setInt32(4, r); dT.setInt32(8, 0); dT.setInt32(12, 0);
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** vclzlsbb / vctzlsbb: count bytes with a clear least significant bit, from either end, into a GPR. */
export function vcntlsbb(r: number, b: number, trailing: boolean): Op {
  return (c) => {
    getVsr(c, b, dB);
    let n = 0;
    while (n < 16 && (bB[trailing ? 15 - n : n] & 1) === 0) n++;
    c.g[r] = n; c.g[r + 1] = 0;
    return ST_NEXT;
  };
}

export function mfvscr(t: number): Op {
  return (c) => {
    dT.setInt32(0, 0); dT.setInt32(4, 0); dT.setInt32(8, 0); dT.setInt32(12, c.vscr);
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

export function mtvscr(b: number): Op {
  // Every bit is kept (mfvscr returns them), as qemu does; only NJ and SAT have an effect.
  return (c) => { getVsr(c, b, dB); c.vscr = dB.getInt32(12); return ST_NEXT; };
}

/**
 * lxvl/lxvll/stxvl/stxvll: access RB's top byte (capped at 16) bytes at EA. The "l" forms
 * (left-justified) fill bytes from element 0 in both byte orders; lxvl/stxvl in little-endian
 * mode fill from byte 15 down. Loads zero the rest of the register.
 */
export function vlen(load: boolean, left: boolean, x: number, ea: Ea, b: number): Op {
  return (c) => {
    const e = ea(c.g), m = c.mem;
    let nb = c.g[b + 1] >>> 24;
    if (nb > 16) nb = 16;
    const rev = !left && m.le;
    if (load) {
      for (let j = 0; j < 16; j++) bT[j] = 0;
      for (let j = 0; j < nb; j++) bT[rev ? 15 - j : j] = m.r8(e + j);
      putVsr(c, x, dT);
    } else {
      getVsr(c, x, dA);
      if (nb > 0) m.probeWrite(e, nb);
      for (let j = 0; j < nb; j++) m.w8(e + j, bA[rev ? 15 - j : j]);
    }
    return ST_NEXT;
  };
}

/** vextu[bhw][lr]x: the element at byte index RA & 15 (from the left or the right) into RT. */
export function vextx(size: number, right: boolean, rt: number, ra: number, b: number): Op {
  return (c) => {
    getVsr(c, b, dB);
    const idx = c.g[ra] & 15;
    const o = right ? 16 - size - idx : idx;
    let v = 0;
    for (let j = 0; j < size; j++) v = (v << 8) | (o + j < 16 && o + j >= 0 ? bB[o + j] : 0);
    c.g[rt] = v; c.g[rt + 1] = 0;
    return ST_NEXT;
  };
}
