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
//   standalone blocks have been called often, rebuilt when more of its blocks become hot. It
//   also takes in the blocks of other pages its code calls often (a callback, say), so that
//   the call and the return are switch jumps too (compileRegion).
//
// Protocols. A block returns 0 (fall through past the block) or 1 (branch taken, target in
// c.npc), with c.it = completed passes for looping blocks. A region starts at word c.ri with
// `left` instructions of budget, and returns 0 (stopped at word c.ri of the page: a word
// outside the region, the page end, or a block that does not fit the budget) or 1 (branch
// to c.npc: outside the page, or a computed target the region does not follow); c.rd =
// instructions executed. On a guest fault both store in
// c.fk the faulting instruction (block: index within the block; region: word index in the
// page) and rethrow; a region also leaves c.rd = instructions of completed blocks and c.fbs
// = the word index where the faulting block started.
//
// Where `new Function` is not allowed (a browser page with a strict Content Security Policy),
// compilation fails once and the engine stays on the interpreter.

import { CTR, type Cpu, type Op } from './cpu.js';
import type { Memory, Page } from './memory.js';
import { gen, type Access } from './jit-gen.js';
import { vsrOnly, VEC_SCOPE, vecHelpers } from './jit-vec.js';
import { mulhu32, mulu128, muls128, out } from './int64.js';
import { arith } from './fpu.js';
import { MISS_SCOPE, MISS_WARM, FAULT, FAULT_TAKE, sharedProbe } from './jit-mem.js';
import { FP_SCOPE, FP_WARM } from './jit-fp.js';

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
/** Instructions of other pages' blocks a region may hold beyond MAX_REGION (compileRegion). */
export const MAX_FOREIGN = 12;

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

/**
 * Placeholder for "no block can start here" (first instruction needs the run loop). Its length
 * never fits a budget (at most 2^29 at once: engine.ts SLICE) and is a small integer as every
 * block's is: Infinity made Block.len a double field in V8, and the run loop's count a double.
 */
export const NO_BLOCK: Block = { fn: () => 0, len: 1 << 30, start: 0, end: 0, loops: false, calls: 0 };

const helpers = { mulhu32, mulu128, muls128, out, arith, ...vecHelpers };

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
  insns: { src: string | null; mayFault: boolean; op: Op; vsrOnly: boolean; acc: Access | null }[];
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
  /** The Cpu that will run the code (see build); without it, each Cpu's instance is made at its first call. */
  cpu?: Cpu;
  /** The page's loop heads (loopHeads), found at the first block formed. */
  heads?: Uint8Array;
}

/**
 * The words of the page that a later word of it branches back to (b or bc, relative): loop
 * heads. A block ends before one (form), so that a loop's code is compiled once, as the block
 * that loops on itself, and not a second time as the first pass inside the block leading to
 * it (sha256's block(): its prologue held the first pass of its byte-swap loop, the message
 * schedule's set-up the schedule loop's first pass, the rounds' set-up a whole first round).
 */
function loopHeads(f: Former): Uint8Array {
  const words = f.page.code!.length, view = f.page.view;
  const heads = new Uint8Array(words);
  for (let j = 0; j < words; j++) {
    const w = view.getUint32(j * 4, f.le), op = w >>> 26;
    if ((op !== 16 && op !== 18) || (w & 2) !== 0) continue;
    const d = op === 18 ? ((w & 0x03fffffc) << 6) >> 6 : ((w & 0xfffc) << 16) >> 16;
    if (d < 0 && j + d / 4 >= 0) heads[j + d / 4] = 1;
  }
  return heads;
}

function form(f: Former, i: number): Shape | null {
  const { page, base, le } = f;
  const words = page.code!.length;
  const insns: Shape['insns'] = [];
  let br: Shape['br'] = null;
  let fallbackBranch: Op | null = null;
  const heads = f.heads ?? (f.heads = loopHeads(f));
  let j = i;
  while (j < words && j - i < MAX_LEN && (j === i || heads[j] === 0)) {
    const w = page.view.getUint32(j * 4, le);
    const k = kindOf(w);
    if (k === Kind.SPECIAL) break;
    const op = f.decodeAt(j);
    if (f.isIllegal(op)) break;
    const g = gen(w, base + j * 4, le, op);
    j++;
    if (k === Kind.BRANCH) {
      if (g !== null && g.br) br = g.br;
      else fallbackBranch = op;
      break;
    }
    insns.push({ src: g === null ? null : g.src, mayFault: g === null || g.mayFault, op, vsrOnly: g === null && vsrOnly(w), acc: g?.acc ?? null });
  }
  if (j === i) return null;
  shareProbes(insns, (base + i * 4).toString(16));
  return { start: i, end: j, insns, br, fallbackBranch };
}

/**
 * The widest span one shared probe covers. A run whose span crosses a page boundary takes the
 * miss path for every access (jit-mem.ts: sharedProbe), so a narrow span keeps that rare: a
 * stack frame's saves and restores, a structure's fields.
 */
const MAX_SPAN = 256;

/** True when statements `src` may write register-file word n (or its pair n + 1). */
const writesReg = (src: string, n: number) => new RegExp(`\\bg\\[(${n}|${n + 1})\\]\\s*(=[^=]|[-+*/%&|^]=|<<=|>>>?=)`).test(src);

/**
 * Give each run of two or more D-form loads (or stores) through one base register, with no
 * write to that register and no interpreter closure between them (a closure may do anything),
 * one TLB probe (jit-mem.ts: sharedProbe): the probe and its DataView access were most of the
 * machine code V8 made for a memory access, and its optimizing compiler's time grows with that
 * code. Loads and stores keep separate runs (separate TLBs). A load into the base register
 * ends its run. `name` (the block's address) keeps the probes' names unique in a region.
 */
function shareProbes(insns: Shape['insns'], name: string): void {
  interface Run { a: number; write: boolean; at: number[]; dmin: number; dend: number }
  const open = new Map<string, Run>();
  let runs = 0;
  const close = (key: string) => {
    const r = open.get(key)!;
    open.delete(key);
    if (r.at.length < 2) return;
    const p = sharedProbe(`${name}_${runs++}`, r.a, r.dmin, r.at.map((n) => ({ delta: insns[n].acc!.d - r.dmin, size: insns[n].acc!.size })), r.write);
    r.at.forEach((n, x) => {
      const acc = insns[n].acc!;
      insns[n].src = `${x === 0 ? p.head + '\n' : ''}${acc.src(p.member(acc.d - r.dmin, acc.size))}`;
    });
  };
  insns.forEach((ins, n) => {
    if (ins.src === null) {
      if (!ins.vsrOnly) for (const key of [...open.keys()]) close(key);
      return;
    }
    const acc = ins.acc;
    if (acc !== null) {
      const key = `${acc.a}${acc.write ? 'w' : 'r'}`;
      const r = open.get(key);
      const dmin = Math.min(r?.dmin ?? acc.d, acc.d), dend = Math.max(r?.dend ?? acc.d + acc.size, acc.d + acc.size);
      if (r !== undefined && dend - dmin <= MAX_SPAN) {
        r.at.push(n); r.dmin = dmin; r.dend = dend;
      } else {
        if (r !== undefined) close(key);
        open.set(key, { a: acc.a, write: acc.write, at: [n], dmin: acc.d, dend: acc.d + acc.size });
      }
    }
    for (const [key, r] of [...open]) if (writesReg(ins.src, r.a)) close(key);
  });
  for (const key of [...open.keys()]) close(key);
}

/** CPU fields the templates use, kept in locals like the GPR halves. */
const FIELD_RE = /\bc\.(cr|ca32|ca|so)\b/g;
/** A field assignment (`c.ca = c.ca32 = ...` assigns two). */
const FIELD_SET_RE = /\bc\.(cr|ca32|ca|so) = /g;

/**
 * Register-file words are numbered for the localizer: GPR words (g) as their index, vector
 * words (cv) from VEC, FPR words (cf) from FPW. Each becomes the local `r<number>`.
 */
const VEC = 1000, FPW = 2000;
/** The register-file element a localizer number stands for. */
const slotOf = (n: number) => n >= FPW ? `cf[${n - FPW}]` : n >= VEC ? `cv[${n - VEC}]` : `g[${n}]`;

/**
 * True when code may keep the vector and FPR words it uses in locals: no interpreter closure
 * and no floating-point template or FPR load or store that moves an FPR as a double (through
 * c.f or `fd`, the Float64Array over the same words as cf, or H.arith with the Cpu).
 */
const VEC_BARRIER = /\bops\[|\bH\.arith\b|\bc\.(f|fw|v)\b|\bfd\[/;
function vecLocal(shapes: Shape[]): boolean {
  return shapes.every((s) => s.fallbackBranch === null &&
    s.insns.every((ins) => ins.src !== null && !VEC_BARRIER.test(ins.src)) && (s.br === null || !VEC_BARRIER.test(s.br.setup + s.br.test)));
}

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
function scan(code: string, vec = false, direct = false): Scanned {
  const used = new Set<number>(), written = new Set<number>(), fields = new Set<string>(), fieldsSet = new Set<string>();
  for (const m of code.matchAll(FIELD_SET_RE)) fieldsSet.add(m[1]);
  // With `vec`, the vector and FPR words too (vecLocal): the localizer number of a word.
  const num = (a: string, n: string) => a === 'g' ? Number(n) : (a === 'cv' ? VEC : FPW) + Number(n);
  const arr = vec ? '(g|cv|cf)' : '(g)';
  const setRe = new RegExp(`\\b${arr}\\[(\\d+)\\] = ([^;]*);`, 'g'), useRe = new RegExp(`\\b${arr}\\[(\\d+)\\]`, 'g');
  // With `direct` (straight-line code run once per call): a word read once and never written,
  // or written once and never read, stays an access of the register file where it is. A local
  // would be live from the function's entry (or to its exit), and V8 records every live value
  // at each of the many points where optimized code may deoptimize (each memory access has
  // several): a block saving or restoring a dozen registers cost its optimizing compiler far
  // more for locals that are touched once than the one access each saves.
  const keep = new Set<number>();
  if (direct) {
    const sets = new Map<number, number>(), uses = new Map<number, number>();
    for (const m of code.matchAll(setRe)) { const k = num(m[1], m[2]); sets.set(k, (sets.get(k) ?? 0) + 1); }
    for (const m of code.matchAll(useRe)) { const k = num(m[1], m[2]); uses.set(k, (uses.get(k) ?? 0) + 1); }
    for (const [k, n] of uses) {
      const w = sets.get(k) ?? 0;
      if ((w === 0 && n === 1) || (w === 1 && n === 1)) keep.add(k);
    }
  }
  /** A kept access, marked so the checks below pass it over (unmarked at the end). */
  const kept = (a: string, n: string) => `${a}\u0001[${n}]`;
  let out = code.replace(setRe, (m, a: string, n: string, e: string) => {
    const k = num(a, n);
    if (keep.has(k)) return m.replace(`${a}[${n}]`, kept(a, n));
    written.add(k);
    return `r${k} = (${e}) | 0;`;
  });
  out = out.replace(useRe, (_m, a: string, n: string) => {
    const k = num(a, n);
    if (keep.has(k)) return kept(a, n);
    used.add(k);
    return `r${k}`;
  });
  for (const n of written) used.add(n);
  out = out.replace(FIELD_RE, (_m, f: string) => { fields.add(f); return `f_${f}`; });
  if (/\bg\[/.test(out) || (vec && /\bc[vf]\[/.test(out))) throw new Error(`ppc64 jit: register access the localizer cannot rewrite:\n${code}`);
  out = out.split('\u0001[').join('[');
  return { code: out, used, written, fields, fieldsSet };
}

const byIndex = (set: Iterable<number>) => [...set].sort((x, y) => x - y);
/** Statements loading the locals of these words and fields from the Cpu. */
const loadsOf = (regs: Iterable<number>, fl: Iterable<string>) =>
  [...byIndex(regs).map((n) => `r${n} = ${slotOf(n)};`), ...[...fl].map((f) => `f_${f} = c.${f};`)].join(' ');
/** Statements storing the locals of these words and fields back into the Cpu. */
const storesOf = (regs: Iterable<number>, fl: Iterable<string>) =>
  [...byIndex(regs).map((n) => `${slotOf(n)} = r${n};`), ...[...fl].map((f) => `c.${f} = f_${f};`)].join(' ');

/**
 * Markers in generated code: where the registers a piece of code keeps in locals must be
 * stored back (before it leaves, or calls an interpreter closure that reads the register
 * file) and loaded again (after such a call).
 */
const SPILL = '/*spill*/';
const RELOAD = '/*reload*/';

/**
 * localize for one piece of code entered at the top: returns the rewritten code (markers
 * replaced), the statements loading every local it uses, the statements storing back what it
 * may have changed, and the declaration of the locals.
 */
function localize(code: string, vec: boolean, direct: boolean): { code: string; load: string; spill: string; decl: string } {
  const sc = scan(code, vec, direct);
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
 * Bound at the top of every generated function: the register file (`g`), the vector registers,
 * FPR words and FPRs the vector and FPR-memory templates use (jit-vec.ts), the Memory's TLB
 * arrays whose hit paths rd/wr inline, and the buffer an FPR load's miss leaves its bytes in
 * (jit-mem.ts rdF). The register-file arrays come from consts of the enclosing scope (see build).
 */
const PROLOGUE = 'const g = G, cv = CV, cf = CF, fd = FD, rT = m.rTag, rV = m.rView, wT = m.wTag, wV = m.wView, fx = m.fx;';
/**
 * The prologue of a body: the Memory for the miss path's getter and the FP helper's warm-up
 * only when the body has a memory access or an FP template. Each was a context store (and a
 * load and compare) at every call, and V8 compiled the warm-up branch into every optimized
 * block (docs/ppc64-jit.md, rule 11): qsort has no FP code, and about a fifth of its 10M block
 * calls have no memory access.
 */
const prologueOf = (body: string) => `${PROLOGUE} ${/\bX\.go\b/.test(body) ? MISS_WARM : ''} ${/\bY\.fp\b/.test(body) ? FP_WARM : ''}`;

/** The register-file arrays a function built without a Cpu is bound to: none (see build). */
const NO_CPU = { g: null, v: null, fw: null, f: null };

/**
 * The generated function, named for the guest code it runs (`name`: b<address> for a block,
 * r<page> for a region), so that a CPU profile or V8's optimization and deoptimization traces
 * say which block or region each entry is (they all showed as 'jit').
 *
 * It is bound to one Cpu's register file: the Int32Array of the GPRs and the vector, FPR-word
 * and FPR arrays are consts of the scope the function is made in. Each `new Function` makes
 * one closure, and V8's optimizing compiler specializes a function that has only one closure
 * to its context: a const there is a constant, so every register-file access at a constant
 * index is known in bounds and compiles to a bare load or store. Read through the parameter,
 * each carried a bounds check, a deoptimization point with a frame state of every live local
 * (a block loading and storing 36 registers had 72). The engine has one Cpu for its address
 * space (threads switch contexts by copying into it), so the function is called with that
 * Cpu's arrays; a call with another Cpu's (a page shared with another engine, a test's Cpu)
 * runs an instance made for that Cpu, made at its first call (`REBIND`).
 */
function build(name: string, params: string, body: string, ops: Op[], live: Live | null = null, cpu: Cpu | null = null): ((...a: never[]) => number) | null {
  const src = `"use strict";\n${MISS_SCOPE}\n${FP_SCOPE} ${VEC_SCOPE}\nconst G = CPU.g, CV = CPU.v, CF = CPU.fw, FD = CPU.f;\n` +
    `return function ${name}(${params}) {\nif (gp !== G) return REBIND(c)(${params});\n${prologueOf(body)}\n${body}\n};`;
  type Fn = (...a: never[]) => number;
  const made = new WeakMap<object, Fn>();
  const make = (c: Cpu | typeof NO_CPU): Fn => new Function('H', 'ops', 'LIVE', 'CPU', 'REBIND', src)(helpers, ops, live, c, rebind) as Fn;
  const rebind = (c: Cpu): Fn => {
    let f = made.get(c.g);
    if (f === undefined) { f = make(c); made.set(c.g, f); }
    return f;
  };
  try {
    return make(cpu ?? NO_CPU);
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

/**
 * The exits of a standalone block meet in one tail that stores what the engine reads (c.it,
 * c.npc) and the registers back: an exit path only assigns locals (the status st, the target
 * npc) and breaks out of the label EXIT (a loop's exits meet at its foot instead). V8 compiles
 * an operation it has no type feedback for (one that never ran before the function was
 * optimized) as a deoptimization, and an exit taken for the first time later (a loop stopped
 * by the budget, a branch not seen before) threw the optimized function away and had it
 * compiled again: for sha256's round loop, 0.1 s of the optimizing compiler at its first
 * budget stop. A constant or local assignment needs no feedback, and the shared stores have it
 * from the first exit of any kind.
 */
const EXIT = 'X';
/** The locals a compare template evaluates both of its compares into (jit-gen.ts: field32). */
const CMP_TEMPS = 'q0 = false, q1 = false, q2 = false, q3 = false';
/** Leave the function with status st through the common tail (after assignments to its locals). */
const exitWith = (st: number) => `st = ${st}; break ${EXIT};`;

/**
 * Instructions a loop on itself that counts down CTR runs in one call when CTR says it has more
 * than LONG_LOOP still to run (then it returns, as at a budget stop, and the run loop calls it
 * again). A loop that runs for most of a program in one call (a CRC's main loop, sha256's
 * input generator: 4M passes) only ever ran V8's on-stack-replacement code, whose loop values
 * come from the interpreter's frame untyped: V8 kept them tagged, and every pass shifted,
 * tagged and checked each one. Called over and over, the function gets V8's regular optimized
 * code, with the values loaded from the register file as int32s. A loop of a million
 * instructions or so in all (matmul's set-up) is left alone: split into calls, it was compiled
 * three times instead of once (its OSR code, the function, OSR again).
 */
export const LOOP_CALL = 1 << 16;
/** Instructions a CTR loop must have left to run (CTR passes) for LOOP_CALL to bound its calls. */
export const LONG_LOOP = 1 << 22;

/** True when the word is a bc that decrements CTR (BO bit 2 clear). */
const decrementsCtr = (w: number) => w >>> 26 === 16 && (w & (4 << 21)) === 0;

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
    // The pass is counted before the test, for both ways out, and both meet at the foot of the
    // loop (see EXIT): inside the loop, as V8 drops code it compiled for a loop entered mid-run
    // (on-stack replacement, in a long first call) only when that code deoptimizes inside the
    // loop; a deoptimization after it would repeat at every later call.
    code = `${lc ? lc.init : ''} for (;;) {\n${body}\nk = ${len - 1};\n${br.setup}\n++it;\n` +
      `if (${lc ? lc.test : br.test}) { if (it < n) continue; npc = ${br.target}; st = 1; } else st = 0;\n` +
      `c.it = it; c.npc = npc; ${lc ? lc.mat : ''} ${SPILL} return st;\n}`;
  } else {
    let tail = exitWith(0);
    if (br) tail = `${br.setup}\nif (${br.test}) { npc = ${br.target}; ${exitWith(1)} }\n${exitWith(0)}`;
    else if (s.fallbackBranch) { ops.push(s.fallbackBranch); tail = `k = ${len - 1}; ${SPILL} ${where} return ops[${ops.length - 1}](c);`; }
    code = `${body}\n${tail}`;
  }
  const l = localize(code, vecLocal([s]), !loops);
  // A loop counting down CTR bounds its own call when CTR says it is long (see LOOP_CALL).
  const bound = loops && decrementsCtr(f.page.view.getUint32((s.end - 1) * 4, f.le))
    ? `if (n > ${Math.max(1, Math.floor(LOOP_CALL / len))} && (g[${CTR + 1}] !== 0 || (g[${CTR}] >>> 0) > ${Math.floor(LONG_LOOP / len)})) n = ${Math.max(1, Math.floor(LOOP_CALL / len))};\n`
    : '';
  // The body leaves by `break EXIT` (st set), by the loop's return, or by `break FAULT` when a
  // memory access faulted (jit-mem.ts): st = -1, the loop's CR field merged (taken in before it).
  // The engine reads c.fk only for a fault, and c.it only from a looping block: stored at every
  // call, they were two stores of the Cpu in each of qsort's 10M block calls. (A fault is rare,
  // and its path may meet V8's optimized code without type feedback: rule 1 is about exits.)
  const src = `${bound}let k = 0, it = 0, st = 0, npc = 0, ${CMP_TEMPS}${lc ? ', crv = 0' : ''};\n${l.decl}\n${l.load}\n` +
    `${EXIT}: {\n${FAULT}: {\n${l.code}\n}\nst = -1;\n}\n` +
    `${loops ? 'c.it = it; ' : ''}c.npc = npc; ${lc ? localCr(lc.mat) : ''} ${l.spill}\nif (st < 0) { c.fk = k; ${FAULT_TAKE} throw e; }\nreturn st;`;
  const fn = build(`b${(f.base + i * 4).toString(16)}`, 'c, gp, m, n', src, ops, null, f.cpu ?? null);
  if (fn === null) return NO_BLOCK;
  return { fn: fn as unknown as BlockFn, len, start: s.start, end: s.end, loops, calls: 0 };
}

/** A block of another page to compile into a region: that page's Former and its start word. */
export interface ForeignStart { f: Former; start: number }

/**
 * A region's validity as its foreign blocks see it: cleared when another page's code it holds
 * changes (memory.ts: dropDependents). A region already running when that happens (the store
 * was its own, or a closure's it called) checks it before each foreign block and leaves, so a
 * call after the change runs the new code.
 */
export interface Live { ok: boolean }

/** A block compiled into a region. */
interface Member {
  s: Shape;
  /** Base address of its page, and its case key: the word index for the region's own page,
   * WORDS + n for the n-th block of another page. */
  fbase: number;
  key: number;
  /** Word offset of its page from the region's page (0 for its own blocks). */
  rel: number;
  own: boolean;
}

/** The word of the branch ending a shape, or -1. */
const branchWord = (f: Former, s: Shape) => s.br === null && s.fallbackBranch === null ? -1 : f.page.view.getUint32((s.end - 1) * 4, f.le);
/** True for a branch that sets LR (bl, bcl, bclrl, bcctrl): its fall-through is a return site. */
const links = (w: number) => w >= 0 && (w & 1) === 1 && [16, 18, 19].includes(w >>> 26);
/** True for bclr without link (a return). */
const isReturn = (w: number) => w >>> 26 === 19 && ((w >>> 1) & 0x3ff) === 16 && (w & 1) === 0;

/**
 * `linked` in the result says whether any block of the region can go to another one (a jump, a
 * fall-through, a call or return it follows): a region of lone blocks runs each as its
 * standalone block does, and is not worth its compile (engine.ts: buildRegion).
 *
 * Compile a region from block start indices (hottest first), and blocks of other pages its
 * code calls often (`foreign`: a comparison callback a sort calls through a pointer, say).
 * Blocks of the page are added while they stay under MAX_REGION instructions, the foreign ones
 * under MAX_FOREIGN more: the page's first `nOld` starts (the blocks already in its region),
 * then the foreign ones, then the rest. Returns the function, the included starts of the page,
 * and the included foreign blocks (their pages and word ranges).
 *
 * The registers the region uses live in locals from entry to exit: moving from one case to
 * another costs nothing. What crosses the boundary is kept to what the path can touch (a
 * region often holds unrelated hot blocks of one page, say a comparison function beside a
 * loop, and an entry into one of them should not load and store the other's registers):
 * - leaving from block B (a return, an interpreter closure, a fault) stores back WB(B): what
 *   B and the blocks that can run before it in this call (those that reach B) may write;
 * - entering at E loads what the blocks reachable from E read, and their WB sets (so that
 *   every local stored back holds either a loaded or a computed value).
 * The graph's edges are constant targets and fall-throughs that are blocks of the region, and
 * two kinds of computed target checked against constants: a call through CTR (or LR, blrl)
 * to a foreign block, and a return (blr) to a block of the region that follows a call (a
 * return site). Each such move goes to a block of the region, so the sets above cover every
 * path; any other computed target leaves (the engine enters again there if it is an entry).
 *
 * Foreign blocks are entered only by those edges, never by the engine. One that does not fit
 * the budget, or a move from one to code outside the region, returns 1 with the address in
 * c.npc. Fault positions (k, bs) stay word offsets from this page's base, negative or past the
 * page for foreign code, so the engine's `base + c.fk * 4` is still the address.
 */
export function compileRegion(f: Former, starts: number[], foreign: ForeignStart[] = [], nOld = starts.length):
  { fn: RegionFn; live: Live; entries: number[]; foreign: { page: Page; base: number; start: number; end: number }[]; linked: boolean } | null {
  if (!jitAvailable) return null;
  const base = f.base;
  const words = f.page.code!.length;
  const members: Member[] = [];
  const formers: Former[] = [];
  let total = 0, foreignTotal = 0, foreignN = 0;
  const seen = new Set<number>();
  const add = (sf: Former, i: number, own: boolean) => {
    const addr = sf.base + i * 4;
    if (seen.has(addr)) return;
    const s = form(sf, i);
    if (s === null) return;
    const n = s.end - s.start;
    if (own ? total + n > MAX_REGION && total > 0 : foreignTotal + n > MAX_FOREIGN) return;
    seen.add(addr);
    members.push({ s, fbase: sf.base, key: own ? i : words + foreignN++, rel: (sf.base - base) / 4, own });
    formers.push(sf);
    if (own) total += n; else foreignTotal += n;
  };
  for (const i of starts.slice(0, nOld)) add(f, i, true);
  for (const x of foreign) add(x.f, x.start, false);
  for (const i of starts.slice(nOld)) add(f, i, true);
  if (!members.some((m) => m.own)) return null;
  const entries = new Set(members.filter((m) => m.own).map((m) => m.s.start));
  /** Case key of each address that starts a block of the region. */
  const keyOf = new Map(members.map((m) => [m.fbase + m.s.start * 4, m.key]));
  const foreignAddrs = members.filter((m) => !m.own).map((m) => m.fbase + m.s.start * 4);
  const returnSites = members.map((m, n) => links(branchWord(formers[n], m.s)) ? m.fbase + m.s.end * 4 : -1)
    .filter((a) => keyOf.has(a));
  const ops: Op[] = [];
  const where = 'c.fk = k; c.rd = done; c.fbs = bs;';
  /** Leave the function, stopped at word index t (through the shared tail: see below). */
  const stop = (t: string | number) => `{ ti = ${t}; break S; }`;
  /** Leave the function for the address expression a. */
  const leave = (a: string | number) => `{ st = 1; tn = ${a}; break S; }`;
  /**
   * After an interpreter closure branched (everything reloaded): go to the in-page word index
   * held in d by switch if it is an entry of the page.
   */
  const goReloaded = (d: string) =>
    `const dw = ${d} >>> 2; switch (dw) { ${[...entries].map((e) => `case ${e}:`).join(' ')} i = dw; continue R; } ${stop('dw')}`;
  const blocks: { s: Shape; key: number; sc: Scanned; succ: number[]; faultMat: string; bs: number }[] = [];
  const vec = vecLocal(members.map((m) => m.s));
  const crLocals: string[] = [];
  members.forEach((mb, mi) => {
    const { s, fbase, key, rel, own } = mb;
    const len = s.end - s.start;
    const here = fbase + s.start * 4;
    const lc = s.br !== null && s.br.constTarget === here ? loopCr(s, `crv${key}`) : null;
    if (lc) crLocals.push(`crv${key}`);
    const mat = lc ? lc.mat : '';
    const body = bodyOf(lc ? lc.shape : s, ops, (n) => rel + s.start + n, where);
    const succ: number[] = [];
    /** Go to the constant address a: a block of the region (an edge), a word of the page (stop there), or out. */
    const goAbs = (a: number) => {
      const t = keyOf.get(a);
      if (t !== undefined) { succ.push(t); return `i = ${t}; continue R;`; }
      const d = a - base;
      return d >= 0 && d < words * 4 && d % 4 === 0 ? stop(d / 4) : leave(a);
    };
    /** Moves by a computed target held in x that are edges (see above): statements, or ''. */
    const edges = (x: string, w: number) => {
      const to = isReturn(w) ? returnSites : foreignAddrs;
      if (to.length === 0) return '';
      for (const a of to) succ.push(keyOf.get(a)!);
      return `switch (${x}) { ${to.map((a) => `case ${a}: i = ${keyOf.get(a)}; continue R;`).join(' ')} }`;
    };
    let tail: string;
    let selfLoop = false;
    const br = s.br;
    const k = rel + s.end - 1;
    if (br) {
      // The pass is counted once, before the test: an operation only one way of leaving had
      // would first run (and lack type feedback) when that way is first taken (see EXIT).
      const test = lc ? lc.test : br.test;
      if (br.constTarget === here) {
        // A loop on itself: go round again without the switch while the budget lasts. It
        // leaves by its fall-through or, taken, for the budget (the next entry stops).
        selfLoop = true;
        tail = `k = ${k};\n${br.setup}\ndone += ${len}; const tk = ${test};\nif (tk && left - done >= ${len}) continue L;\n` +
          `${mat} if (tk) { i = ${key}; continue R; } ${goAbs(fbase + s.end * 4)}`;
      } else {
        // Another computed target leaves, even for a block of the region: entering it here would
        // need its entry's loads (the run loop calls the region again, at that block).
        const taken = br.constTarget !== null ? goAbs(br.constTarget) : `${edges(br.target, branchWord(formers[mi], s))} ${leave(br.target)}`;
        tail = `k = ${k};\n${br.setup}\ndone += ${len};\nif (${test}) { ${taken} }\n${mat} ${goAbs(fbase + s.end * 4)}`;
      }
    } else if (s.fallbackBranch) {
      ops.push(s.fallbackBranch);
      tail = `k = ${k};\n${SPILL} ${where}\nconst bst = ops[${ops.length - 1}](c);\n${RELOAD}\ndone += ${len};\nif (bst === 1) { const bn = c.npc, d = bn - ${base}; ` +
        `if (d >= 0 && d < ${words * 4}) { ${goReloaded('d')} } ${leave('bn')} }\n${goAbs(fbase + s.end * 4)}`;
    } else {
      tail = `done += ${len}; ${goAbs(fbase + s.end * 4)}`;
    }
    if (selfLoop) succ.push(key);
    const code = selfLoop ? `${lc ? lc.init : ''} L: for (;;) {\n${body}\n${tail}\n}` : `${body}\n${tail}`;
    const short = own ? `if (left - done < ${len}) ${stop(s.start)}` : `if (left - done < ${len} || !LIVE.ok) ${leave(here)}`;
    const bs = rel + s.start;
    const sc = scan(`case ${key}: {\n${short}\nbs = ${bs};\n${code}\n}`, vec);
    blocks.push({ s, key, sc, succ, faultMat: lc ? localCr(lc.mat) : '', bs });
  });
  // Reachability within the region (each block reaches itself).
  const index = new Map(blocks.map((b, n) => [b.key, n]));
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
  const allWritten = new Set<number>(), allSet = new Set<string>();
  for (const b of blocks) { for (const r of b.sc.written) allWritten.add(r); for (const fl of b.sc.fieldsSet) allSet.add(fl); }
  const cases: string[] = [], faultStores: string[] = [];
  blocks.forEach((b, n) => {
    const spill = storesOf(wbRegs[n], wbFields[n]);
    cases.push(b.sc.code.split(SPILL).join(spill).split(RELOAD).join(reload));
    faultStores.push(`case ${b.bs}: ${b.faultMat} ${spill} break;`);
  });
  const names = [...byIndex(allRegs).map((n) => `r${n}`), ...[...allFields].map((x) => `f_${x}`), ...crLocals];
  const decl = names.length ? `let ${names.map((d) => `${d} = 0`).join(', ')};` : '';
  // Every entry loads every local and every way out (a stop, a leave, and the switch's end,
  // reached at entry with a word that is no entry) meets in one tail at the foot of the loop
  // that stores what any block writes: each load and store then has its type feedback from
  // the first call, whichever entry and exit it took (docs/ppc64-jit.md, rule 6). With a load
  // and a store of its own per entry and per exit, the first entry or exit of a kind taken
  // after V8 optimized the region threw that code away (qsort: an entry at a loop's second
  // block; memcpy's region: an exit for a length not seen before).
  const src = `let i = c.ri, done = 0, k = 0, bs = 0, st = 0, ti = 0, tn = 0, ${CMP_TEMPS};\n${decl}\n${reload}\n` +
    `${FAULT}: {\nR: for (;;) {\nS: switch (i) {\n${cases.join('\n')}\ndefault: ti = i;\n}\n` +
    `${storesOf(allWritten, allSet)}\nc.rd = done; c.ri = ti; c.npc = tn; return st;\n}\n}\n` +
    `c.rd = done; c.fk = k; c.fbs = bs; switch (bs) {\n${faultStores.join('\n')}\n}\n${FAULT_TAKE} throw e;`;
  const live: Live = { ok: true };
  const fn = build(`r${base.toString(16)}`, 'c, gp, m, left', src, ops, live, f.cpu ?? null);
  if (fn === null) return null;
  return {
    fn: fn as unknown as RegionFn, live,
    entries: [...entries],
    linked: blocks.some((b) => b.succ.some((t) => t !== b.key)),
    foreign: members.flatMap((m, n) => m.own ? [] : [{ page: formers[n].page, base: m.fbase, start: m.s.start, end: m.s.end }]),
  };
}
