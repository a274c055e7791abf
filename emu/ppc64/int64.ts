// 64-bit multiply, divide and bit-count helpers on 32-bit halves (no BigInt on the hot path).
// Results come back through the shared `out` array (no allocation per call): the caller
// reads them immediately.

/** out[0..3]: low/high words of a 64-bit result, or 4 words of a 128-bit one (low first). */
export const out = new Int32Array(4);

const TWO32 = 4294967296;

/** High 32 bits of the unsigned 64-bit product of two uint32 values. */
export function mulhu32(a: number, b: number): number {
  // Schoolbook on 16-bit limbs: every partial product is below 2^32 and every sum below 2^34,
  // so all of it stays in integer arithmetic (a double divide, floor and % were 3x slower).
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const p01 = a0 * b1, p10 = a1 * b0;
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) >>> 0;
}

/** Low 64 bits of a 64x64 product (same for signed and unsigned): out[0], out[1]. */
export function mul64(al: number, ah: number, bl: number, bh: number): void {
  out[0] = Math.imul(al, bl);
  out[1] = (mulhu32(al, bl) + Math.imul(ah, bl) + Math.imul(al, bh)) | 0;
}

/** Full unsigned 128-bit product into out[0..3]. */
export function mulu128(al: number, ah: number, bl: number, bh: number): void {
  al >>>= 0; ah >>>= 0; bl >>>= 0; bh >>>= 0;
  const p0l = Math.imul(al, bl) >>> 0, p0h = mulhu32(al, bl);
  const p1l = Math.imul(al, bh) >>> 0, p1h = mulhu32(al, bh);
  const p2l = Math.imul(ah, bl) >>> 0, p2h = mulhu32(ah, bl);
  const p3l = Math.imul(ah, bh) >>> 0, p3h = mulhu32(ah, bh);
  const t1 = p0h + p1l + p2l;
  const c1 = Math.floor(t1 / TWO32);
  const t2 = p1h + p2h + p3l + c1;
  const c2 = Math.floor(t2 / TWO32);
  out[0] = p0l;
  out[1] = t1 % TWO32;
  out[2] = t2 % TWO32;
  out[3] = p3h + c2;
}

/** Full signed 128-bit product into out[0..3]. */
export function muls128(al: number, ah: number, bl: number, bh: number): void {
  mulu128(al, ah, bl, bh);
  // (a as signed) * (b as signed) = a*b - 2^64 * (a<0 ? b : 0) - 2^64 * (b<0 ? a : 0), mod 2^128.
  let hl = out[2] >>> 0, hh = out[3] >>> 0;
  if (ah < 0) {
    const l = hl - (bl >>> 0);
    hh = hh - (bh >>> 0) - (l < 0 ? 1 : 0);
    hl = l < 0 ? l + TWO32 : l;
  }
  if (bh < 0) {
    const l = hl - (al >>> 0);
    hh = hh - (ah >>> 0) - (l < 0 ? 1 : 0);
    hl = l < 0 ? l + TWO32 : l;
  }
  out[2] = hl;
  out[3] = hh;
}

/**
 * Unsigned 64-bit division n / d (d != 0): quotient in out[0], out[1], remainder in
 * out[2], out[3].
 */
export function udiv64(nl: number, nh: number, dl: number, dh: number): void {
  nl >>>= 0; nh >>>= 0; dl >>>= 0; dh >>>= 0;
  if (nh === 0 && dh === 0) {
    const q = Math.floor(nl / dl);
    out[0] = q; out[1] = 0; out[2] = nl - q * dl; out[3] = 0;
    return;
  }
  if (nh < 0x100000) {
    // Both below 2^52: a double quotient is off by at most one, and q*d stays exact.
    const n = nh * TWO32 + nl, d = dh * TWO32 + dl;
    let q = Math.floor(n / d);
    let r = n - q * d;
    if (r < 0) { q--; r += d; } else if (r >= d) { q++; r -= d; }
    out[0] = q % TWO32; out[1] = Math.floor(q / TWO32);
    out[2] = r % TWO32; out[3] = Math.floor(r / TWO32);
    return;
  }
  // Shift-subtract: the 128-by-64 division with a zero high half.
  udiv128by64(0, 0, nh, nl, dl, dh);
}

/** Signed 64-bit division (d != 0, not INT64_MIN / -1): truncating quotient and remainder. */
export function sdiv64(nl: number, nh: number, dl: number, dh: number): void {
  const nneg = nh < 0, dneg = dh < 0;
  if (nneg) { nl = -nl | 0; nh = (~nh + (nl === 0 ? 1 : 0)) | 0; }
  if (dneg) { dl = -dl | 0; dh = (~dh + (dl === 0 ? 1 : 0)) | 0; }
  udiv64(nl, nh, dl, dh);
  if (nneg !== dneg) { const l = -out[0] | 0; out[1] = (~out[1] + (l === 0 ? 1 : 0)) | 0; out[0] = l; }
  if (nneg) { const l = -out[2] | 0; out[3] = (~out[3] + (l === 0 ? 1 : 0)) | 0; out[2] = l; }
}

/**
 * Unsigned 128-by-64 division (n3:n2:n1:n0) / d where the quotient must fit in 64 bits (the
 * caller checks n3:n2 < d): quotient into out[0], out[1], remainder into out[2], out[3]. Used
 * by divdeu (n1:n0 = 0) and by udiv64 (n3:n2 = 0).
 */
export function udiv128by64(n3: number, n2: number, n1: number, n0: number, dl: number, dh: number): void {
  n3 >>>= 0; n2 >>>= 0; n1 >>>= 0; n0 >>>= 0; dl >>>= 0; dh >>>= 0;
  // Remainder starts as the high 64 bits (already < d); shift in the low 64 bits one at a time.
  let rl = n2, rh = n3, ql = 0, qh = 0;
  for (let i = 63; i >= 0; i--) {
    const top = rh >>> 31;
    rh = ((rh << 1) | (rl >>> 31)) >>> 0;
    rl = ((rl << 1) | ((i >= 32 ? n1 >>> (i - 32) : n0 >>> i) & 1)) >>> 0;
    if (top || rh > dh || (rh === dh && rl >= dl)) {
      const l = rl - dl;
      rh = (rh - dh - (l < 0 ? 1 : 0)) >>> 0;
      rl = l < 0 ? l + TWO32 : l;
      if (i >= 32) qh |= 1 << (i - 32); else ql |= 1 << i;
    }
  }
  out[0] = ql; out[1] = qh; out[2] = rl; out[3] = rh;
}

export function popcnt32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Count trailing zeros of a 32-bit word (32 for 0). */
export function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

/** A 64-bit mask with ISA bits mb..me set (bit 0 = most significant), wrapping when mb > me. */
export function mask64(mb: number, me: number): [number, number] {
  let lo = 0, hi = 0;
  const set = (b: number) => {
    const v = 63 - b;
    if (v >= 32) hi |= 1 << (v - 32); else lo |= 1 << v;
  };
  if (mb <= me) for (let b = mb; b <= me; b++) set(b);
  else {
    for (let b = mb; b <= 63; b++) set(b);
    for (let b = 0; b <= me; b++) set(b);
  }
  return [lo | 0, hi | 0];
}
