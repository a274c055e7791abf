// Block-compiler templates (see jit-gen.ts) for the vector and VSX instructions that hot loops
// use: GPR<->VSR moves, 128-bit logical ops, word and doubleword permutes, splats, word/half/
// byte modulo add and subtract, word shifts, vector loads and stores, and the FPR loads and
// stores. They read and write the register file's 32-bit words in place (`cv` = c.v, `cf` =
// c.fw, bound once per generated function), with no scratch copies; every other vector
// instruction stays a call to its interpreter closure (ops-vec.ts and friends), which these
// templates must match bit for bit (the compiled differential suites check it).
//
// A VSR's word j (0 = most significant) lives at cv[4i + j], except doubleword 0 of VSR 0-31,
// which is the FPR (cf: host-order halves of a Float64Array element).

import { rdF, wrF } from './jit-mem.js';
import { FLO, FHI } from './cpu.js';
import type { Gen } from './jit-gen.js';
import type { Op } from './cpu.js';
import { permSelectors } from './ops-vec.js';
import { rd, wr, guard, eaD as halvesD, eaX as halvesX } from './jit-mem.js';
import { TLB_MASK } from './memory.js';
import type { Ea } from './jit-mem.js';

/** The source expression of word j (0-3, ISA order) of VSR i. */
function vw(i: number, j: number): string {
  if (i >= 32 || j >= 2) return `cv[${4 * i + j}]`;
  return `cf[${2 * i + (j === 0 ? FHI : FLO)}]`;
}

const simple = (src: string): Gen => ({ src, mayFault: false, branch: false });
const mem = (src: string): Gen => ({ src: `{ ${src} }`, mayFault: true, branch: false });

/** Read the four words of VSRs a (and b) into consts a0-a3 (b0-b3): T may be A or B. */
const rdA = (a: number) => `const a0 = ${vw(a, 0)}, a1 = ${vw(a, 1)}, a2 = ${vw(a, 2)}, a3 = ${vw(a, 3)};`;
const rdB = (b: number) => `const b0 = ${vw(b, 0)}, b1 = ${vw(b, 1)}, b2 = ${vw(b, 2)}, b3 = ${vw(b, 3)};`;

/** T's four words from four expressions. */
function put(t: number, e: string[]): string {
  return e.map((x, j) => `${vw(t, j)} = ${x};`).join(' ');
}

/** Word-wise binary op: f(x, y) over a_j, b_j. */
function lanes(t: number, a: number, b: number, f: (x: string, y: string) => string): Gen {
  return simple(`{ ${rdA(a)} ${rdB(b)} ${put(t, [0, 1, 2, 3].map((j) => f(`a${j}`, `b${j}`)))} }`);
}

const LOGIC: Record<string, (x: string, y: string) => string> = {
  and: (x, y) => `${x} & ${y}`, andc: (x, y) => `${x} & ~${y}`, or: (x, y) => `${x} | ${y}`,
  orc: (x, y) => `${x} | ~${y}`, xor: (x, y) => `${x} ^ ${y}`, nor: (x, y) => `~(${x} | ${y})`,
  nand: (x, y) => `~(${x} & ${y})`, eqv: (x, y) => `~(${x} ^ ${y})`,
};

/** Modulo add/sub of 1-, 2- or 4-byte lanes packed in a 32-bit word (SWAR: no carry crosses a lane). */
function addSub(size: 1 | 2 | 4, sub: boolean): (x: string, y: string) => string {
  if (size === 4) return sub ? (x, y) => `(${x} - ${y}) | 0` : (x, y) => `(${x} + ${y}) | 0`;
  const H = size === 1 ? 0x80808080 | 0 : 0x80008000 | 0, L = ~H;
  return sub
    ? (x, y) => `((${x} | ${H}) - (${y} & ${L})) ^ ((${x} ^ ~${y}) & ${H})`
    : (x, y) => `((${x} & ${L}) + (${y} & ${L})) ^ ((${x} ^ ${y}) & ${H})`;
}

/**
 * vmrg[hl]b / vmrg[hl]h: T interleaves the byte (size 1) or halfword (size 2) elements of the
 * high (from word 0) or low (from word 2) halves of A and B. T's word j takes its A and B
 * elements from the 16-bit half j & 1 of their word from + (j >> 1).
 */
function merge(t: number, a: number, b: number, size: 1 | 2, from: number): Gen {
  const half = (x: string, j: number) => (j & 1) === 0 ? `(${x}${from + (j >> 1)} >>> 16)` : `(${x}${from + (j >> 1)} & 0xffff)`;
  const word = (j: number) => {
    const x = half('a', j), y = half('b', j);
    return size === 2 ? `(${x} << 16) | ${y}`
      : `((${x} & 0xff00) << 16) | ((${y} & 0xff00) << 8) | ((${x} & 0xff) << 8) | (${y} & 0xff)`;
  };
  return simple(`{ ${rdA(a)} ${rdB(b)} ${put(t, [0, 1, 2, 3].map(word))} }`);
}

/** vslb / vslh: each byte (halfword) of a word shifted left by the low 3 (4) bits of y's. */
function shiftLanes(size: 1 | 2): (x: string, y: string) => string {
  const bits = size * 8, m = (1 << bits) - 1;
  return (x, y) => {
    const parts: string[] = [];
    for (let s = 0; s < 32; s += bits) parts.push(`((((${x} >>> ${s}) & ${m}) << ((${y} >>> ${s}) & ${bits - 1})) & ${m}) << ${s}`);
    return `(${parts.join(' | ')})`;
  };
}

/** vsldoi: bytes sh..sh+15 of A || B, assembled from whole words (words 0-3 of A, then B's). */
function sldoi(t: number, a: number, b: number, sh: number): Gen {
  const src = (k: number) => k < 4 ? `a${k}` : `b${k - 4}`;
  const r = sh & 3, q = sh >> 2;
  const word = (j: number) => r === 0 ? src(j + q) : `(${src(j + q)} << ${8 * r}) | (${src(j + q + 1)} >>> ${32 - 8 * r})`;
  return simple(`{ ${rdA(a)} ${rdB(b)} ${put(t, [0, 1, 2, 3].map(word))} }`);
}

/** vperm's result words, written by H.vperm and read back by the block that called it. */
const VPERM_OUT = new Int32Array(4);
/** vperm's source words, A's then B's, indexed by the selector bytes. */
const VPERM_SRC = new Int32Array(8);

/** The result byte at bit position p of selector word s: byte (s's byte & 31) of A || B. */
const permByte = (s: number, p: number) => ((VPERM_SRC[(s >>> (p + 2)) & 7] << (((s >>> p) & 3) << 3)) >>> 24) << p;

/**
 * vperm: T's byte i is byte (C's byte i & 31) of A || B in the ISA's big-endian byte numbering,
 * into VPERM_OUT. One call per vperm, each result byte one indexed read with no branch. It was
 * four calls of a helper that picked each byte's source word through an eight-way switch
 * (sha256's ppc64le prologue runs eight vperms per 64-byte block; that helper was 4% of its CPU
 * profile). The gathers written into the block itself made its optimizing compile bigger (an
 * indexed read is a deoptimization point that records every value the block keeps in locals):
 * V8's zone for that prologue grew from 45 to 50 MB, where this call leaves it as it was.
 */
export function vperm(a0: number, a1: number, a2: number, a3: number, b0: number, b1: number, b2: number, b3: number,
  c0: number, c1: number, c2: number, c3: number): void {
  const s = VPERM_SRC, o = VPERM_OUT;
  s[0] = a0; s[1] = a1; s[2] = a2; s[3] = a3; s[4] = b0; s[5] = b1; s[6] = b2; s[7] = b3;
  o[0] = permByte(c0, 24) | permByte(c0, 16) | permByte(c0, 8) | permByte(c0, 0);
  o[1] = permByte(c1, 24) | permByte(c1, 16) | permByte(c1, 8) | permByte(c1, 0);
  o[2] = permByte(c2, 24) | permByte(c2, 16) | permByte(c2, 8) | permByte(c2, 0);
  o[3] = permByte(c3, 24) | permByte(c3, 16) | permByte(c3, 8) | permByte(c3, 0);
}

/** Bound once per generated function (jit.ts: build): the vperm helper and its result words
 * (`var`, not `const`: see jit-fp.ts FP_SCOPE). */
export const VEC_SCOPE = 'var vperm = H.vperm, vr = H.vr;';
export const vecHelpers = { vperm, vr: VPERM_OUT };

/**
 * vperm through the helper: every source is read before T is written (T may be A, B or C).
 * With `seen`, the selector words the instruction last ran with in the interpreter (ops-vec.ts
 * permSelectors), it is compiled for that selector: each result word ORs four bytes shifted out
 * of the source words held in locals, with no call, behind a test that C still holds it (else
 * the helper). Selectors are nearly always constants: ppc64le sha256's prologue runs eight
 * vperms with two (odd and even bytes) per 64-byte block, and the helper calls were 0.3 us of
 * the block's 0.45-0.8 (each call copies twelve words in and four out, and gathers sixteen
 * bytes by index).
 */
function perm(t: number, a: number, b: number, c: number, seen?: Int32Array): Gen {
  const args = [a, b, c].flatMap((r) => [0, 1, 2, 3].map((j) => vw(r, j))).join(', ');
  const helper = `vperm(${args}); ${put(t, ['vr[0]', 'vr[1]', 'vr[2]', 'vr[3]'])}`;
  if (seen === undefined) return simple(helper);
  const word = (s: number) => {
    const terms: string[] = [];
    for (let p = 0; p < 4; p++) {
      const x = (s >>> (24 - 8 * p)) & 31, q = x & 3;
      const src = x < 16 ? `a${x >> 2}` : `b${(x - 16) >> 2}`;
      const mask = (255 << (24 - 8 * p)) | 0;
      terms.push(q === p ? `(${src} & ${mask})` : q < p ? `((${src} >>> ${8 * (p - q)}) & ${mask})` : `((${src} << ${8 * (q - p)}) & ${mask})`);
    }
    return `(${terms.join(' | ')})`;
  };
  const test = [0, 1, 2, 3].map((j) => `${vw(c, j)} === ${seen[j]}`).join(' && ');
  return simple(`if (${test}) { ${rdA(a)} ${rdB(b)} ${put(t, [...seen].map(word))} } else { ${helper} }`);
}

/** 64-bit lane add/sub (vaddudm, vsubudm) on doubleword halves. */
function addSub64(t: number, a: number, b: number, sub: boolean): Gen {
  const dw = (h: number, l: number) => sub
    ? `{ const l = (a${l} >>> 0) - (b${l} >>> 0); ${vw(t, l)} = l | 0; ${vw(t, h)} = (a${h} - b${h} - (l < 0 ? 1 : 0)) | 0; }`
    : `{ const l = (a${l} >>> 0) + (b${l} >>> 0); ${vw(t, l)} = l | 0; ${vw(t, h)} = (a${h} + b${h} + (l >= 4294967296 ? 1 : 0)) | 0; }`;
  return simple(`{ ${rdA(a)} ${rdB(b)} ${dw(0, 1)} ${dw(2, 3)} }`);
}

/** A splat of an immediate of element size `size` (sign-extended simm5 or an 8-bit value). */
function splatImm(t: number, size: number, imm: number): Gen {
  const w = size === 4 ? imm | 0 : size === 2 ? Math.imul(imm & 0xffff, 0x10001) : Math.imul(imm & 0xff, 0x01010101);
  return simple(put(t, [w, w, w, w].map(String)));
}

/** The EA of an X-form (RA|0) + RB, or of (RA|0) + d, as int32 halves (jit-mem.ts: Ea). */
const eaX = (w: number): Ea => halvesX(((w >>> 16) & 31) * 2, ((w >>> 11) & 31) * 2);
const eaD = (w: number, d: number): Ea => halvesD(((w >>> 16) & 31) * 2, d);

/** Vector load layouts, as ops-vec.ts's VL. */
type Layout = 'D2' | 'W4' | 'Q' | 'DS';

/**
 * The EA of a 16-byte access as int32 halves bound to the consts `ql`/`qh` (jit-mem.ts: Ea),
 * rounded down to 16 for lvx/stvx (`align`): on the halves the page and offset are a shift and
 * a mask, where a double needed a divide and a floor, and the argument of a Memory call was a
 * heap number V8 allocated at every access (sha256's prologue on ppc64le spent most of its time
 * there and in the collector).
 */
const quad = (ea: Ea, align: boolean) => `${ea.pair} const ql = el${align ? ' & -16' : ''}, qh = eh;`;
/** The halves of ql/qh + 8 as an Ea (the carry into the high word as in jit-gen.ts: carry32). */
const PLUS8: Ea = { pair: 'const el = (ql + 8) | 0, eh = (qh + ((ql & ~el) >>> 31)) | 0;' };
const AT: Ea = { pair: 'const el = ql, eh = qh;' };

/**
 * A 16-byte load into VSR t: two doubleword reads on the inlined TLB path (a miss, a page
 * crossing or a fault goes through the Memory as any load's), all of them before T is written
 * (a fault leaves T as it was).
 */
function vload(k: Layout, t: number, ea: Ea, le: boolean, align: boolean): Gen {
  // A doubleword as read (rd: vh most significant). Words of W4 are in address order: in
  // little-endian mode the low word of a doubleword comes first.
  if (k === 'DS') return mem(`${quad(ea, align)} { ${rd(8, AT, le)} ${put(t, ['vh', 'vl', 'vh', 'vl'])} }`);
  const first = `let h0 = 0, l0 = 0; { ${rd(8, AT, le)} h0 = vh; l0 = vl; }`;
  let words: string[];
  if (k === 'W4') words = le ? ['l0', 'h0', 'vl', 'vh'] : ['h0', 'l0', 'vh', 'vl'];
  // lxvd2x: doubleword 0 at EA in both byte orders; a quadword (lxv, lvx) in little-endian
  // mode has its low doubleword first.
  else words = k === 'Q' && le ? ['vh', 'vl', 'h0', 'l0'] : ['h0', 'l0', 'vh', 'vl'];
  return mem(`${quad(ea, align)} ${first} { ${rd(8, PLUS8, le)} ${put(t, words)} }`);
}

/**
 * A 16-byte store of VSR s, all or nothing: when the write TLB holds the page and the 16 bytes
 * do not cross it, four int32 writes; otherwise every page is checked writable first, then the
 * Memory writes it (a fault there leaves through FAULT: jit-mem.ts guard).
 */
function vstore(k: Layout, s: number, ea: Ea, le: boolean, align: boolean): Gen {
  /** The doublewords (lo, hi word expressions) at EA and EA + 8, as the Memory's w64 takes them. */
  const dws: [string, string][] = k === 'Q' && le ? [['a3', 'a2'], ['a1', 'a0']] : [['a1', 'a0'], ['a3', 'a2']];
  const fast = k === 'W4'
    ? ['a0', 'a1', 'a2', 'a3'].map((x, j) => `d.setInt32(off + ${4 * j}, ${x}, ${le});`).join(' ')
    : dws.map(([lo, hi], j) => le
      ? `d.setInt32(off + ${8 * j}, ${lo}, true); d.setInt32(off + ${8 * j + 4}, ${hi}, true);`
      : `d.setInt32(off + ${8 * j}, ${hi}, false); d.setInt32(off + ${8 * j + 4}, ${lo}, false);`).join(' ');
  const slow = k === 'W4'
    ? 'm.w32(ea, a0); m.w32(ea + 4, a1); m.w32(ea + 8, a2); m.w32(ea + 12, a3);'
    : `m.w64(ea, ${dws[0][0]}, ${dws[0][1]}); m.w64(ea + 8, ${dws[1][0]}, ${dws[1][1]});`;
  return mem(`${quad(ea, align)} ${rdA(s)} const ti = (ql >>> 12) & ${TLB_MASK}, off = ql & 4095; ` +
    `if (wT[ti] === qh * 1048576 + (ql >>> 12) && off <= 4080) { const d = wV[ti]; ${fast} } ` +
    `else { ${guard(`const ea = qh * 4294967296 + (ql >>> 0); m.probeWrite(ea, 16); ${slow}`)} }`);
}

/** Opcode 31 vector forms: loads/stores and GPR<->VSR moves. */
function gen31v(w: number, le: boolean): Gen | null {
  const xo = (w >>> 1) & 0x3ff;
  const x = ((w >>> 21) & 31) + (w & 1) * 32;
  const vr = 32 + ((w >>> 21) & 31);
  const r = ((w >>> 16) & 31) * 2;
  switch (xo) {
    case 844: return vload('D2', x, eaX(w), le, false);      // lxvd2x
    case 972: return vstore('D2', x, eaX(w), le, false);     // stxvd2x
    case 780: return vload('W4', x, eaX(w), le, false);      // lxvw4x
    case 908: return vstore('W4', x, eaX(w), le, false);     // stxvw4x
    case 268: return vload('Q', x, eaX(w), le, false);       // lxvx
    case 396: return vstore('Q', x, eaX(w), le, false);      // stxvx
    case 332: return vload('DS', x, eaX(w), le, false);      // lxvdsx
    case 103: case 359: return vload('Q', vr, eaX(w), le, true);    // lvx, lvxl
    case 231: case 487: return vstore('Q', vr, eaX(w), le, true);   // stvx, stvxl
    case 51: return simple(`g[${r}] = ${vw(x, 1)}; g[${r + 1}] = ${vw(x, 0)};`);                 // mfvsrd
    case 115: return simple(`g[${r}] = ${vw(x, 1)}; g[${r + 1}] = 0;`);                          // mfvsrwz
    case 307: return simple(`g[${r}] = ${vw(x, 3)}; g[${r + 1}] = ${vw(x, 2)};`);                // mfvsrld
    case 179: return simple(`${vw(x, 0)} = g[${r + 1}]; ${vw(x, 1)} = g[${r}];`);                // mtvsrd
    case 211: return simple(`${vw(x, 0)} = g[${r}] >> 31; ${vw(x, 1)} = g[${r}];`);              // mtvsrwa
    case 243: return simple(`${vw(x, 0)} = 0; ${vw(x, 1)} = g[${r}];`);                          // mtvsrwz
    case 403: return simple(`{ const v = g[${r}]; ${put(x, ['v', 'v', 'v', 'v'])} }`);            // mtvsrws
    case 435: {                                                                                  // mtvsrdd
      const b = ((w >>> 11) & 31) * 2;
      const hi = r === 0 ? ['0', '0'] : [`g[${r + 1}]`, `g[${r}]`];
      return simple(`{ const h0 = ${hi[0]}, l0 = ${hi[1]}, h1 = g[${b + 1}], l1 = g[${b}]; ${put(x, ['h0', 'l0', 'h1', 'l1'])} }`);
    }
    case 599: return fpr(true, (w >>> 21) & 31, halvesX(((w >>> 16) & 31) * 2, ((w >>> 11) & 31) * 2), le, -1);     // lfdx
    case 727: return fpr(false, (w >>> 21) & 31, halvesX(((w >>> 16) & 31) * 2, ((w >>> 11) & 31) * 2), le, -1);    // stfdx
    case 631: case 759: {                                            // lfdux, stfdux
      const a = (w >>> 16) & 31;
      return a === 0 ? null : fpr(xo === 631, (w >>> 21) & 31, halvesX(((w >>> 16) & 31) * 2, ((w >>> 11) & 31) * 2), le, a);
    }
  }
  return null;
}

/** Opcode 60: VSX logical ops and permutes. */
function gen60(w: number): Gen | null {
  const t = ((w >>> 21) & 31) + (w & 1) * 32;
  const a = ((w >>> 16) & 31) + ((w >>> 2) & 1) * 32;
  const b = ((w >>> 11) & 31) + ((w >>> 1) & 1) * 32;
  if (((w >>> 4) & 3) === 3) return null; // xxsel
  if ((w & 0x400) === 0) {
    const n = (w >>> 8) & 3;
    switch ((w >>> 3) & 31) {
      case 10: { // xxpermdi: T.dw0 = A.dw[n >> 1], T.dw1 = B.dw[n & 1]
        const da = (n >> 1) * 2, db = (n & 1) * 2;
        return simple(`{ ${rdA(a)} ${rdB(b)} ${put(t, [`a${da}`, `a${da + 1}`, `b${db}`, `b${db + 1}`])} }`);
      }
      case 2: { // xxsldwi
        const src = [0, 1, 2, 3].map((j) => (j + n < 4 ? `a${j + n}` : `b${j + n - 4}`));
        return simple(`{ ${rdA(a)} ${rdB(b)} ${put(t, src)} }`);
      }
    }
  }
  switch ((w >>> 3) & 0xff) {
    case 130: return lanes(t, a, b, LOGIC.and);
    case 138: return lanes(t, a, b, LOGIC.andc);
    case 146: return lanes(t, a, b, LOGIC.or);
    case 154: return lanes(t, a, b, LOGIC.xor);
    case 162: return lanes(t, a, b, LOGIC.nor);
    case 170: return lanes(t, a, b, LOGIC.orc);
    case 178: return lanes(t, a, b, LOGIC.nand);
    case 186: return lanes(t, a, b, LOGIC.eqv);
    case 18: return simple(`{ ${rdA(a)} ${rdB(b)} ${put(t, ['a0', 'b0', 'a1', 'b1'])} }`);   // xxmrghw
    case 50: return simple(`{ ${rdA(a)} ${rdB(b)} ${put(t, ['a2', 'b2', 'a3', 'b3'])} }`);   // xxmrglw
  }
  if (((w >>> 2) & 0x1ff) === 164) {                                                       // xxspltw
    const n = (w >>> 16) & 3;
    return simple(`{ const v = ${vw(b, n)}; ${put(t, ['v', 'v', 'v', 'v'])} }`);
  }
  if (((w >>> 1) & 0x3ff) === 360 && ((w >>> 19) & 3) === 0) return splatImm(t, 1, (w >>> 11) & 0xff); // xxspltib
  return null;
}

/** Opcode 4: AltiVec VX forms with templates. */
function gen4(w: number, op?: Op): Gen | null {
  const t = 32 + ((w >>> 21) & 31), a = 32 + ((w >>> 16) & 31), b = 32 + ((w >>> 11) & 31);
  if ((w & 63) === 43) {                                                                                   // vperm
    return perm(t, a, b, 32 + ((w >>> 6) & 31), op === undefined ? undefined : permSelectors.get(op));
  }
  if ((w & 63) === 44 && (w & 0x400) === 0) return sldoi(t, a, b, (w >>> 6) & 15);                       // vsldoi
  if ((w & 63) >= 32 || (w & 63) === 6 || (w & 63) === 7) return null; // VA forms, compares
  const simm5 = (((w >>> 16) & 31) << 27) >> 27;
  switch (w & 0x7ff) {
    case 0: return lanes(t, a, b, addSub(1, false));     // vaddubm
    case 64: return lanes(t, a, b, addSub(2, false));    // vadduhm
    case 128: return lanes(t, a, b, addSub(4, false));   // vadduwm
    case 192: return addSub64(t, a, b, false);           // vaddudm
    case 1024: return lanes(t, a, b, addSub(1, true));   // vsububm
    case 1088: return lanes(t, a, b, addSub(2, true));   // vsubuhm
    case 1152: return lanes(t, a, b, addSub(4, true));   // vsubuwm
    case 1216: return addSub64(t, a, b, true);           // vsubudm
    case 1028: return lanes(t, a, b, LOGIC.and);         // vand
    case 1092: return lanes(t, a, b, LOGIC.andc);        // vandc
    case 1156: return lanes(t, a, b, LOGIC.or);          // vor
    case 1220: return lanes(t, a, b, LOGIC.xor);         // vxor
    case 1284: return lanes(t, a, b, LOGIC.nor);         // vnor
    case 1348: return lanes(t, a, b, LOGIC.orc);         // vorc
    case 1412: return lanes(t, a, b, LOGIC.nand);        // vnand
    case 1668: return lanes(t, a, b, LOGIC.eqv);         // veqv
    case 388: return lanes(t, a, b, (x, y) => `${x} << (${y} & 31)`);    // vslw
    case 644: return lanes(t, a, b, (x, y) => `${x} >>> (${y} & 31)`);   // vsrw
    case 900: return lanes(t, a, b, (x, y) => `${x} >> (${y} & 31)`);    // vsraw
    case 652: {                                                         // vspltw
      const n = (w >>> 16) & 3;
      return simple(`{ const v = ${vw(b, n)}; ${put(t, ['v', 'v', 'v', 'v'])} }`);
    }
    case 780: return splatImm(t, 1, simm5);              // vspltisb
    case 844: return splatImm(t, 2, simm5);              // vspltish
    case 908: return splatImm(t, 4, simm5);              // vspltisw
    case 12: return merge(t, a, b, 1, 0);                 // vmrghb
    case 268: return merge(t, a, b, 1, 2);                // vmrglb
    case 76: return merge(t, a, b, 2, 0);                 // vmrghh
    case 332: return merge(t, a, b, 2, 2);                // vmrglh
    case 260: return lanes(t, a, b, shiftLanes(1));       // vslb
    case 324: return lanes(t, a, b, shiftLanes(2));       // vslh
    case 140: return simple(`{ ${rdA(a)} ${rdB(b)} ${put(t, ['a0', 'b0', 'a1', 'b1'])} }`);   // vmrghw
    case 396: return simple(`{ ${rdA(a)} ${rdB(b)} ${put(t, ['a2', 'b2', 'a3', 'b3'])} }`);   // vmrglw
  }
  return null;
}

/** Template for a vector/VSX/FPR-memory instruction word, or null (the closure is called). */
export function genVec(w: number, le: boolean, op?: Op): Gen | null {
  switch (w >>> 26) {
    case 4: return gen4(w, op);
    case 31: return gen31v(w, le);
    case 60: return gen60(w);
    case 61: {
      const dq = ((w << 16) >> 16) & ~15, x = ((w >>> 21) & 31) + ((w >>> 3) & 1) * 32;
      if ((w & 7) === 1) return vload('Q', x, eaD(w, dq), le, false);    // lxv
      if ((w & 7) === 5) return vstore('Q', x, eaD(w, dq), le, false);   // stxv
      return null;
    }
    case 50: case 54: return fpr(w >>> 26 === 50, (w >>> 21) & 31, halvesD(((w >>> 16) & 31) * 2, (w << 16) >> 16), le, -1);   // lfd, stfd
    case 51: case 55: {                                                                                // lfdu, stfdu
      const a = (w >>> 16) & 31;
      return a === 0 ? null : fpr(w >>> 26 === 51, (w >>> 21) & 31, halvesD(((w >>> 16) & 31) * 2, (w << 16) >> 16), le, a);
    }
  }
  return null;
}

/**
 * lfd[u][x] / stfd[u][x]: the FPR's raw doubleword, through the inlined TLB hit path (as one
 * double: jit-mem.ts rdF); the update forms (a >= 0) write the EA to RA once the access succeeded.
 */
function fpr(load: boolean, t: number, ea: Ea, le: boolean, a: number): Gen {
  const upd = a < 0 ? '' : ` g[${2 * a}] = el; g[${2 * a + 1}] = eh;`;
  return mem(`${(load ? rdF : wrF)(ea, le, t)}${upd}`);
}

/**
 * True for an AltiVec (opcode 4) instruction whose closure reads and writes only vector
 * registers and VSCR: not the record forms of the compares (CR6), not the forms that read or
 * write a GPR (vclzlsbb, vctzlsbb, vextu[bhw][lr]x, and the integer maddhd/maddhdu/maddld
 * that share opcode 4). A compiled block calls such a closure
 * without storing back and reloading the GPRs and CR it keeps in locals.
 */
export function vsrOnly(w: number): boolean {
  const op = w >>> 26;
  if (op === 59 || op === 63) return fprOnly(w);
  if (op !== 4) return false;
  const low6 = w & 63;
  if ((low6 === 6 || low6 === 7) && (w & 0x400) !== 0) return false;
  if (low6 === 48 || low6 === 49 || low6 === 51) return false;    // maddhd, maddhdu, maddld (GPRs)
  switch (w & 0x7ff) {
    case 1538: return ((w >>> 16) & 31) > 1;
    case 1549: case 1613: case 1677: case 1805: case 1869: case 1933: return false;
  }
  return true;
}

/**
 * True for a floating-point instruction (opcodes 59 and 63) whose closure reads and writes only
 * FPRs and the FPSCR: the A-form arithmetic (xo's low five bits 18-31: divide, add, subtract,
 * square root, select, estimates, multiply, the fused forms) and the X-form moves, roundings,
 * conversions and FPSCR moves listed below, without Rc (CR1). Not the compares and tests that
 * set a CR field, nor the quad-precision VSX forms that share opcode 63.
 */
function fprOnly(w: number): boolean {
  if ((w & 1) !== 0) return false;
  const xo = (w >>> 1) & 0x3ff;
  if ((xo & 31) >= 18) return true;
  switch (xo) {
    case 12: case 14: case 15: case 142: case 143: case 814: case 815: case 942: case 943:  // frsp, fcti*
    case 846: case 974: case 72: case 40: case 264: case 136: case 8:                       // fcfid*, fmr, fneg, fabs, fnabs, fcpsgn
    case 392: case 424: case 456: case 488: case 583: case 711: case 134: case 70: case 38:  // fri*, mffs, mtfsf, mtfsfi, mtfsb0/1
    case 966: case 838:                                                                     // fmrgew, fmrgow
      return true;
  }
  return false;
}
