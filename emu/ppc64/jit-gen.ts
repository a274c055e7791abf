// JavaScript source templates for the block compiler (jit.ts): one statement block per
// instruction, with register indices and immediates folded in as constants. Only the
// instructions that dominate integer code have templates; everything else is compiled as a
// call to its interpreter closure, so the two tiers share one definition of the semantics
// for those. The unit tests run every snippet through both tiers and compare the results.
//
// Conventions inside a block function: `c` is the Cpu, `g` its GPR Int32Array, `m` the
// Memory; `k` holds the index (within the block) of the instruction that may fault next.

import { mask64 } from './int64.js';
import { LR, CTR, type Op } from './cpu.js';
import { genVec } from './jit-vec.js';
import { genFp } from './jit-fp.js';
import { crFieldMask } from './ops-int.js';
import { rd, wr, eaD, eaX, type Ea, type Probe } from './jit-mem.js';

const TWO64 = 2 ** 64;
const TWO32 = 2 ** 32;


/**
 * The carry out of bit 31 of the int32 sum s = x + y (+ any carry in), as 0 or 1, without a
 * compare: the majority of x's, y's and the carry into bit 31 (which is s ^ x ^ y there).
 * A compare (`(s >>> 0) < (x >>> 0) ? 1 : 0`) is a branch in V8's code, and on data like a
 * hash's it goes either way at random: sha256's round loop ran 2x slower with it.
 */
export const carry32 = (x: string, y: string, s: string) => `(((${x} & ${y}) | ((${x} | ${y}) & ~${s})) >>> 31)`;
/** The borrow out of bit 31 of the int32 difference d = x - y, as 0 or 1 (see carry32). */
export const borrow32 = (x: string, y: string, d: string) => `(((~${x} & ${y}) | (~(${x} ^ ${y}) & ${d})) >>> 31)`;

/** The general add X + Y + carry-in with CA/CA32 (no OE), RT = result, optional CR0. */
function addCarry(T: number, xl: string, xh: string, yl: string, yh: string, cin: string, rc: boolean): string {
  return `{ const xl = ${xl}, xh = ${xh}, yl = ${yl}, yh = ${yh}; const rl = (xl + yl + ${cin}) | 0; ` +
    `const c32 = ${carry32('xl', 'yl', 'rl')}; const rh = (xh + yh + c32) | 0; ` +
    `c.ca = ${carry32('xh', 'yh', 'rh')}; c.ca32 = c32; g[${T}] = rl; g[${T + 1}] = rh;${rc ? ' ' + cr0Src('rl', 'rh') : ''} }`;
}
/**
 * RT = the low 64 bits of X * Y, inline (a call writing H.out and reading it back kept V8 from
 * holding the halves in registers): low word by Math.imul, high word the high half of the low
 * words' product plus the two cross products' low words.
 */
function mul64(T: number, xl: string, xh: string, yl: string, yh: string): string {
  return `{ const xl = ${xl}, xh = ${xh}, yl = ${yl}, yh = ${yh}; ` +
    `const h = (H.mulhu32(xl, yl) + Math.imul(xh, yl) + Math.imul(xl, yh)) | 0; g[${T}] = Math.imul(xl, yl); g[${T + 1}] = h; }`;
}
const cr0Src = (lo: string, hi: string) =>
  `c.cr = (c.cr & 0x0fffffff) | (((${hi} < 0 ? 8 : (${hi} | ${lo}) === 0 ? 2 : 4) | c.so) << 28);`;

/** Source for CR0 from a result held in locals named by lo/hi. */
const cr0 = (lo: string, hi: string) =>
  `c.cr = (c.cr & 0x0fffffff) | (((${hi} < 0 ? 8 : (${hi} | ${lo}) === 0 ? 2 : 4) | c.so) << 28);`;


/**
 * The high word of the signed 64-bit product of int32 locals x and y: the unsigned one, less y
 * when x is negative and x when y is negative (mod 2^32), with masks rather than branches (the
 * signs of a hash's or a generator's operands are random).
 */
const SIGNED_HI = '(H.mulhu32(x, y) - (y & (x >> 31)) - (x & (y >> 31))) | 0';

/**
 * A compare's CR field (8: less, 4: greater, 2: equal) of x and y (already signed or unsigned
 * values), with both compares evaluated every time into the locals q0/q1 (declared by every
 * generated function, jit.ts: CMP_TEMPS): `x < y ? 8 : x > y ? 4 : 2` evaluates the second
 * only when the first is false, and V8 compiles a compare that never ran before the function
 * was optimized (a loop's counter is less until its last pass) as a deoptimization, and the
 * function is compiled again when it runs.
 */
const field32 = (x: string, y: string) => `((q0 = ${x} < ${y}), (q1 = ${x} > ${y}), q0 ? 8 : q1 ? 4 : 2)`;
/** The same for 64-bit values from their high (hx, hy: signed or unsigned) and unsigned low words. */
const field64 = (hx: string, hy: string, lx: string, ly: string) =>
  `((q2 = ${hx} !== ${hy}), (q3 = ${hx} < ${hy}), (q0 = ${lx} < ${ly}), (q1 = ${lx} > ${ly}), q2 ? (q3 ? 8 : 4) : q0 ? 8 : q1 ? 4 : 2)`;

export interface Gen {
  /** Statements for the instruction (for branches: the whole terminator, see `br`). */
  src: string;
  /** May throw a guest fault (the block records k before it). */
  mayFault: boolean;
  /** Ends the block. */
  branch: boolean;
  /** For branches: setup statements, the taken test, and the target expression. */
  br?: { setup: string; test: string; target: string; constTarget: number | null };
  /** A D-form load or store (no update) that a probe shared with its neighbours may serve. */
  acc?: Access;
}

/**
 * A D-form access at RA + d, RA != 0 (`a`: its register-file index), of `size` bytes, a store
 * when `write`; `src` gives its statements with a shared probe's member (jit-mem.ts:
 * sharedProbe) in place of its own probe.
 */
export interface Access { a: number; d: number; size: 1 | 2 | 4 | 8; write: boolean; src: (p: Probe) => string }

function branchGen(setup: string, test: string, target: string, constTarget: number | null): Gen {
  return {
    src: `${setup} if (${test}) { c.npc = ${target}; return 1; } return 0;`,
    mayFault: false, branch: true, br: { setup, test, target, constTarget },
  };
}

const simple = (src: string): Gen => ({ src, mayFault: false, branch: false });

/** Source for instruction word w at address pc (`closure`: its interpreter closure), or null when it has no template. */
export function gen(w: number, pc: number, le: boolean, closure?: Op): Gen | null {
  const op = w >>> 26;
  const T = ((w >>> 21) & 31) * 2, A = ((w >>> 16) & 31) * 2, B = ((w >>> 11) & 31) * 2;
  const ra0 = A === 0;
  const si = (w << 16) >> 16, ui = w & 0xffff;
  const rc = (w & 1) === 1;
  switch (op) {
    case 14: case 15: { // addi, addis
      const v = op === 14 ? si : si << 16;
      if (ra0) return simple(`g[${T}] = ${v | 0}; g[${T + 1}] = ${v < 0 ? -1 : 0};`);
      // The carry (v >= 0) or borrow (v < 0, sign-extended) into the high word as masks (see
      // carry32): RA is data as often as an address (a generator's `x * a + c`), and a compare
      // there is a branch that goes either way at random.
      const hi = v >= 0 ? `(ah + ((al & ~l) >>> 31)) | 0` : `(ah - ((~al & l) >>> 31)) | 0`;
      return simple(`{ const al = g[${A}], ah = g[${A + 1}], l = (al + ${v | 0}) | 0; g[${T}] = l; g[${T + 1}] = ${hi}; }`);
    }
    case 24: // ori (nop when 0,0,0)
      if (ui === 0 && T === A) return simple('');
      return simple(`g[${A}] = g[${T}] | ${ui}; g[${A + 1}] = g[${T + 1}];`);
    case 25: return simple(`g[${A}] = g[${T}] | ${ui << 16}; g[${A + 1}] = g[${T + 1}];`);
    case 26: return simple(`g[${A}] = g[${T}] ^ ${ui}; g[${A + 1}] = g[${T + 1}];`);
    case 27: return simple(`g[${A}] = g[${T}] ^ ${ui << 16}; g[${A + 1}] = g[${T + 1}];`);
    case 28: return simple(`{ const l = g[${T}] & ${ui}; g[${A}] = l; g[${A + 1}] = 0; ${cr0('l', '0')} }`);
    case 29: return simple(`{ const l = g[${T}] & ${ui << 16}; g[${A}] = l; g[${A + 1}] = 0; ${cr0('l', '0')} }`);
    case 10: case 11: { // cmpli, cmpi
      if (w & 0x00400000) return null;
      const bf = (w >>> 23) & 7, l64 = (w & 0x00200000) !== 0;
      const sh = (7 - bf) * 4;
      const signed = op === 11;
      const il = signed ? si : ui, ih = signed && si < 0 ? -1 : 0;
      const v = l64
        ? field64(signed ? `g[${A + 1}]` : `(g[${A + 1}] >>> 0)`, `${ih}`, `(g[${A}] >>> 0)`, `${il >>> 0}`)
        : signed ? field32(`g[${A}]`, `${il}`) : field32(`(g[${A}] >>> 0)`, `${il}`);
      return simple(`c.cr = (c.cr & ${~(15 << sh)}) | ((${v} | c.so) << ${sh});`);
    }
    case 21: { // rlwinm
      const sh = B / 2, mb = (w >>> 6) & 31, me = (w >>> 1) & 31;
      const [ml, mh] = mask64(mb + 32, me + 32);
      const rot = sh === 0 ? `g[${T}]` : `((g[${T}] << ${sh}) | (g[${T}] >>> ${32 - sh}))`;
      const s = mh === 0
        ? `{ const l = ${rot} & ${ml}; g[${A}] = l; g[${A + 1}] = 0;${rc ? ' ' + cr0('l', '0') : ''} }`
        : `{ const r = ${rot}; const l = r & ${ml}, h = r & ${mh}; g[${A}] = l; g[${A + 1}] = h;${rc ? ' ' + cr0('l', 'h') : ''} }`;
      return simple(s);
    }
    case 30: return genRld(w, rc);
    case 31: return gen31(w, rc, le) ?? genVec(w, le);
    case 4: case 60: case 61: case 50: case 51: case 54: case 55: return genVec(w, le, closure);
    case 63: return genFp(w);
    case 58: { // ld, ldu, lwa
      const ds = (w & 0xfffc) << 16 >> 16, xo = w & 3;
      const ea = eaD(A, ds);
      if (xo === 0) return load(A, ds, 8, ea, le, `g[${T}] = vl; g[${T + 1}] = vh;`);
      if (xo === 1 && !ra0 && A !== T) return mem(`${rd(8, ea, le)}${upd(A)} g[${T}] = vl; g[${T + 1}] = vh;`);
      if (xo === 2) return load(A, ds, 4, ea, le, `g[${T}] = v; g[${T + 1}] = v >> 31;`);
      return null;
    }
    case 62: { // std, stdu
      const ds = (w & 0xfffc) << 16 >> 16, xo = w & 3;
      const ea = eaD(A, ds);
      if (xo === 0) return store(A, ds, 8, ea, le, `g[${T}]`, `g[${T + 1}]`);
      if (xo === 1 && !ra0) return mem(`${wr(8, ea, le, `g[${T}]`, `g[${T + 1}]`)}${upd(A)}`);
      return null;
    }
    case 32: case 33: case 34: case 35: case 40: case 41: case 42: case 43: { // lwz lbz lhz lha (+u)
      const update = (op & 1) === 1;
      if (update && (ra0 || A === T)) return null;
      const ea = eaD(A, si);
      const size = op <= 33 ? 4 : op <= 35 ? 1 : 2;
      const val = op >= 42 ? '(v << 16) >> 16' : 'v';
      const hi = op >= 42 ? `${val} >> 31` : '0';
      if (!update) return load(A, si, size, ea, le, `g[${T}] = ${val}; g[${T + 1}] = ${hi};`);
      return mem(`${rd(size, ea, le)}${upd(A)} g[${T}] = ${val}; g[${T + 1}] = ${hi};`);
    }
    case 36: case 37: case 38: case 39: case 44: case 45: { // stw stb sth (+u)
      const update = (op & 1) === 1;
      if (update && ra0) return null;
      const ea = eaD(A, si);
      const size = op <= 37 ? 4 : op <= 39 ? 1 : 2;
      const val = size === 4 ? `g[${T}]` : size === 1 ? `g[${T}] & 255` : `g[${T}] & 0xffff`;
      if (!update) return store(A, si, size, ea, le, val);
      return mem(`${wr(size, ea, le, val)}${upd(A)}`);
    }
    case 7: // mulli
      return simple(mul64(T, `g[${A}]`, `g[${A + 1}]`, `${si}`, `${si < 0 ? -1 : 0}`));
    case 12: case 13: // addic, addic.
      return simple(addCarry(T, `g[${A}]`, `g[${A + 1}]`, `${si}`, `${si < 0 ? -1 : 0}`, '0', op === 13));
    case 8: // subfic
      return simple(addCarry(T, `~g[${A}]`, `~g[${A + 1}]`, `${si}`, `${si < 0 ? -1 : 0}`, '1', false));
    case 18: { // b, bl
      const li = ((w & 0x03fffffc) << 6) >> 6;
      const target = (w & 2) ? (li < 0 ? li + TWO64 : li) : pc + li;
      const link = (w & 1) ? setLr(pc + 4) : '';
      return branchGen(link, 'true', String(target), target);
    }
    case 16: { // bc
      const bd = ((w & 0xfffc) << 16) >> 16;
      const target = (w & 2) ? (bd < 0 ? bd + TWO64 : bd) : pc + bd;
      const bo = (w >>> 21) & 31, bi = (w >>> 16) & 31;
      const cond = bcCond(bo, bi);
      const link = (w & 1) ? setLr(pc + 4) : '';
      return branchGen(`${link} ${cond.pre}`, cond.test, String(target), target);
    }
    case 19: {
      if (((w >>> 1) & 31) === 2) {
        // addpcis (lnia: the PPC64 vDSO finds its vvar page with it): a constant, as decode's.
        const d0 = (w >>> 6) & 0x3ff, d1 = (w >>> 16) & 31;
        let d = (d0 << 6) | (d1 << 1) | (w & 1);
        if (d & 0x8000) d -= 0x10000;
        const v = pc + 4 + d * 65536;
        const lo = (((v % TWO32) + TWO32) % TWO32) | 0, hi = Math.floor(v / TWO32) | 0;
        return simple(`g[${T}] = ${lo}; g[${T + 1}] = ${hi};`);
      }
      const xo = (w >>> 1) & 0x3ff;
      const bo = (w >>> 21) & 31, bi = (w >>> 16) & 31;
      if (xo === 16 || (xo === 528 && (bo & 4))) {
        const src = xo === 16 ? LR : CTR;
        const cond = bcCond(bo, bi);
        const link = (w & 1) ? setLr(pc + 4) : '';
        return branchGen(`const tgt = g[${src + 1}] * 4294967296 + ((g[${src}] & -4) >>> 0); ${link} ${cond.pre}`, cond.test, 'tgt', null);
      }
      if (xo === 150) return simple(''); // isync
      return null;
    }
  }
  return null;
}

/** Update forms: the access succeeded; write the EA back to RA. */
function upd(a: number): string {
  // The address halves el/eh (jit-mem.ts: Ea) are the new RA as they stand.
  return ` g[${a}] = el; g[${a + 1}] = eh;`;
}

/** A memory access statement block (may fault). */
function mem(body: string): Gen {
  return { src: `{ ${body} }`, mayFault: true, branch: false };
}

/** A D-form load of `size` bytes at RA + d (ea), then `then` (which reads v, or vl/vh). */
function load(a: number, d: number, size: 1 | 2 | 4 | 8, ea: Ea, le: boolean, then: string): Gen {
  const g = mem(`${rd(size, ea, le)} ${then}`);
  if (a !== 0) g.acc = { a, d, size, write: false, src: (p) => `{ ${rd(size, p, le)} ${then} }` };
  return g;
}

/** A D-form store of `size` bytes (values lo, hi) at RA + d (ea). */
function store(a: number, d: number, size: 1 | 2 | 4 | 8, ea: Ea, le: boolean, lo: string, hi?: string): Gen {
  const g = mem(wr(size, ea, le, lo, hi));
  if (a !== 0) g.acc = { a, d, size, write: true, src: (p) => `{ ${wr(size, p, le, lo, hi)} }` };
  return g;
}

function setLr(ret: number): string {
  return `g[${LR}] = ${(ret % 4294967296) | 0}; g[${LR + 1}] = ${Math.floor(ret / 4294967296) | 0};`;
}

/** The bc condition: statements to run first (CTR decrement) and the test expression. */
function bcCond(bo: number, bi: number): { pre: string; test: string } {
  const useCr = (bo & 16) === 0, useCtr = (bo & 4) === 0;
  const m = 1 << (31 - bi);
  const crTest = (bo & 8) ? `(c.cr & ${m}) !== 0` : `(c.cr & ${m}) === 0`;
  const pre = useCtr ? `{ const l = g[${CTR}]; g[${CTR}] = l - 1; if (l === 0) g[${CTR + 1}] = g[${CTR + 1}] - 1; }` : '';
  const ctrTest = (bo & 2) ? `(g[${CTR}] | g[${CTR + 1}]) === 0` : `(g[${CTR}] | g[${CTR + 1}]) !== 0`;
  if (useCr && useCtr) return { pre, test: `${ctrTest} && ${crTest}` };
  if (useCr) return { pre, test: crTest };
  if (useCtr) return { pre, test: ctrTest };
  return { pre, test: 'true' };
}

/** Rotate (lo, hi) locals l, h left by a constant n (0..63) into locals rl, rh. */
function rot64(n: number): string {
  if (n === 0) return 'const rl = l, rh = h;';
  if (n === 32) return 'const rl = h, rh = l;';
  if (n < 32) return `const rl = (l << ${n}) | (h >>> ${32 - n}), rh = (h << ${n}) | (l >>> ${32 - n});`;
  const k = n - 32;
  return `const rl = (h << ${k}) | (l >>> ${32 - k}), rh = (l << ${k}) | (h >>> ${32 - k});`;
}

function genRld(w: number, rc: boolean): Gen | null {
  const S = ((w >>> 21) & 31) * 2, A = ((w >>> 16) & 31) * 2;
  const sh = ((w >>> 11) & 31) | (((w >>> 1) & 1) << 5);
  const mraw = (w >>> 5) & 63;
  const mbe = ((mraw & 1) << 5) | (mraw >>> 1);
  const xo = (w >>> 2) & 7;
  let mb: number, me: number, insert = false;
  switch (xo) {
    case 0: mb = mbe; me = 63; break;           // rldicl
    case 1: mb = 0; me = mbe; break;            // rldicr
    case 2: mb = mbe; me = 63 - sh; break;      // rldic
    case 3: mb = mbe; me = 63 - sh; insert = true; break; // rldimi
    default: return null;
  }
  const [ml, mh] = mask64(mb, me);
  const tail = rc ? ' ' + cr0('ol', 'oh') : '';
  if (insert) {
    return simple(`{ const l = g[${S}], h = g[${S + 1}]; ${rot64(sh)} const ol = (rl & ${ml}) | (g[${A}] & ${~ml}), oh = (rh & ${mh}) | (g[${A + 1}] & ${~mh}); g[${A}] = ol; g[${A + 1}] = oh;${tail} }`);
  }
  return simple(`{ const l = g[${S}], h = g[${S + 1}]; ${rot64(sh)} const ol = rl & ${ml}, oh = rh & ${mh}; g[${A}] = ol; g[${A + 1}] = oh;${tail} }`);
}

function gen31(w: number, rc: boolean, le: boolean): Gen | null {
  const T = ((w >>> 21) & 31) * 2, A = ((w >>> 16) & 31) * 2, B = ((w >>> 11) & 31) * 2;
  const ra0 = A === 0;
  const xo = (w >>> 1) & 0x3ff;
  const oe = (w & 0x400) !== 0;
  const rcTail = (r: number) => rc ? ` ${cr0(`g[${r}]`, `g[${r + 1}]`)}` : '';
  // Logical: RS in the T position, RA is the destination.
  const logic = (lo: string, hi: string) =>
    simple(`{ const sl = g[${T}], sh = g[${T + 1}], bl = g[${B}], bh = g[${B + 1}]; g[${A}] = ${lo}; g[${A + 1}] = ${hi};${rcTail(A)} }`);
  switch (xo) {
    case 28: return logic('sl & bl', 'sh & bh');
    case 60: return logic('sl & ~bl', 'sh & ~bh');
    case 444: return logic('sl | bl', 'sh | bh');
    case 412: return logic('sl | ~bl', 'sh | ~bh');
    case 316: return logic('sl ^ bl', 'sh ^ bh');
    case 476: return logic('~(sl & bl)', '~(sh & bh)');
    case 124: return logic('~(sl | bl)', '~(sh | bh)');
    case 284: return logic('~(sl ^ bl)', '~(sh ^ bh)');
    case 954: return simple(`{ const v = (g[${T}] << 24) >> 24; g[${A}] = v; g[${A + 1}] = v >> 31;${rcTail(A)} }`);
    case 922: return simple(`{ const v = (g[${T}] << 16) >> 16; g[${A}] = v; g[${A + 1}] = v >> 31;${rcTail(A)} }`);
    case 986: return simple(`{ const v = g[${T}]; g[${A}] = v; g[${A + 1}] = v >> 31;${rcTail(A)} }`);
    case 26: return simple(`g[${A}] = Math.clz32(g[${T}]); g[${A + 1}] = 0;${rcTail(A)}`);
    case 58: return simple(`{ const h = g[${T + 1}]; g[${A}] = h !== 0 ? Math.clz32(h) : 32 + Math.clz32(g[${T}]); g[${A + 1}] = 0;${rcTail(A)} }`);
    case 0: case 32: { // cmp, cmpl
      if (w & 0x00400000) return null;
      const bf = (w >>> 23) & 7, l64 = (w & 0x00200000) !== 0, signed = xo === 0;
      const sh = (7 - bf) * 4;
      let v: string;
      if (l64) {
        const hx = signed ? `g[${A + 1}]` : `(g[${A + 1}] >>> 0)`, hy = signed ? `g[${B + 1}]` : `(g[${B + 1}] >>> 0)`;
        v = field64(hx, hy, `(g[${A}] >>> 0)`, `(g[${B}] >>> 0)`);
      } else {
        v = signed ? field32(`g[${A}]`, `g[${B}]`) : field32(`(g[${A}] >>> 0)`, `(g[${B}] >>> 0)`);
      }
      return simple(`c.cr = (c.cr & ${~(15 << sh)}) | ((${v} | c.so) << ${sh});`);
    }
    case 24: // slw
      return simple(`{ const n = g[${B}] & 63; g[${A}] = n < 32 ? g[${T}] << n : 0; g[${A + 1}] = 0;${rcTail(A)} }`);
    case 536: // srw
      return simple(`{ const n = g[${B}] & 63; g[${A}] = n < 32 ? g[${T}] >>> n : 0; g[${A + 1}] = 0;${rcTail(A)} }`);
    case 27: // sld
      return simple(`{ const n = g[${B}] & 127, l = g[${T}], h = g[${T + 1}]; let ol = 0, oh = 0;
        if (n === 0) { ol = l; oh = h; } else if (n < 32) { oh = (h << n) | (l >>> (32 - n)); ol = l << n; } else if (n < 64) { oh = l << (n - 32); }
        g[${A}] = ol; g[${A + 1}] = oh;${rcTail(A)} }`);
    case 539: // srd
      return simple(`{ const n = g[${B}] & 127, l = g[${T}], h = g[${T + 1}]; let ol = 0, oh = 0;
        if (n === 0) { ol = l; oh = h; } else if (n < 32) { ol = (l >>> n) | (h << (32 - n)); oh = h >>> n; } else if (n < 64) { ol = h >>> (n - 32); }
        g[${A}] = ol; g[${A + 1}] = oh;${rcTail(A)} }`);
    case 824: { // srawi
      const n = B / 2;
      const lost = n === 0 ? 'false' : `(x & ${(1 << n) - 1}) !== 0`;
      return simple(`{ const x = g[${T}]; const r = x >> ${n}; c.ca = c.ca32 = x < 0 && ${lost} ? 1 : 0; g[${A}] = r; g[${A + 1}] = r >> 31;${rcTail(A)} }`);
    }
    case 339: { // mfspr
      const spr = ((w >>> 16) & 31) | (((w >>> 11) & 31) << 5);
      if (spr === 8) return simple(`g[${T}] = g[${LR}]; g[${T + 1}] = g[${LR + 1}];`);
      if (spr === 9) return simple(`g[${T}] = g[${CTR}]; g[${T + 1}] = g[${CTR + 1}];`);
      return null;
    }
    case 467: { // mtspr
      const spr = ((w >>> 16) & 31) | (((w >>> 11) & 31) << 5);
      if (spr === 8) return simple(`g[${LR}] = g[${T}]; g[${LR + 1}] = g[${T + 1}];`);
      if (spr === 9) return simple(`g[${CTR}] = g[${T}]; g[${CTR + 1}] = g[${T + 1}];`);
      return null;
    }
    case 19: { // mfcr; mfocrf: the one selected field (not exactly one: RT unchanged, as ops-int.ts)
      if (!(w & 0x00100000)) return simple(`g[${T}] = c.cr; g[${T + 1}] = 0;`);
      const fxm = (w >>> 12) & 0xff;
      if (fxm === 0 || (fxm & (fxm - 1)) !== 0) return simple('');
      return simple(`g[${T}] = c.cr & ${crFieldMask(fxm)}; g[${T + 1}] = 0;`);
    }
    case 144: { // mtcrf, mtocrf (memcpy and friends save and test CR fields with them)
      const m = crFieldMask((w >>> 12) & 0xff);
      return simple(`c.cr = (c.cr & ${~m}) | (g[${T}] & ${m});`);
    }
    case 598: case 854: case 278: case 246: case 86: case 54: case 982:
      return simple(''); // sync, eieio, dcbt, dcbtst, dcbf, dcbst, icbi
  }
  if ((xo & 31) === 15) { // isel
    const m = 1 << (31 - ((w >>> 6) & 31));
    const a = ra0 ? '0' : `g[${A}]`, ah = ra0 ? '0' : `g[${A + 1}]`;
    return simple(`if ((c.cr & ${m}) !== 0) { const l = ${a}, h = ${ah}; g[${T}] = l; g[${T + 1}] = h; } else { const l = g[${B}], h = g[${B + 1}]; g[${T}] = l; g[${T + 1}] = h; }`);
  }
  const xs = (w >>> 2) & 0x1ff;
  if (xs === 413) { // sradi
    const n = (B / 2) | ((w & 2) << 4);
    let body: string;
    if (n === 0) body = 'const rl = l, rh = h; const lost = false;';
    else if (n < 32) body = `const rl = (l >>> ${n}) | (h << ${32 - n}), rh = h >> ${n}; const lost = (l & ${((1 << n) - 1) | 0}) !== 0;`;
    else {
      const k = n - 32;
      body = `const rl = h >> ${k}, rh = h >> 31; const lost = l !== 0${k !== 0 ? ` || (h & ${((1 << k) - 1) | 0}) !== 0` : ''};`;
    }
    return simple(`{ const l = g[${T}], h = g[${T + 1}]; ${body} c.ca = c.ca32 = h < 0 && lost ? 1 : 0; g[${A}] = rl; g[${A + 1}] = rh;${rcTail(A)} }`);
  }
  // Indexed loads and stores.
  const ea = eaX(A, B);
  switch (xo) {
    case 21: return mem(`${rd(8, ea, le)} g[${T}] = vl; g[${T + 1}] = vh;`);                  // ldx
    case 23: return mem(`${rd(4, ea, le)} g[${T}] = v; g[${T + 1}] = 0;`);                    // lwzx
    case 87: return mem(`${rd(1, ea, le)} g[${T}] = v; g[${T + 1}] = 0;`);                    // lbzx
    case 279: return mem(`${rd(2, ea, le)} g[${T}] = v; g[${T + 1}] = 0;`);                   // lhzx
    case 341: return mem(`${rd(4, ea, le)} g[${T}] = v; g[${T + 1}] = v >> 31;`);             // lwax
    case 149: return mem(wr(8, ea, le, `g[${T}]`, `g[${T + 1}]`));                            // stdx
    case 151: return mem(wr(4, ea, le, `g[${T}]`));                                           // stwx
    case 215: return mem(wr(1, ea, le, `g[${T}] & 255`));                                     // stbx
    case 407: return mem(wr(2, ea, le, `g[${T}] & 0xffff`));                                  // sthx
  }
  // XO-form arithmetic without OE.
  if (oe) return null;
  switch ((w >>> 1) & 0x1ff) {
    case 266: // add
      return simple(`{ const al = g[${A}], bl = g[${B}], l = (al + bl) | 0; g[${T + 1}] = (g[${A + 1}] + g[${B + 1}] + ${carry32('al', 'bl', 'l')}) | 0; g[${T}] = l;${rcTail(T)} }`);
    case 40: // subf
      return simple(`{ const al = g[${A}], bl = g[${B}], l = (bl - al) | 0; g[${T + 1}] = (g[${B + 1}] - g[${A + 1}] - ${borrow32('bl', 'al', 'l')}) | 0; g[${T}] = l;${rcTail(T)} }`);
    case 104: // neg
      return simple(`{ const al = g[${A}]; g[${T + 1}] = (-g[${A + 1}] - (al !== 0 ? 1 : 0)) | 0; g[${T}] = -al | 0;${rcTail(T)} }`);
    case 233: // mulld
      return simple(`${mul64(T, `g[${A}]`, `g[${A + 1}]`, `g[${B}]`, `g[${B + 1}]`)}${rcTail(T)}`);
    case 10: return simple(addCarry(T, `g[${A}]`, `g[${A + 1}]`, `g[${B}]`, `g[${B + 1}]`, '0', rc));        // addc
    case 138: return simple(addCarry(T, `g[${A}]`, `g[${A + 1}]`, `g[${B}]`, `g[${B + 1}]`, 'c.ca', rc));     // adde
    case 234: return simple(addCarry(T, `g[${A}]`, `g[${A + 1}]`, '-1', '-1', 'c.ca', rc));                    // addme
    case 202: return simple(addCarry(T, `g[${A}]`, `g[${A + 1}]`, '0', '0', 'c.ca', rc));                      // addze
    case 8: return simple(addCarry(T, `~g[${A}]`, `~g[${A + 1}]`, `g[${B}]`, `g[${B + 1}]`, '1', rc));        // subfc
    case 136: return simple(addCarry(T, `~g[${A}]`, `~g[${A + 1}]`, `g[${B}]`, `g[${B + 1}]`, 'c.ca', rc));   // subfe
    case 232: return simple(addCarry(T, `~g[${A}]`, `~g[${A + 1}]`, '-1', '-1', 'c.ca', rc));                  // subfme
    case 200: return simple(addCarry(T, `~g[${A}]`, `~g[${A + 1}]`, '0', '0', 'c.ca', rc));                    // subfze
    case 9: // mulhdu
      return simple(`H.mulu128(g[${A}], g[${A + 1}], g[${B}], g[${B + 1}]); g[${T}] = H.out[2]; g[${T + 1}] = H.out[3];${rcTail(T)}`);
    case 73: // mulhd
      return simple(`H.muls128(g[${A}], g[${A + 1}], g[${B}], g[${B + 1}]); g[${T}] = H.out[2]; g[${T + 1}] = H.out[3];${rcTail(T)}`);
    case 11: case 75: { // mulhwu, mulhw: the high word of the 32x32 product, RT's upper half zeroed (as ops-int.ts)
      const hi = (w >>> 1 & 0x1ff) === 75 ? SIGNED_HI : 'H.mulhu32(x, y) | 0';
      return simple(`{ const x = g[${A}], y = g[${B}]; const r = ${hi}; g[${T}] = r; g[${T + 1}] = 0;${rc ? ' ' + cr0('r', '0') : ''} }`);
    }
    case 235: // mullw
      return simple(`{ const x = g[${A}], y = g[${B}]; g[${T + 1}] = ${SIGNED_HI}; g[${T}] = Math.imul(x, y);${rcTail(T)} }`);
  }
  return null;
}
