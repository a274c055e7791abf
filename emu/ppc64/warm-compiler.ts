// Stand-ins for the block compiler (jit.ts compileBlock and compileRegion), used only by the
// run loop's warm-up guest (engine.ts runWarmGuest). The warm-up is there so that V8 meets
// every path of run() that compiled code takes before it optimizes run(); what the compiled
// code is does not matter to run(), only that blocks and regions exist and keep its protocol
// (a block's status, c.it and c.npc; a region's c.ri, c.rd and c.npc). The real compiler's
// first use costs ~15 ms of CPU (its functions parsed and run cold, its regular expressions
// made, `new Function`), too much to pay early in a program that may never compile a block;
// these run the page's decoded instructions instead, and cost next to nothing.
import { ST_JUMP, ST_NEXT, type Cpu, type Op } from './cpu.js';
import { NO_BLOCK, type Block, type compileRegion, type Former } from './jit.js';
import { PAGE_SIZE } from './memory.js';

/** One straight run of instructions: its decoded operations, word range, and whether its branch goes back to its start. */
interface Run { ops: Op[]; start: number; end: number; loops: boolean }

const WORDS = PAGE_SIZE / 4;
/** Primary opcodes that end a run: bc, b, and bclr/bcctr's group. sc (17) needs the run loop. */
const BC = 16, SC = 17, B = 18, XL = 19;

/** The run starting at word i: up to and including its first branch, stopping before an sc; null if empty. */
function runAt(f: Former, i: number): Run | null {
  const ops: Op[] = [];
  let j = i, loops = false;
  for (; j < WORDS; j++) {
    const w = f.page.view.getUint32(j * 4, f.le), po = w >>> 26;
    if (po === SC) break;
    ops.push(f.decodeAt(j));
    if (po === BC || po === B || po === XL) {
      // A relative bc whose 14-bit displacement leads back to the run's first word.
      loops = po === BC && (w & 2) === 0 && (((w << 16) >> 16) & ~3) === (i - j) * 4;
      j++;
      break;
    }
  }
  return ops.length === 0 ? null : { ops, start: i, end: j, loops };
}

/** Run the operations once; the last one's status (ST_JUMP: a branch taken, its target in c.npc). */
function pass(c: Cpu, ops: Op[]): number {
  let s = ST_NEXT;
  for (let k = 0; k < ops.length; k++) s = ops[k](c);
  return s;
}

/** compileBlock's stand-in: a block of the same shape (V8's hidden class) and protocol. */
export function warmBlock(f: Former, i: number): Block {
  const r = runAt(f, i);
  if (r === null) return NO_BLOCK;
  const { ops, loops } = r;
  // `function`, not an arrow: the generated functions' kind.
  const fn = loops
    ? function (c: Cpu, _g: Int32Array, _m: unknown, n: number): number {
      for (let it = 1; ; it++) {
        const s = pass(c, ops);
        if (s === ST_JUMP && it < n) continue;
        c.it = it;
        return s === ST_JUMP ? 1 : 0;
      }
    }
    : function (c: Cpu): number { return pass(c, ops) === ST_JUMP ? 1 : 0; };
  // The same properties in the same order as compileBlock's result.
  return { fn, len: r.end - r.start, start: r.start, end: r.end, loops, calls: 0 };
}

/** compileRegion's stand-in: the page's runs at `starts`, moving between them within the budget; no foreign blocks. */
export function warmRegion(f: Former, starts: number[]): ReturnType<typeof compileRegion> {
  const runs = new Map<number, Run>();
  for (const i of starts) {
    const r = runAt(f, i);
    if (r !== null) runs.set(i, r);
  }
  if (runs.size === 0) return null;
  const base = f.base;
  const fn = function (c: Cpu, _g: Int32Array, _m: unknown, left: number): number {
    let i = c.ri, done = 0;
    for (;;) {
      const r = runs.get(i);
      // Stopped at a word that is no entry, or at one the budget does not cover.
      if (r === undefined || left - done < r.end - r.start) { c.rd = done; c.ri = i; c.npc = 0; return 0; }
      const s = pass(c, r.ops);
      done += r.end - r.start;
      i = r.end;
      if (s === ST_JUMP) {
        const d = c.npc - base;
        if (d < 0 || d >= PAGE_SIZE) { c.rd = done; c.ri = 0; return 1; }
        i = d >>> 2;
      }
    }
  };
  return { fn, live: { ok: true }, entries: [...runs.keys()], foreign: [], linked: runs.size > 1 };
}
