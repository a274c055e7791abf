// Loads and stores: every width, D/DS/X forms, update forms, algebraic and byte-reversed
// forms, load/store multiple, the load-and-reserve / store-conditional pairs, dcbz.
//
// Effective addresses are computed as exact 64-bit sums of 32-bit halves and turned into a
// JS number (a high word with its top bit set gives a negative number, which never maps).

import { Cpu, Op, ST_NEXT } from './cpu.js';

const TWO32 = 4294967296;

/** EA = (RA) + d (RA is not r0 here), d a sign-extended displacement. */
export function eaD(g: Int32Array, a: number, d: number): number {
  let lo = (g[a] >>> 0) + d;
  let hi = g[a + 1];
  if (lo < 0) { lo += TWO32; hi--; } else if (lo >= TWO32) { lo -= TWO32; hi++; }
  return hi * TWO32 + lo;
}

/** EA = (RA) + (RB), wrapping at 2^64. */
export function eaX(g: Int32Array, a: number, b: number): number {
  let lo = (g[a] >>> 0) + (g[b] >>> 0);
  let hi = g[a + 1] + g[b + 1];
  if (lo >= TWO32) { lo -= TWO32; hi++; }
  return (hi | 0) * TWO32 + lo;
}

/** EA = (RB) (the RA = 0 forms). */
export function eaR(g: Int32Array, b: number): number {
  return g[b + 1] * TWO32 + (g[b] >>> 0);
}

/** Write EA back into RA (update forms). EA is always a valid address here: the access succeeded. */
function setEa(g: Int32Array, a: number, ea: number): void {
  g[a] = ea | 0; // the low word (ToInt32 is modulo 2^32; a double % would be a C call)
  g[a + 1] = Math.floor(ea / TWO32);
}

/** How an access computes its address. */
export const enum Mode { D, D0, X, X0 }

/** Sizes and flavours of integer loads. */
export const enum LKind { B, H, HA, W, WA, D, HBR, WBR, DBR }

function makeEa(mode: Mode, a: number, b: number, d: number): (g: Int32Array) => number {
  switch (mode) {
    case Mode.D: return (g) => eaD(g, a, d);
    case Mode.D0: return () => d;
    case Mode.X: return (g) => eaX(g, a, b);
    case Mode.X0: return (g) => eaR(g, b);
  }
}

/**
 * Integer load. The common D-form cases get dedicated closures (the EA computation is then
 * inlined); the rest share one closure per kind with an EA helper.
 */
export function load(kind: LKind, t: number, mode: Mode, a: number, b: number, d: number, update: boolean): Op {
  if (mode === Mode.D && !update) {
    switch (kind) {
      case LKind.D: return (c) => { const g = c.g; const m = c.mem; m.r64(eaD(g, a, d)); g[t] = m.rdLo; g[t + 1] = m.rdHi; return ST_NEXT; };
      case LKind.W: return (c) => { const g = c.g; g[t] = c.mem.r32(eaD(g, a, d)); g[t + 1] = 0; return ST_NEXT; };
      case LKind.B: return (c) => { const g = c.g; g[t] = c.mem.r8(eaD(g, a, d)); g[t + 1] = 0; return ST_NEXT; };
      case LKind.H: return (c) => { const g = c.g; g[t] = c.mem.r16(eaD(g, a, d)); g[t + 1] = 0; return ST_NEXT; };
    }
  }
  const eaf = makeEa(mode, a, b, d);
  return (c) => {
    const g = c.g;
    const m = c.mem;
    const ea = eaf(g);
    let lo: number, hi = 0;
    switch (kind) {
      case LKind.B: lo = m.r8(ea); break;
      case LKind.H: lo = m.r16(ea); break;
      case LKind.HA: lo = (m.r16(ea) << 16) >> 16; hi = lo >> 31; break;
      case LKind.W: lo = m.r32(ea); break;
      case LKind.WA: lo = m.r32(ea); hi = lo >> 31; break;
      case LKind.D: m.r64(ea); lo = m.rdLo; hi = m.rdHi; break;
      case LKind.HBR: { const v = m.r16(ea); lo = ((v & 255) << 8) | (v >>> 8); break; }
      case LKind.WBR: lo = bswap32(m.r32(ea)); break;
      case LKind.DBR: m.r64(ea); lo = bswap32(m.rdHi); hi = bswap32(m.rdLo); break;
    }
    if (update) setEa(g, a, ea);
    g[t] = lo; g[t + 1] = hi;
    return ST_NEXT;
  };
}

export function bswap32(v: number): number {
  return ((v & 255) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
}

export const enum SKind { B, H, W, D, HBR, WBR, DBR }

export function store(kind: SKind, s: number, mode: Mode, a: number, b: number, d: number, update: boolean): Op {
  if (mode === Mode.D && !update) {
    switch (kind) {
      case SKind.D: return (c) => { const g = c.g; c.mem.w64(eaD(g, a, d), g[s], g[s + 1]); return ST_NEXT; };
      case SKind.W: return (c) => { const g = c.g; c.mem.w32(eaD(g, a, d), g[s]); return ST_NEXT; };
      case SKind.B: return (c) => { const g = c.g; c.mem.w8(eaD(g, a, d), g[s] & 255); return ST_NEXT; };
      case SKind.H: return (c) => { const g = c.g; c.mem.w16(eaD(g, a, d), g[s] & 0xffff); return ST_NEXT; };
    }
  }
  if (mode === Mode.D && update && kind === SKind.D) {
    // stdu r1,-N(r1): every function prologue.
    return (c) => {
      const g = c.g;
      const ea = eaD(g, a, d);
      c.mem.w64(ea, g[s], g[s + 1]);
      setEa(g, a, ea);
      return ST_NEXT;
    };
  }
  const eaf = makeEa(mode, a, b, d);
  return (c) => {
    const g = c.g;
    const m = c.mem;
    const ea = eaf(g);
    const lo = g[s], hi = g[s + 1];
    switch (kind) {
      case SKind.B: m.w8(ea, lo & 255); break;
      case SKind.H: m.w16(ea, lo & 0xffff); break;
      case SKind.W: m.w32(ea, lo); break;
      case SKind.D: m.w64(ea, lo, hi); break;
      case SKind.HBR: m.w16(ea, ((lo & 255) << 8) | ((lo >>> 8) & 255)); break;
      case SKind.WBR: m.w32(ea, bswap32(lo)); break;
      case SKind.DBR: m.w64(ea, bswap32(hi), bswap32(lo)); break;
    }
    if (update) setEa(g, a, ea);
    return ST_NEXT;
  };
}

/**
 * Load/store multiple and the string forms do not exist in little-endian mode: the ISA raises
 * an alignment interrupt (Linux: SIGBUS; qemu-user aborts). This op computes the EA and faults.
 */
export function leUnsupported(mode: Mode, a: number, b: number, d: number): Op {
  const eaf = makeEa(mode, a, b, d);
  return (c) => c.mem.alignmentFault(eaf(c.g));
}

/** lmw: load words into RT..r31 (zero-extended); all-or-nothing. */
export function lmw(t: number, mode: Mode, a: number, d: number): Op {
  const eaf = makeEa(mode, a, 0, d);
  return (c) => {
    const g = c.g;
    const ea = eaf(g);
    const n = 32 - t / 2;
    c.mem.probeRead(ea, 4 * n);
    for (let k = 0; k < n; k++) {
      const r = t + 2 * k;
      // RA in the range is an invalid form; load it last like the others (qemu loads in order).
      g[r] = c.mem.r32(ea + 4 * k);
      g[r + 1] = 0;
    }
    return ST_NEXT;
  };
}

export function stmw(s: number, mode: Mode, a: number, d: number): Op {
  const eaf = makeEa(mode, a, 0, d);
  return (c) => {
    const g = c.g;
    const ea = eaf(g);
    const n = 32 - s / 2;
    c.mem.probeWrite(ea, 4 * n);
    for (let k = 0; k < n; k++) c.mem.w32(ea + 4 * k, g[s + 2 * k]);
    return ST_NEXT;
  };
}

/** lbarx / lharx / lwarx / ldarx: load and set the reservation. */
export function larx(size: 1 | 2 | 4 | 8, t: number, mode: Mode, a: number, b: number): Op {
  const eaf = makeEa(mode, a, b, 0);
  return (c) => {
    const g = c.g;
    const m = c.mem;
    const ea = eaf(g);
    let lo = 0, hi = 0;
    if (size === 1) lo = m.r8(ea);
    else if (size === 2) lo = m.r16(ea);
    else if (size === 4) lo = m.r32(ea);
    else { m.r64(ea); lo = m.rdLo; hi = m.rdHi; }
    c.resAddr = ea; c.resSize = size; c.resLo = lo; c.resHi = hi;
    g[t] = lo; g[t + 1] = hi;
    return ST_NEXT;
  };
}

/**
 * stbcx. / sthcx. / stwcx. / stdcx.: store if the reservation is for this address and size
 * and memory still holds the value loaded (qemu's rule), then CR0 = 00 || success || SO.
 * The reservation is cleared either way.
 */
export function stcx(size: 1 | 2 | 4 | 8, s: number, mode: Mode, a: number, b: number): Op {
  const eaf = makeEa(mode, a, b, 0);
  return (c) => {
    const g = c.g;
    const m = c.mem;
    const ea = eaf(g);
    let ok = false;
    if (c.resAddr === ea && c.resSize === size) {
      let lo = 0, hi = 0;
      if (size === 1) lo = m.r8(ea);
      else if (size === 2) lo = m.r16(ea);
      else if (size === 4) lo = m.r32(ea);
      else { m.r64(ea); lo = m.rdLo; hi = m.rdHi; }
      if (lo === c.resLo && hi === c.resHi) {
        if (size === 1) m.w8(ea, g[s] & 255);
        else if (size === 2) m.w16(ea, g[s] & 0xffff);
        else if (size === 4) m.w32(ea, g[s]);
        else m.w64(ea, g[s], g[s + 1]);
        ok = true;
      }
    }
    c.resAddr = -1;
    c.cr = (c.cr & 0x0fffffff) | (((ok ? 2 : 0) | c.so) << 28);
    return ST_NEXT;
  };
}

/** dcbz: zero the 128-byte block holding the EA (all-or-nothing). */
export function dcbz(mode: Mode, a: number, b: number): Op {
  const eaf = makeEa(mode, a, b, 0);
  return (c) => {
    const ea = eaf(c.g);
    const base = ea - (((ea % 128) + 128) % 128);
    c.mem.probeWrite(base, 128);
    for (let k = 0; k < 128; k += 8) c.mem.w64(base + k, 0, 0);
    return ST_NEXT;
  };
}

/** A cache hint whose only architected effect is the address check some forms make: none here. */
export const hint: Op = (_c: Cpu) => ST_NEXT;

/**
 * lswi / lswx (nb < 0: byte count from XER): load bytes into consecutive registers, four per
 * register from the most significant end of the low word, wrapping from r31 to r0.
 */
export function lsw(t: number, mode: Mode, a: number, b: number, nb: number): Op {
  const eaf = makeEa(mode, a, b, 0);
  return (c) => {
    const g = c.g;
    const n = nb >= 0 ? nb : c.xerCount;
    let ea = eaf(g);
    if (n > 0) c.mem.probeRead(ea, n);
    let r = t / 2 - 1;
    for (let k = 0; k < n; k++) {
      const j = k & 3;
      if (j === 0) { r = (r + 1) & 31; g[2 * r] = 0; g[2 * r + 1] = 0; }
      g[2 * r] |= c.mem.r8(ea++) << (24 - 8 * j);
    }
    return ST_NEXT;
  };
}

export function stsw(s: number, mode: Mode, a: number, b: number, nb: number): Op {
  const eaf = makeEa(mode, a, b, 0);
  return (c) => {
    const g = c.g;
    const n = nb >= 0 ? nb : c.xerCount;
    let ea = eaf(g);
    if (n > 0) c.mem.probeWrite(ea, n);
    let r = s / 2 - 1;
    for (let k = 0; k < n; k++) {
      const j = k & 3;
      if (j === 0) r = (r + 1) & 31;
      c.mem.w8(ea++, (g[2 * r] >>> (24 - 8 * j)) & 255);
    }
    return ST_NEXT;
  };
}
