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
import { arith } from './fpu.js';
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

const helpers = { mulhu32, mulu128, muls128, out, perm, arith };

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

/** CPU fields the templates use, kept in locals like the GPR halves. */
const FIELD_RE = /\bc\.(cr|ca32|ca|so)\b/g;
/** A field assignment (`c.ca = c.ca32 = ...` assigns two). */
const FIELD_SET_RE = /\bc\.(cr|ca32|ca|so) = /g;

/** Code rewritten to keep registers in locals, with what it reads and writes. */
interface Scanned {
  code: string;
  /** Register-file words used (read or written), and those written. */
  used: Set<number>;
  written: Set<number>;
  /** CPU fields used, and those assigned. */
  fields: Set<string>;
  fieldsSet: Set<string>;
}

/**
 * Rewrite generated code to keep the register-file words and CPU fields it uses in JS locals,
 * so that V8 can hold them in machine registers instead of going through the Int32Array for
 * every access. `g[N] = e;` becomes `rN = (e) | 0;` (the typed array truncated to int32 on
 * store; a local must do it explicitly), reads of g[N] become rN, c.cr etc. become f_cr.
 */
function scan(code: string): Scanned {
  const used = new Set<number>(), written = new Set<number>(), fields = new Set<string>(), fieldsSet = new Set<string>();
  for (const m of code.matchAll(FIELD_SET_RE)) fieldsSet.add(m[1]);
  let out = code.replace(/\bg\[(\d+)\] = ([^;]*);/g, (_m, n: string, e: string) => {
    written.add(Number(n));
    return `r${n} = (${e}) | 0;`;
  });
  out = out.replace(/\bg\[(\d+)\]/g, (_m, n: string) => { used.add(Number(n)); return `r${n}`; });
  for (const n of written) used.add(n);
  out = out.replace(FIELD_RE, (_m, f: string) => { fields.add(f); return `f_${f}`; });
  if (/\bg\[/.test(out)) throw new Error(`ppc64 jit: register access the localizer cannot rewrite:\n${code}`);
  return { code: out, used, written, fields, fieldsSet };
}

const byIndex = (set: Iterable<number>) => [...set].sort((x, y) => x - y);
/** Statements loading the locals of these words and fields from the Cpu. */
const loadsOf = (regs: Iterable<number>, fl: Iterable<string>) =>
  [...byIndex(regs).map((n) => `r${n} = g[${n}];`), ...[...fl].map((f) => `f_${f} = c.${f};`)].join(' ');
/** Statements storing the locals of these words and fields back into the Cpu. */
const storesOf = (regs: Iterable<number>, fl: Iterable<string>) =>
  [...byIndex(regs).map((n) => `g[${n}] = r${n};`), ...[...fl].map((f) => `c.${f} = f_${f};`)].join(' ');

/**
 * Markers in generated code: where the registers a piece of code keeps in locals must be
 * stored back (before it leaves, or calls an interpreter closure that reads the register
 * file) and loaded again (after such a call).
 */
const SPILL = '/*spill*/';
const RELOAD = '/*reload*/';
/** In a region: ENTER, N and the comment's end mark where entry N's loads go (a computed move to block N). */
const ENTER = '/*enter ';

/**
 * localize for one piece of code entered at the top: returns the rewritten code (markers
 * replaced), the statements loading every local it uses, the statements storing back what it
 * may have changed, and the declaration of the locals.
 */
function localize(code: string): { code: string; load: string; spill: string; decl: string } {
  const sc = scan(code);
  const load = loadsOf(sc.used, sc.fields);
  const spill = storesOf(sc.written, sc.fields);
  const names = [...byIndex(sc.used).map((n) => `r${n}`), ...[...sc.fields].map((f) => `f_${f}`)];
  const out = sc.code.split(SPILL).join(spill).split(RELOAD).join(load);
  return { code: out, load, spill, decl: names.length ? `let ${names.map((d) => `${d} = 0`).join(', ')};` : '' };
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

/** A compare template (jit-gen.ts): `c.cr = (c.cr & KEEP) | ((V | c.so) << SH);`. */
const CMP_RE = /^c\.cr = \(c\.cr & (-?\d+)\) \| \(\((.*) \| c\.so\) << (\d+)\);$/;
const CR_TEST_RE = /\(c\.cr & (-?\d+)\)/g;

/**
 * A loop on itself whose only CR access is one compare into field F (and its branch reading F)
 * computes F in a local, `name`, and merges it into CR only when it leaves the loop (`mat`:
 * every exit, the fault path included): the compare's field is dead at the next pass, so the
 * mask-and-merge into CR each pass was work nobody read. `init` (run before the loop) takes
 * the field's value in, so an exit before the compare ran leaves CR as it was. Returns the
 * shape with the compare and the branch test rewritten, or null when the loop is not of that
 * kind (another CR access, an interpreter closure that may read CR).
 */
function loopCr(s: Shape, name: string): { shape: Shape; test: string; init: string; mat: string } | null {
  const br = s.br;
  if (br === null || /\bc\.cr\b/.test(br.setup)) return null;
  let at = -1, sh = 0, v = '';
  for (let n = 0; n < s.insns.length; n++) {
    const src = s.insns[n].src;
    if (src === null) { if (!s.insns[n].vsrOnly) return null; continue; }
    if (!/\bc\.cr\b/.test(src)) continue;
    const m = CMP_RE.exec(src);
    if (m === null || at >= 0) return null;
    at = n; v = m[2]; sh = Number(m[3]);
  }
  if (at < 0) return null;
  const field = 15 << sh;
  for (const t of br.test.matchAll(CR_TEST_RE)) if ((Number(t[1]) & ~field) !== 0) return null;
  const test = br.test.replace(CR_TEST_RE, (_x, m: string) => `(${name} & ${Number(m) >>> sh})`);
  if (/\bc\.cr\b/.test(test)) return null;
  const insns = s.insns.map((ins, n) => n === at ? { ...ins, src: `${name} = ${v} | c.so;` } : ins);
  return {
    shape: { ...s, insns, br: { ...br, test } }, test,
    init: `${name} = (c.cr >>> ${sh}) & 15;`,
    mat: `c.cr = (c.cr & ${~field}) | (${name} << ${sh});`,
  };
}
/** `mat` after localize/scan has renamed c.cr (for code added after the rewrite). */
const localCr = (mat: string) => mat.replace(FIELD_RE, (_m, f: string) => `f_${f}`);

/** Compile the standalone block starting at word index i of f.page. */
export function compileBlock(f: Former, i: number): Block {
  if (!jitAvailable) return NO_BLOCK;
  const s = form(f, i);
  if (s === null) return NO_BLOCK;
  const ops: Op[] = [];
  const len = s.end - s.start;
  const where = 'c.fk = k; c.it = it;';
  const loops = s.br !== null && s.br.constTarget === f.base + i * 4;
  const lc = loops ? loopCr(s, 'crv') : null;
  const body = bodyOf(lc ? lc.shape : s, ops, (n) => n, where);
  const br = s.br;
  let code: string;
  if (loops && br) {
    const mat = lc ? lc.mat : '';
    code = `${lc ? lc.init : ''} for (;;) {\n${body}\nk = ${len - 1};\n${br.setup}\n` +
      `if (${lc ? lc.test : br.test}) { if (++it < n) continue; ${mat} c.it = it; c.npc = ${br.target}; ${SPILL} return 1; }\n` +
      `${mat} c.it = it + 1; ${SPILL} return 0;\n}`;
  } else {
    let tail = `${SPILL} return 0;`;
    if (br) tail = `${br.setup}\nif (${br.test}) { c.npc = ${br.target}; ${SPILL} return 1; }\n${SPILL} return 0;`;
    else if (s.fallbackBranch) { ops.push(s.fallbackBranch); tail = `k = ${len - 1}; ${SPILL} ${where} return ops[${ops.length - 1}](c);`; }
    code = `${body}\n${tail}`;
  }
  const l = localize(code);
  // The body only leaves by return, or by `break FAULT` when a memory access faulted (jit-mem.ts).
  const src = `let k = 0, it = 0${lc ? ', crv = 0' : ''};\n${l.decl}\n${l.load}\n${FAULT}: {\n${l.code}\n}\n` +
    `c.it = it; c.fk = k; ${lc ? localCr(lc.mat) : ''} ${l.spill} ${FAULT_TAKE} throw e;`;
  const fn = build('c, g, m, n', src, ops);
  if (fn === null) return NO_BLOCK;
  return { fn: fn as unknown as BlockFn, len, start: s.start, end: s.end, loops, calls: 0 };
}

/**
 * Compile a region from block start indices (hottest first); blocks are added while the
 * region stays under MAX_REGION instructions. Returns the function and the included starts.
 *
 * The registers the region uses live in locals from entry to exit: moving from one case to
 * another costs nothing. What crosses the boundary is kept to what the path can touch (a
 * region often holds unrelated hot blocks of one page, say a comparison function beside a
 * loop, and an entry into one of them should not load and store the other's registers):
 * - leaving from block B (a return, an interpreter closure, a fault) stores back WB(B): what
 *   B and the blocks that can run before it in this call (those that reach B) may write;
 * - entering at E loads what the blocks reachable from E read, and their WB sets (so that
 *   every local stored back holds either a loaded or a computed value).
 * Every move between blocks along the graph's edges (constant targets, fall-through) goes to a
 * block of the region, so the sets above cover every path; a computed target that is a block
 * of the region is entered as from outside (see goComputed), and one that is not leaves.
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
  const where = 'c.fk = k; c.rd = done; c.fbs = bs;';
  /** Leave the function, stopped at word index t (SPILL: this block's stores, filled in below). */
  const stop = (t: string | number) => `{ ${SPILL} c.rd = done; c.ri = ${t}; return 0; }`;
  /** Go to word index t of this page: within the region by switch, else out by index. */
  const goIdx = (t: number) => entries.has(t) ? `i = ${t}; continue R;` : stop(t);
  /**
   * Go to the in-page word index held in d (a computed target): by switch if it is an entry.
   * Such a move is no edge of the region's graph (every entry would be a successor, and every
   * entry would load every register): it stores back and loads as leaving and entering would
   * (ENTER: the entry's loads, filled in below), unless everything was just reloaded.
   */
  const goComputed = (d: string, reloaded: boolean) => {
    const cases = reloaded
      ? `${[...entries].map((e) => `case ${e}:`).join(' ')} i = ${d} >>> 2; continue R;`
      : [...entries].map((e) => `case ${e}: ${SPILL} ${ENTER}${e}*/ i = ${e}; continue R;`).join(' ');
    return `switch (${d} >>> 2) { ${cases} } ${stop(`${d} >>> 2`)}`;
  };
  const blocks: { s: Shape; sc: Scanned; succ: number[]; faultMat: string }[] = [];
  const crLocals: string[] = [];
  for (const s of shapes) {
    const len = s.end - s.start;
    const lc = s.br !== null && s.br.constTarget === base + s.start * 4 ? loopCr(s, `crv${s.start}`) : null;
    if (lc) crLocals.push(`crv${s.start}`);
    const mat = lc ? lc.mat : '';
    const body = bodyOf(lc ? lc.shape : s, ops, (n) => s.start + n, where);
    const succ: number[] = [];
    const to = (t: number) => { if (entries.has(t)) succ.push(t); };
    let tail: string;
    let selfLoop = false;
    const br = s.br;
    if (br) {
      let taken: string;
      if (br.constTarget === base + s.start * 4) {
        // A loop on itself: go round again without the switch while the budget lasts.
        selfLoop = true;
        taken = `done += ${len}; if (left - done >= ${len}) continue L; ${mat} i = ${s.start}; continue R;`;
      } else if (br.constTarget !== null) {
        const d = br.constTarget - base;
        const inPage = d >= 0 && d < words * 4 && d % 4 === 0;
        if (inPage) to(d / 4);
        taken = inPage
          ? `done += ${len}; ${goIdx(d / 4)}`
          : `done += ${len}; c.rd = done; c.npc = ${br.target}; ${SPILL} return 1;`;
      } else {
        taken = `done += ${len}; { const d = ${br.target} - ${base}; if (d >= 0 && d < ${words * 4}) { ${goComputed('d', false)} } } c.rd = done; c.npc = ${br.target}; ${SPILL} return 1;`;
      }
      to(s.end);
      tail = `k = ${s.end - 1};\n${br.setup}\nif (${lc ? lc.test : br.test}) { ${taken} }\ndone += ${len}; ${mat} ${goIdx(s.end)}`;
    } else if (s.fallbackBranch) {
      ops.push(s.fallbackBranch);
      to(s.end);
      tail = `k = ${s.end - 1};\n${SPILL} ${where}\nconst st = ops[${ops.length - 1}](c);\n${RELOAD}\nif (st === 1) { done += ${len}; const d = c.npc - ${base}; ` +
        `if (d >= 0 && d < ${words * 4}) { ${goComputed('d', true)} } c.rd = done; ${SPILL} return 1; }\ndone += ${len}; ${goIdx(s.end)}`;
    } else {
      to(s.end);
      tail = `done += ${len}; ${goIdx(s.end)}`;
    }
    if (selfLoop) succ.push(s.start);
    const code = selfLoop ? `${lc ? lc.init : ''} L: for (;;) {\n${body}\n${tail}\n}` : `${body}\n${tail}`;
    const sc = scan(`case ${s.start}: {\nif (left - done < ${len}) ${stop(s.start)}\nbs = ${s.start};\n${code}\n}`);
    blocks.push({ s, sc, succ, faultMat: lc ? localCr(lc.mat) : '' });
  }
  // Reachability within the region (each block reaches itself).
  const index = new Map(blocks.map((b, n) => [b.s.start, n]));
  const reach = blocks.map((_b, n) => {
    const seen = new Set<number>([n]);
    const work = [n];
    while (work.length > 0) {
      for (const t of blocks[work.pop()!].succ) {
        const m = index.get(t)!;
        if (!seen.has(m)) { seen.add(m); work.push(m); }
      }
    }
    return seen;
  });
  // WB(B): the words and fields written by the blocks that reach B (B included).
  const wbRegs = blocks.map(() => new Set<number>()), wbFields = blocks.map(() => new Set<string>());
  blocks.forEach((w, n) => {
    for (const b of reach[n]) {
      for (const r of w.sc.written) wbRegs[b].add(r);
      for (const fl of w.sc.fieldsSet) wbFields[b].add(fl);
    }
  });
  const allRegs = new Set<number>(), allFields = new Set<string>();
  for (const b of blocks) { for (const r of b.sc.used) allRegs.add(r); for (const fl of b.sc.fields) allFields.add(fl); }
  const reload = loadsOf(allRegs, allFields);
  const cases: string[] = [], entryLoads: string[] = [], faultStores: string[] = [];
  const enter = new Map<number, string>();
  blocks.forEach((b, n) => {
    const spill = storesOf(wbRegs[n], wbFields[n]);
    cases.push(b.sc.code.split(SPILL).join(spill).split(RELOAD).join(reload));
    faultStores.push(`case ${b.s.start}: ${b.faultMat} ${spill} break;`);
    // Loads for an entry here: what every reachable block reads or stores back.
    const regs = new Set<number>(), fl = new Set<string>();
    for (const m of reach[n]) {
      for (const r of blocks[m].sc.used) regs.add(r);
      for (const r of wbRegs[m]) regs.add(r);
      for (const x of blocks[m].sc.fields) fl.add(x);
      for (const x of wbFields[m]) fl.add(x);
    }
    enter.set(b.s.start, loadsOf(regs, fl));
    entryLoads.push(`case ${b.s.start}: ${enter.get(b.s.start)} break;`);
  });
  for (let n = 0; n < cases.length; n++) {
    cases[n] = cases[n].replace(/\/\*enter (\d+)\*\//g, (_m, e: string) => enter.get(Number(e))!);
  }
  const names = [...byIndex(allRegs).map((n) => `r${n}`), ...[...allFields].map((x) => `f_${x}`), ...crLocals];
  const decl = names.length ? `let ${names.map((d) => `${d} = 0`).join(', ')};` : '';
  // The switch's end is reached only at entry with a word that is no entry (nothing loaded).
  const src = `let i = c.ri, done = 0, k = 0, bs = 0;\n${decl}\nswitch (i) {\n${entryLoads.join('\n')}\n}\n` +
    `${FAULT}: {\nR: for (;;) {\nS: switch (i) {\n${cases.join('\n')}\n}\nc.rd = done; c.ri = i; return 0;\n}\n}\n` +
    `c.rd = done; c.fk = k; c.fbs = bs; switch (bs) {\n${faultStores.join('\n')}\n}\n${FAULT_TAKE} throw e;`;
  const fn = build('c, g, m, left', src, ops);
  if (fn === null) return null;
  return { fn: fn as unknown as RegionFn, entries: [...entries] };
}
