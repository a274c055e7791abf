// AltiVec integer arithmetic beyond modulo add/sub: multiplies (even/odd, modulo), multiply-
// sums and multiply-adds, saturating add/sub/pack/sum (setting VSCR[SAT]), averages, absolute
// differences, rotates, unpacks, even/odd word merges, sign extension, parity, quadword
// add/sub with carries, polynomial multiply-sum (vpmsum*), AES (vcipher*, vsbox) and SHA-2
// sigma functions (vshasigma*), xxperm/xxpermr, xxextractuw/xxinsertw, vextract/vinsert.
//
// Elements are read from ISA-ordered scratch copies (element 0 most significant), as in
// ops-vec.ts; values are JS numbers (32-bit elements as unsigned or signed doubles, 64-bit
// ones as BigInt where products or sums need the width).

import { Cpu, Op, ST_NEXT } from './cpu.js';
import { getVsr, putVsr, scratch } from './ops-vec.js';
const [dA, bA] = scratch();
const [dB, bB] = scratch();
const [dC, bC] = scratch();
const [dT, bT] = scratch();

const VSCR_SAT = 1;

/** Element e (size 1, 2, 4 bytes) of d, unsigned or signed. */
function el(d: DataView, size: number, e: number, signed: boolean): number {
  switch (size) {
    case 1: return signed ? d.getInt8(e) : d.getUint8(e);
    case 2: return signed ? d.getInt16(2 * e) : d.getUint16(2 * e);
  }
  return signed ? d.getInt32(4 * e) : d.getUint32(4 * e);
}
function setEl(d: DataView, size: number, e: number, v: number): void {
  switch (size) {
    case 1: d.setUint8(e, v & 0xff); break;
    case 2: d.setUint16(2 * e, v & 0xffff); break;
    default: d.setInt32(4 * e, v); break;
  }
}
function el64(d: DataView, e: number, signed: boolean): bigint {
  return signed ? d.getBigInt64(8 * e) : d.getBigUint64(8 * e);
}

/** Clamp v to the range of a size-byte element; records saturation. */
function sat(c: Cpu, v: number, size: number, signed: boolean): number {
  const bits = size * 8;
  const min = signed ? -(2 ** (bits - 1)) : 0;
  const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  if (v < min) { c.vscr |= VSCR_SAT; return min; }
  if (v > max) { c.vscr |= VSCR_SAT; return max; }
  return v;
}

function load3(c: Cpu, a: number, b: number, cc: number): void {
  getVsr(c, a, dA); getVsr(c, b, dB);
  if (cc >= 0) getVsr(c, cc, dC);
}

/** Two-operand element ops. */
export const enum E2 {
  ADDS, SUBS, AVG, ABSD, MAX, MIN, RL, SLV, SRV, MULUWM, ADDCU, SUBCU, MRGEW, MRGOW,
}

export function e2(k: E2, size: number, signed: boolean, t: number, a: number, b: number): Op {
  const n = 16 / size, bits = size * 8;
  return (c) => {
    load3(c, a, b, -1);
    if (k === E2.SLV || k === E2.SRV) {
      // Per-byte shifts of the 16-bit window starting at each byte.
      for (let j = 0; j < 16; j++) {
        const s = bB[j] & 7;
        if (k === E2.SLV) bT[j] = ((((bA[j] << 8) | (j < 15 ? bA[j + 1] : 0)) << s) >>> 8) & 0xff;
        else bT[j] = ((((j > 0 ? bA[j - 1] : 0) << 8) | bA[j]) >>> s) & 0xff;
      }
      putVsr(c, t, dT);
      return ST_NEXT;
    }
    if (size === 8) {
      for (let e = 0; e < 2; e++) {
        const x = el64(dA, e, signed), y = el64(dB, e, signed);
        let r: bigint;
        switch (k) {
          case E2.MAX: r = x > y ? x : y; break;
          case E2.MIN: r = x < y ? x : y; break;
          case E2.RL: { const s = BigInt(Number(el64(dB, e, false) & 63n)); const u = el64(dA, e, false); r = ((u << s) | (u >> ((64n - s) & 63n) )) ; if (s === 0n) r = u; break; }
          case E2.MRGEW: case E2.MRGOW: r = 0n; break;
          default: r = 0n;
        }
        dT.setBigUint64(8 * e, BigInt.asUintN(64, r));
      }
      putVsr(c, t, dT);
      return ST_NEXT;
    }
    for (let e = 0; e < n; e++) {
      const x = el(dA, size, e, signed), y = el(dB, size, e, signed);
      let r = 0;
      switch (k) {
        case E2.ADDS: r = sat(c, x + y, size, signed); break;
        case E2.SUBS: r = sat(c, x - y, size, signed); break;
        case E2.AVG: r = Math.floor((x + y + 1) / 2); break;
        case E2.ABSD: r = x > y ? x - y : y - x; break;
        case E2.MAX: r = x > y ? x : y; break;
        case E2.MIN: r = x < y ? x : y; break;
        case E2.RL: {
          const s = (y >>> 0) % bits, u = el(dA, size, e, false);
          r = s === 0 ? u : size === 4 ? (u << s) | (u >>> (32 - s)) : ((u << s) | (u >>> (bits - s)));
          break;
        }
        case E2.MULUWM: r = Math.imul(x, y); break;
        case E2.ADDCU: r = (x >>> 0) + (y >>> 0) >= 4294967296 ? 1 : 0; break;
        case E2.SUBCU: r = (x >>> 0) >= (y >>> 0) ? 1 : 0; break;
        case E2.MRGEW: r = (e & 1) ? el(dB, 4, e - 1, false) : el(dA, 4, e, false); break;
        case E2.MRGOW: r = (e & 1) ? el(dB, 4, e, false) : el(dA, 4, e + 1, false); break;
      }
      setEl(dT, size, e, r);
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** vmule*, vmulo*: products of the even (or odd) elements, double width. */
export function mulEO(odd: boolean, size: number, signed: boolean, t: number, a: number, b: number): Op {
  const n = 8 / size;
  return (c) => {
    load3(c, a, b, -1);
    for (let e = 0; e < n; e++) {
      const i = 2 * e + (odd ? 1 : 0);
      if (size === 4) {
        const p = BigInt(el(dA, 4, i, signed)) * BigInt(el(dB, 4, i, signed));
        dT.setBigUint64(8 * e, BigInt.asUintN(64, p));
      } else setEl(dT, 2 * size, e, el(dA, size, i, signed) * el(dB, size, i, signed));
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** VA-form multiply-sums and multiply-adds. */
export const enum Ms { UBM, MBM, UHM, UHS, SHM, SHS, MHADDSHS, MHRADDSHS, MLADDUHM, UDM }

export function msum(k: Ms, t: number, a: number, b: number, cc: number): Op {
  return (c) => {
    load3(c, a, b, cc);
    switch (k) {
      case Ms.UBM: case Ms.MBM:
        for (let w = 0; w < 4; w++) {
          let s = dC.getInt32(4 * w);
          for (let j = 0; j < 4; j++) s += (k === Ms.MBM ? dA.getInt8(4 * w + j) : bA[4 * w + j]) * bB[4 * w + j];
          dT.setInt32(4 * w, s | 0);
        }
        break;
      case Ms.UHM: case Ms.UHS: case Ms.SHM: case Ms.SHS: {
        const signed = k === Ms.SHM || k === Ms.SHS;
        for (let w = 0; w < 4; w++) {
          let s = signed ? dC.getInt32(4 * w) : dC.getUint32(4 * w);
          for (let j = 0; j < 2; j++) s += el(dA, 2, 2 * w + j, signed) * el(dB, 2, 2 * w + j, signed);
          if (k === Ms.UHS || k === Ms.SHS) s = sat(c, s, 4, signed);
          dT.setInt32(4 * w, Number(BigInt.asIntN(32, BigInt(s))));
        }
        break;
      }
      case Ms.MHADDSHS: case Ms.MHRADDSHS:
        for (let h = 0; h < 8; h++) {
          const p = dA.getInt16(2 * h) * dB.getInt16(2 * h) + (k === Ms.MHRADDSHS ? 0x4000 : 0);
          dT.setInt16(2 * h, sat(c, (p >> 15) + dC.getInt16(2 * h), 2, true));
        }
        break;
      case Ms.MLADDUHM:
        for (let h = 0; h < 8; h++) dT.setUint16(2 * h, (Math.imul(dA.getUint16(2 * h), dB.getUint16(2 * h)) + dC.getUint16(2 * h)) & 0xffff);
        break;
      case Ms.UDM: {
        const s = dA.getBigUint64(0) * dB.getBigUint64(0) + dA.getBigUint64(8) * dB.getBigUint64(8) +
          ((dC.getBigUint64(0) << 64n) | dC.getBigUint64(8));
        dT.setBigUint64(0, BigInt.asUintN(64, s >> 64n)); dT.setBigUint64(8, BigInt.asUintN(64, s));
        break;
      }
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** vsum4ubs / vsum4sbs / vsum4shs / vsum2sws / vsumsws (saturating, VSCR[SAT]). */
export const enum Su { S4UBS, S4SBS, S4SHS, S2SWS, SSWS }

export function vsum(k: Su, t: number, a: number, b: number): Op {
  return (c) => {
    load3(c, a, b, -1);
    switch (k) {
      case Su.S4UBS: case Su.S4SBS: case Su.S4SHS:
        for (let w = 0; w < 4; w++) {
          const signed = k !== Su.S4UBS;
          let s = signed ? dB.getInt32(4 * w) : dB.getUint32(4 * w);
          if (k === Su.S4SHS) s += dA.getInt16(4 * w) + dA.getInt16(4 * w + 2);
          else for (let j = 0; j < 4; j++) s += k === Su.S4SBS ? dA.getInt8(4 * w + j) : bA[4 * w + j];
          dT.setInt32(4 * w, sat(c, s, 4, signed));
        }
        break;
      case Su.S2SWS:
        for (let d = 0; d < 2; d++) {
          const s = dA.getInt32(8 * d) + dA.getInt32(8 * d + 4) + dB.getInt32(8 * d + 4);
          dT.setInt32(8 * d, 0); dT.setInt32(8 * d + 4, sat(c, s, 4, true));
        }
        break;
      case Su.SSWS: {
        let s = dB.getInt32(12);
        for (let w = 0; w < 4; w++) s += dA.getInt32(4 * w);
        dT.setInt32(0, 0); dT.setInt32(4, 0); dT.setInt32(8, 0); dT.setInt32(12, sat(c, s, 4, true));
        break;
      }
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** Saturating packs: source size (2, 4, 8), source signedness, result signedness. */
export function packSat(size: number, srcSigned: boolean, dstSigned: boolean, t: number, a: number, b: number): Op {
  const n = 16 / size, half = size / 2;
  return (c) => {
    load3(c, a, b, -1);
    for (let e = 0; e < 2 * n; e++) {
      const src = e < n ? dA : dB, i = e % n;
      if (size === 8) {
        const v = el64(src, i, srcSigned);
        const min = dstSigned ? -(1n << 31n) : 0n, max = dstSigned ? (1n << 31n) - 1n : (1n << 32n) - 1n;
        let r = v;
        if (v < min) { r = min; c.vscr |= VSCR_SAT; } else if (v > max) { r = max; c.vscr |= VSCR_SAT; }
        dT.setInt32(4 * e, Number(BigInt.asIntN(32, r)));
      } else setEl(dT, half, e, sat(c, el(src, size, i, srcSigned), half, dstSigned));
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** vupkh*, vupkl*: sign-extend the high or low half's elements (source size). */
export function unpack(low: boolean, size: number, t: number, b: number): Op {
  const n = 8 / size;
  return (c) => {
    getVsr(c, b, dB);
    for (let e = 0; e < n; e++) {
      const v = el(dB, size, e + (low ? n : 0), true);
      if (size === 4) dT.setBigInt64(8 * e, BigInt(v));
      else setEl(dT, 2 * size, e, v);
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** vexts{b,h}2{w,d}, vextsw2d: sign-extend the low part of each element (from, to sizes). */
export function extsign(from: number, to: number, t: number, b: number): Op {
  return (c) => {
    getVsr(c, b, dB);
    for (let e = 0; e < 16 / to; e++) {
      const v = el(dB, from, (e + 1) * (to / from) - 1, true);
      if (to === 8) dT.setBigInt64(8 * e, BigInt(v));
      else dT.setInt32(4 * e, v);
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** vnegw / vnegd. */
export function neg(size: number, t: number, b: number): Op {
  return (c) => {
    getVsr(c, b, dB);
    for (let e = 0; e < 16 / size; e++) {
      if (size === 8) dT.setBigUint64(8 * e, BigInt.asUintN(64, -dB.getBigUint64(8 * e)));
      else dT.setInt32(4 * e, -dB.getInt32(4 * e) | 0);
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** vprtybw / vprtybd / vprtybq: parity of each byte's low bit over the element. */
export function parity(size: number, t: number, b: number): Op {
  return (c) => {
    getVsr(c, b, dB);
    for (let j = 0; j < 16; j++) bT[j] = 0;
    for (let e = 0; e < 16 / size; e++) {
      let p = 0;
      for (let j = 0; j < size; j++) p ^= bB[e * size + j] & 1;
      bT[e * size + size - 1] = p;
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** Quadword add/sub: vadduqm, vaddcuq, vsubuqm, vsubcuq, and the extended VA forms. */
export const enum Q { ADD, ADDC, SUB, SUBC, ADDE, ADDEC, SUBE, SUBEC }

export function quad(k: Q, t: number, a: number, b: number, cc: number): Op {
  return (c) => {
    load3(c, a, b, cc);
    const x = (dA.getBigUint64(0) << 64n) | dA.getBigUint64(8);
    let y = (dB.getBigUint64(0) << 64n) | dB.getBigUint64(8);
    const sub = k === Q.SUB || k === Q.SUBC || k === Q.SUBE || k === Q.SUBEC;
    if (sub) y = ((1n << 128n) - 1n) ^ y;
    let cin = sub ? 1n : 0n;
    if (k >= Q.ADDE) cin = BigInt(bC[15] & 1);
    const s = x + y + cin;
    const carryOut = k === Q.ADDC || k === Q.SUBC || k === Q.ADDEC || k === Q.SUBEC;
    const r = carryOut ? s >> 128n : BigInt.asUintN(128, s);
    dT.setBigUint64(0, BigInt.asUintN(64, r >> 64n)); dT.setBigUint64(8, BigInt.asUintN(64, r));
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** vpmsum[bhwd]: carry-less products of element pairs, XORed per double-width lane. */
export function pmsum(size: number, t: number, a: number, b: number): Op {
  const bits = size * 8, n = 16 / size;
  return (c) => {
    load3(c, a, b, -1);
    if (size === 8) {
      let r = 0n;
      for (let e = 0; e < 2; e++) {
        const x = dA.getBigUint64(8 * e), y = dB.getBigUint64(8 * e);
        for (let i = 0n; i < 64n; i++) if ((y >> i) & 1n) r ^= x << i;
      }
      dT.setBigUint64(0, BigInt.asUintN(64, r >> 64n)); dT.setBigUint64(8, BigInt.asUintN(64, r));
    } else {
      for (let e = 0; e < n / 2; e++) {
        let r = 0n;
        for (let h = 0; h < 2; h++) {
          const x = BigInt(el(dA, size, 2 * e + h, false)), y = el(dB, size, 2 * e + h, false);
          for (let i = 0; i < bits; i++) if ((y >>> i) & 1) r ^= x << BigInt(i);
        }
        if (size === 4) dT.setBigUint64(8 * e, BigInt.asUintN(64, r));
        else setEl(dT, 2 * size, e, Number(r));
      }
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

// ---------------------------------------------------------------- AES

const SBOX = new Uint8Array(256), INV_SBOX = new Uint8Array(256);
{
  // The AES S-box from its definition: multiplicative inverse in GF(2^8), then the affine map.
  let p = 1, q = 1;
  do {
    p = p ^ ((p << 1) & 0xff) ^ (p & 0x80 ? 0x1b : 0);
    q ^= q << 1; q ^= q << 2; q ^= q << 4; q &= 0xff; if (q & 0x80) q ^= 0x09;
    const x = q ^ rotl8(q, 1) ^ rotl8(q, 2) ^ rotl8(q, 3) ^ rotl8(q, 4) ^ 0x63;
    SBOX[p] = x;
  } while (p !== 1);
  SBOX[0] = 0x63;
  for (let i = 0; i < 256; i++) INV_SBOX[SBOX[i]] = i;
}
function rotl8(x: number, s: number): number { return ((x << s) | (x >>> (8 - s))) & 0xff; }
function xt(x: number): number { return ((x << 1) ^ (x & 0x80 ? 0x1b : 0)) & 0xff; }
function gmul(x: number, y: number): number {
  let r = 0;
  while (y) { if (y & 1) r ^= x; x = xt(x); y >>>= 1; }
  return r;
}

export const enum Aes { CIPHER, CIPHERLAST, NCIPHER, NCIPHERLAST, SBOX }

/** The state is the 16 bytes in ISA order, column-major (byte 4c + r is row r of column c). */
export function aes(k: Aes, t: number, a: number, b: number): Op {
  const s = new Uint8Array(16), m = new Uint8Array(16);
  return (c) => {
    load3(c, a, b, -1);
    if (k === Aes.SBOX) {
      for (let j = 0; j < 16; j++) bT[j] = SBOX[bA[j]];
      putVsr(c, t, dT);
      return ST_NEXT;
    }
    const inv = k === Aes.NCIPHER || k === Aes.NCIPHERLAST;
    // SubBytes + ShiftRows (or their inverses).
    for (let col = 0; col < 4; col++) {
      for (let r = 0; r < 4; r++) {
        const from = inv ? ((col - r + 4) & 3) : ((col + r) & 3);
        s[4 * col + r] = (inv ? INV_SBOX : SBOX)[bA[4 * from + r]];
      }
    }
    if (k === Aes.CIPHER) {
      for (let col = 0; col < 4; col++) {
        const [x0, x1, x2, x3] = [s[4 * col], s[4 * col + 1], s[4 * col + 2], s[4 * col + 3]];
        m[4 * col] = xt(x0) ^ xt(x1) ^ x1 ^ x2 ^ x3;
        m[4 * col + 1] = x0 ^ xt(x1) ^ xt(x2) ^ x2 ^ x3;
        m[4 * col + 2] = x0 ^ x1 ^ xt(x2) ^ xt(x3) ^ x3;
        m[4 * col + 3] = xt(x0) ^ x0 ^ x1 ^ x2 ^ xt(x3);
      }
      for (let j = 0; j < 16; j++) bT[j] = m[j] ^ bB[j];
    } else if (k === Aes.NCIPHER) {
      // vncipher: AddRoundKey before InvMixColumns.
      for (let j = 0; j < 16; j++) s[j] ^= bB[j];
      for (let col = 0; col < 4; col++) {
        const [x0, x1, x2, x3] = [s[4 * col], s[4 * col + 1], s[4 * col + 2], s[4 * col + 3]];
        bT[4 * col] = gmul(x0, 14) ^ gmul(x1, 11) ^ gmul(x2, 13) ^ gmul(x3, 9);
        bT[4 * col + 1] = gmul(x0, 9) ^ gmul(x1, 14) ^ gmul(x2, 11) ^ gmul(x3, 13);
        bT[4 * col + 2] = gmul(x0, 13) ^ gmul(x1, 9) ^ gmul(x2, 14) ^ gmul(x3, 11);
        bT[4 * col + 3] = gmul(x0, 11) ^ gmul(x1, 13) ^ gmul(x2, 9) ^ gmul(x3, 14);
      }
    } else for (let j = 0; j < 16; j++) bT[j] = s[j] ^ bB[j];
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** vshasigmaw / vshasigmad: SHA-256/512 sigma functions selected by ST and SIX. */
export function shaSigma(dword: boolean, t: number, a: number, st: number, six: number): Op {
  const r32 = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  const r64 = (x: bigint, n: bigint) => BigInt.asUintN(64, (x >> n) | (x << (64n - n)));
  return (c) => {
    getVsr(c, a, dA);
    if (!dword) {
      for (let i = 0; i < 4; i++) {
        const x = dA.getUint32(4 * i), bit = (six >>> (3 - i)) & 1;
        let r: number;
        if (st === 0) r = bit === 0 ? r32(x, 7) ^ r32(x, 18) ^ (x >>> 3) : r32(x, 17) ^ r32(x, 19) ^ (x >>> 10);
        else r = bit === 0 ? r32(x, 2) ^ r32(x, 13) ^ r32(x, 22) : r32(x, 6) ^ r32(x, 11) ^ r32(x, 25);
        dT.setInt32(4 * i, r | 0);
      }
    } else {
      for (let i = 0; i < 2; i++) {
        const x = dA.getBigUint64(8 * i), bit = (six >>> (3 - 2 * i)) & 1;
        let r: bigint;
        if (st === 0) r = bit === 0 ? r64(x, 1n) ^ r64(x, 8n) ^ (x >> 7n) : r64(x, 19n) ^ r64(x, 61n) ^ (x >> 6n);
        else r = bit === 0 ? r64(x, 28n) ^ r64(x, 34n) ^ r64(x, 39n) : r64(x, 14n) ^ r64(x, 18n) ^ r64(x, 41n);
        dT.setBigUint64(8 * i, r);
      }
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

// ---------------------------------------------------------------- byte moves

/** xxperm / xxpermr: bytes of A:T selected by B (the target is also a source). */
export function xxperm(right: boolean, t: number, a: number, b: number): Op {
  return (c) => {
    getVsr(c, a, dA); getVsr(c, t, dC); getVsr(c, b, dB);
    for (let j = 0; j < 16; j++) {
      let x = bB[j] & 31;
      if (right) x = 31 - x;
      bT[j] = x < 16 ? bA[x] : bC[x - 16];
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** xxextractuw / vextractu[bhw] / vextractd: bytes at offset uim to doubleword 0, right-justified. */
export function extract(size: number, t: number, b: number, uim: number): Op {
  return (c) => {
    getVsr(c, b, dB);
    for (let j = 0; j < 16; j++) bT[j] = 0;
    for (let j = 0; j < size; j++) bT[8 - size + j] = uim + j < 16 ? bB[uim + j] : 0;
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** xxinsertw / vinsert[bhwd]: the element right-justified in doubleword 0 of B into T at uim. */
export function insert(size: number, t: number, b: number, uim: number): Op {
  return (c) => {
    getVsr(c, b, dB); getVsr(c, t, dT);
    for (let j = 0; j < size; j++) if (uim + j < 16) bT[uim + j] = bB[8 - size + j];
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}

/** vrlwmi / vrlwnm / vrldmi / vrldnm: rotate by B's element, mask from B's MB/ME fields. */
export function rlmask(dword: boolean, insertMode: boolean, t: number, a: number, b: number): Op {
  return (c) => {
    getVsr(c, a, dA); getVsr(c, b, dB); getVsr(c, t, dC);
    const n = dword ? 2 : 4, bits = dword ? 64 : 32;
    for (let e = 0; e < n; e++) {
      const sz = dword ? 8 : 4;
      const ctl = dword ? Number(dB.getBigUint64(8 * e) & 0xffffffn) : dB.getUint32(4 * e);
      const sh = ctl & (bits - 1), me = (ctl >>> 8) & (bits - 1), mb = (ctl >>> 16) & (bits - 1);
      let mask = 0n;
      const B = BigInt(bits);
      for (let i = 0; i < bits; i++) {
        const inMask = mb <= me ? i >= mb && i <= me : i >= mb || i <= me;
        if (inMask) mask |= 1n << (B - 1n - BigInt(i));
      }
      const x = dword ? dA.getBigUint64(8 * e) : BigInt(dA.getUint32(4 * e));
      const s = BigInt(sh);
      const rot = sh === 0 ? x : BigInt.asUintN(bits, (x << s) | (x >> (B - s)));
      let r = rot & mask;
      if (insertMode) r |= (dword ? dC.getBigUint64(8 * e) : BigInt(dC.getUint32(4 * e))) & ~mask & ((1n << B) - 1n);
      if (dword) dT.setBigUint64(8 * e, r); else dT.setUint32(sz * e, Number(r));
    }
    putVsr(c, t, dT);
    return ST_NEXT;
  };
}
