// The block compiler. Two kinds of generated code (through `new Function`), so that V8
// compiles the guest's data flow directly instead of dispatching one closure per instruction:
//
// - A block: a straight-line run of instructions entered often enough. It ends after its first
//   branch, before any instruction that needs the run loop (sc, traps, mftb, words that do not
//   decode), at the end of the 4 KiB page, or at MAX_LEN. A block whose final branch returns
//   to its own first instruction loops inside the function, bounded by the budget.
// - A region: the hot blocks of one page compiled together into one function that dispatches
//   between them with a `switch` on the word index, so loops and branches within the page do
//   not come back to the engine's run loop (calling a different generated function costs
//   tens of nanoseconds in V8; a switch jump costs almost nothing). Built once a page's
//   standalone blocks have been called often, rebuilt when more of its blocks become hot.
//
// Protocols. A block returns 0 (fall through past the block) or 1 (branch taken, target in
// c.npc), with c.it = completed passes for looping blocks. A region starts at word c.ri with
// `left` instructions of budget, and returns 0 (stopped at word c.ri of the page: a word
// outside the region, the page end, or a block that does not fit the budget) or 1 (branch
// to c.npc outside the page); c.rd = instructions executed. On a guest fault both store in
// c.fk the faulting instruction (block: index within the block; region: word index in the
// page) and rethrow; a region also leaves c.rd = instructions of completed blocks and c.fbs
// = the word index where the faulting block started.
//
// Where `new Function` is not allowed (a browser page with a strict Content Security Policy),
// compilation fails once and the engine stays on the interpreter.

import type { Cpu, Op } from './cpu.js';
import type { Memory, Page } from './memory.js';
import { gen } from './jit-gen.js';
import { vsrOnly, perm } from './jit-vec.js';
import { mulhu32, mulu128, muls128, out } from './int64.js';
import { MISS_SCOPE, MISS_WARM, FAULT, FAULT_TAKE } from './jit-mem.js';

export const MAX_LEN = 128;
/**
 * Instructions per region. V8's optimizing compiler takes time superlinear in function size
 * for these switch-in-a-loop functions (hundreds of ms at 400 instructions on a slow machine),
 * and a page's region is rebuilt (compiled again) each time more of its blocks become hot, so
 * the compiler's time, on V8's background threads, is a large part of a short program's CPU
 * time. Measured (CPU time, best of 3): 400k-int qsort 3.4 s at 60, 2.6-2.8 s at 30 and 20,
 * 5.3-6.1 s at 120; sha256, crc32 and matmul equal or faster at 30.
 */
export const MAX_REGION = 30;

export type BlockFn = (c: Cpu, g: Int32Array, m: Memory, n: number) => number;
export type RegionFn = (c: Cpu, g: Int32Array, m: Memory, left: number) => number;

export interface Block {
  fn: BlockFn;
  /** Instructions in one pass. */
  len: number;
  /** Word index of the first instruction, and just past the block (fall-through position). */
  start: number;
  end: number;
  /** True when the function may run several passes (reports them in c.it). */
  loops: boolean;
  /** Calls as a standalone block (hotness, for region building). */
  calls: number;
}

/** Placeholder for "no block can start here" (first instruction needs the run loop). */
export const NO_BLOCK: Block = { fn: () => 0, len: Infinity, start: 0, end: 0, loops: false, calls: 0 };

const helpers = { mulhu32, mulu128, muls128, out, perm };

let jitAvailable = true;

/** The kind of instruction word, for block formation. */
const enum Kind { NORMAL, BRANCH, SPECIAL }

function kindOf(w: number): Kind {
  const op = w >>> 26;
  switch (op) {
    case 2: case 3: case 17: return Kind.SPECIAL;        // tdi, twi, sc
    case 16: case 18: return Kind.BRANCH;
    case 19: {
      const xo = (w >>> 1) & 0x3ff;
      return xo === 16 || xo === 528 || xo === 560 ? Kind.BRANCH : Kind.NORMAL;
    }
    case 31: {
      const xo = (w >>> 1) & 0x3ff;
      if (xo === 4 || xo === 68 || xo === 371) return Kind.SPECIAL;     // tw, td, mftb
      if (xo === 339) {
        const spr = ((w >>> 16) & 31) | (((w >>> 11) & 31) << 5);
        if (spr === 268 || spr === 269) return Kind.SPECIAL;            // mfspr TB
      }
      return Kind.NORMAL;
    }
  }
  return Kind.NORMAL;
}

/** A formed block before code generation. */
interface Shape {
  start: number;
  end: number;
  /** Per instruction: template source (null: call the interpreter closure) and fault flag. */
  /** `vsrOnly`: a closure that touches no GPR and no CR field (jit-vec.ts: vsrOnly). */
  insns: { src: string | null; mayFault: boolean; op: Op; vsrOnly: boolean }[];
  /** The terminating branch, if the block ends with one. */
  br: { setup: string; test: string; target: string; constTarget: number | null } | null;
  /** A terminating branch without a template: its closure. */
  fallbackBranch: Op | null;
}

export interface Former {
  page: Page;
  base: number;
  le: boolean;
  decodeAt: (i: number) => Op;
  isIllegal: (op: Op) => boolean;
}

function form(f: Former, i: number): Shape | null {
  const { page, base, le } = f;
  const words = page.code!.length;
  const insns: Shape['insns'] = [];
  let br: Shape['br'] = null;
  let fallbackBranch: Op | null = null;
  let j = i;
  while (j < words && j - i < MAX_LEN) {
    const w = page.view.getUint32(j * 4, le);
    const k = kindOf(w);
    if (k === Kind.SPECIAL) break;
    const op = f.decodeAt(j);
    if (f.isIllegal(op)) break;
    const g = gen(w, base + j * 4, le);
    j++;
    if (k === Kind.BRANCH) {
      if (g !== null && g.br) br = g.br;
      else fallbackBranch = op;
      break;
    }
    insns.push({ src: g === null ? null : g.src, mayFault: g === null || g.mayFault, op, vsrOnly: g === null && vsrOnly(w) });
  }
  if (j === i) return null;
  return { start: i, end: j, insns, br, fallbackBranch };
}

/**
 * Markers in generated code: where the registers a piece of code keeps in locals must be
 * stored back (before it leaves, or calls an interpreter closure that reads the register
 * file) and loaded again (after such a call).
 */
const SPILL = '/*spill*/';
const RELOAD = '/*reload*/';

/** CPU fields the templates use, kept in locals like the GPR halves. */
const FIELD_RE = /\bc\.(cr|ca32|ca|so)\b/g;

/**
 * Keep the register-file words and CPU fields a piece of generated code uses in JS locals,
 * so that V8 can hold them in machine registers instead of going through the Int32Array
 * for every access. `g[N] = e;` becomes `rN = (e) | 0;` (the typed array truncated to int32
 * on store; a local must do it explicitly), reads of g[N] become rN, c.cr etc. become f_cr.
 * Returns the rewritten code, the statements loading every local it uses, the statements
 * storing back what it may have changed, and the local names (declared by the caller when
 * `declare` is false, else `decl` declares and initializes them).
 */
function localize(code: string, declare = true): { code: string; load: string; spill: string; decl: string; names: string[] } {
  const used = new Set<number>(), written = new Set<number>(), fields = new Set<string>();
  let out = code.replace(/\bg\[(\d+)\] = ([^;]*);/g, (_m, n: string, e: string) => {
    written.add(Number(n));
    return `r${n} = (${e}) | 0;`;
  });
  out = out.replace(/\bg\[(\d+)\]/g, (_m, n: string) => { used.add(Number(n)); return `r${n}`; });
  for (const n of written) used.add(n);
  out = out.replace(FIELD_RE, (_m, f: string) => { fields.add(f); return `f_${f}`; });
  if (/\bg\[/.test(out)) throw new Error(`ppc64 jit: register access the localizer cannot rewrite:\n${code}`);
  const regs = [...used].sort((x, y) => x - y), fl = [...fields];
  const load = [...regs.map((n) => `r${n} = g[${n}];`), ...fl.map((f) => `f_${f} = c.${f};`)].join(' ');
  const spill = [...[...written].sort((x, y) => x - y).map((n) => `g[${n}] = r${n};`), ...fl.map((f) => `c.${f} = f_${f};`)].join(' ');
  const names = [...regs.map((n) => `r${n}`), ...fl.map((f) => `f_${f}`)];
  out = out.split(SPILL).join(spill).split(RELOAD).join(load);
  return { code: out, load, spill, names, decl: declare && names.length ? `let ${names.map((d) => `${d} = 0`).join(', ')};` : '' };
}

/**
 * Body statements of a shape; `kOf(n)` gives the k value for its n-th instruction, `where`
 * the statements recording in the Cpu where the code is, which an interpreter closure needs
 * before it runs: a fault it throws passes straight to the engine (no try/catch here).
 */
function bodyOf(s: Shape, ops: Op[], kOf: (n: number) => number, where: string): string {
  const parts: string[] = [];
  s.insns.forEach((ins, n) => {
    if (ins.mayFault) parts.push(`k = ${kOf(n)};`);
    if (ins.src !== null) parts.push(ins.src);
    else {
      ops.push(ins.op);
      // A closure that only reads and writes vector registers needs no spill around it.
      // Such a closure does no memory access either, so it cannot fault.
      parts.push(ins.vsrOnly ? `ops[${ops.length - 1}](c);` : `${SPILL} ${where} ops[${ops.length - 1}](c); ${RELOAD}`);
    }
  });
  return parts.join('\n');
}

/**
 * Bound at the top of every generated function: the vector registers and FPR words the vector
 * templates use (jit-vec.ts), and the Memory's TLB arrays whose hit paths rd/wr inline.
 */
const PROLOGUE = `const cv = c.v, cf = c.fw, rT = m.rTag, rV = m.rView, wT = m.wTag, wV = m.wView; ${MISS_WARM}`;

function build(params: string, body: string, ops: Op[]): ((...a: never[]) => number) | null {
  try {
    return new Function('H', 'ops', `"use strict";\n${MISS_SCOPE}\nreturn function jit(${params}) {\n${PROLOGUE}\n${body}\n};`)(helpers, ops);
  } catch (e) {
    // A syntax error is a bug in a template; anything else means code generation is not
    // permitted here (CSP): fall back to the interpreter for good.
    if (e instanceof SyntaxError) throw new Error(`ppc64 jit: bad generated code: ${e.message}\n${body}`);
    jitAvailable = false;
    return null;
  }
}

/** Compile the standalone block starting at word index i of f.page. */
export function compileBlock(f: Former, i: number): Block {
  if (!jitAvailable) return NO_BLOCK;
  const s = form(f, i);
  if (s === null) return NO_BLOCK;
  const ops: Op[] = [];
  const len = s.end - s.start;
  const where = 'c.fk = k; c.it = it;';
  const body = bodyOf(s, ops, (n) => n, where);
  const br = s.br;
  const loops = br !== null && br.constTarget === f.base + i * 4;
  let code: string;
  if (loops && br) {
    code = `for (;;) {\n${body}\nk = ${len - 1};\n${br.setup}\n` +
      `if (${br.test}) { if (++it < n) continue; c.it = it; c.npc = ${br.target}; ${SPILL} return 1; }\n` +
      `c.it = it + 1; ${SPILL} return 0;\n}`;
  } else {
    let tail = `${SPILL} return 0;`;
    if (br) tail = `${br.setup}\nif (${br.test}) { c.npc = ${br.target}; ${SPILL} return 1; }\n${SPILL} return 0;`;
    else if (s.fallbackBranch) { ops.push(s.fallbackBranch); tail = `k = ${len - 1}; ${SPILL} ${where} return ops[${ops.length - 1}](c);`; }
    code = `${body}\n${tail}`;
  }
  const l = localize(code);
  // The body only leaves by return, or by `break FAULT` when a memory access faulted (jit-mem.ts).
  const src = `let k = 0, it = 0;\n${l.decl}\n${l.load}\n${FAULT}: {\n${l.code}\n}\nc.it = it; c.fk = k; ${l.spill} ${FAULT_TAKE} throw e;`;
  const fn = build('c, g, m, n', src, ops);
  if (fn === null) return NO_BLOCK;
  return { fn: fn as unknown as BlockFn, len, start: s.start, end: s.end, loops, calls: 0 };
}

/**
 * Compile a region from block start indices (hottest first); blocks are added while the
 * region stays under MAX_REGION instructions. Returns the function and the included starts.
 */
export function compileRegion(f: Former, starts: number[]): { fn: RegionFn; entries: number[] } | null {
  if (!jitAvailable) return null;
  const shapes: Shape[] = [];
  let total = 0;
  for (const i of starts) {
    const s = form(f, i);
    if (s === null) continue;
    const n = s.end - s.start;
    if (total + n > MAX_REGION && shapes.length > 0) continue;
    shapes.push(s);
    total += n;
  }
  if (shapes.length === 0) return null;
  const entries = new Set(shapes.map((s) => s.start));
  const ops: Op[] = [];
  const base = f.base;
  const words = f.page.code!.length;
  const cases: string[] = [];
  const where = 'c.fk = k; c.rd = done; c.fbs = bs;';
  /** Go to word index t of this page: within the region by switch, else out by index. */
  const goIdx = (t: number) => entries.has(t) ? `i = ${t}; continue R;` : `i = ${t}; break S;`;
  // The registers the region uses stay in locals from entry to exit (localize): moving from
  // one case to another costs nothing; leaving (a return, the common exit after the switch,
  // an interpreter closure, a fault) stores back what the region writes.
  for (const s of shapes) {
    const len = s.end - s.start;
    const body = bodyOf(s, ops, (n) => s.start + n, where);
    let tail: string;
    let selfLoop = false;
    const br = s.br;
    if (br) {
      let taken: string;
      if (br.constTarget === base + s.start * 4) {
        // A loop on itself: go round again without the switch while the budget lasts.
        selfLoop = true;
        taken = `done += ${len}; if (left - done >= ${len}) continue L; i = ${s.start}; continue R;`;
      } else if (br.constTarget !== null) {
        const d = br.constTarget - base;
        taken = d >= 0 && d < words * 4 && d % 4 === 0
          ? `done += ${len}; ${goIdx(d / 4)}`
          : `done += ${len}; c.rd = done; c.npc = ${br.target}; ${SPILL} return 1;`;
      } else {
        taken = `done += ${len}; { const d = ${br.target} - ${base}; if (d >= 0 && d < ${words * 4}) { i = d >>> 2; continue R; } } c.rd = done; c.npc = ${br.target}; ${SPILL} return 1;`;
      }
      tail = `k = ${s.end - 1};\n${br.setup}\nif (${br.test}) { ${taken} }\ndone += ${len}; ${goIdx(s.end)}`;
    } else if (s.fallbackBranch) {
      ops.push(s.fallbackBranch);
      tail = `k = ${s.end - 1};\n${SPILL} ${where}\nconst st = ops[${ops.length - 1}](c);\n${RELOAD}\nif (st === 1) { done += ${len}; const d = c.npc - ${base}; ` +
        `if (d >= 0 && d < ${words * 4}) { i = d >>> 2; continue R; } c.rd = done; ${SPILL} return 1; }\ndone += ${len}; ${goIdx(s.end)}`;
    } else {
      tail = `done += ${len}; ${goIdx(s.end)}`;
    }
    const code = selfLoop ? `L: for (;;) {\n${body}\n${tail}\n}` : `${body}\n${tail}`;
    cases.push(`case ${s.start}: {\nif (left - done < ${len}) break S;\nbs = ${s.start};\n${code}\n}`);
  }
  const l = localize(`R: for (;;) {\nS: switch (i) {\n${cases.join('\n')}\n}\n${SPILL} c.rd = done; c.ri = i; return 0;\n}`);
  const src = `let i = c.ri, done = 0, k = 0, bs = 0;\n${l.decl}\n${l.load}\n${FAULT}: {\n${l.code}\n}\n` +
    `c.rd = done; c.fk = k; c.fbs = bs; ${l.spill} ${FAULT_TAKE} throw e;`;
  const fn = build('c, g, m, left', src, ops);
  if (fn === null) return null;
  return { fn: fn as unknown as RegionFn, entries: [...entries] };
}
