// The block compiler: a straight-line run of instructions that has been entered often enough
// is turned into one JavaScript function (through `new Function`), so that V8 compiles the
// guest code's data flow directly instead of dispatching one closure per instruction.
// A block ends after its first branch, before any instruction that needs the run loop (sc,
// traps, mftb, words that do not decode), at the end of the 4 KiB page, or at MAX_LEN. A block
// whose final branch returns to its own first instruction loops inside the function, bounded
// by the instruction budget.
//
// The generated function returns 0 (fall through to the instruction after the block) or 1
// (branch taken, target in c.npc), and sets c.it to the number of completed passes for
// looping blocks. A guest fault escapes as an exception after storing in c.fk the index of
// the faulting instruction (and c.it for loops): the engine then knows exactly how many
// instructions completed and where the fault happened.
//
// Where `new Function` is not allowed (a browser page with a strict Content Security Policy),
// compilation fails once and the engine stays on the interpreter.

import type { Cpu, Op } from './cpu.js';
import type { Memory, Page } from './memory.js';
import { gen } from './jit-gen.js';
import { mul64, mulhu32, out } from './int64.js';

export const MAX_LEN = 128;

export type BlockFn = (c: Cpu, g: Int32Array, m: Memory, n: number) => number;

export interface Block {
  fn: BlockFn;
  /** Instructions in one pass. */
  len: number;
  /** Word index just past the block (fall-through position). */
  end: number;
  /** True when the function may run several passes (reports them in c.it). */
  loops: boolean;
}

/** Placeholder for "no block can start here" (first instruction needs the run loop). */
export const NO_BLOCK: Block = { fn: () => 0, len: Infinity, end: 0, loops: false };

const helpers = { mul64, mulhu32, out };

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

/**
 * Compile the block starting at word index `i` of `page` (page base address `base`).
 * `decodeAt` gives the interpreter closure for a word index (decoding it if needed);
 * `isIllegal` tells whether a closure is the illegal-instruction op.
 */
export function compileBlock(page: Page, i: number, base: number, le: boolean,
                             decodeAt: (i: number) => Op, isIllegal: (op: Op) => boolean): Block {
  if (!jitAvailable) return NO_BLOCK;
  const ops: Op[] = [];
  const parts: string[] = [];
  const words = page.code!.length;
  let j = i;
  let terminated = false;
  let loopTarget: number | null = null;
  let br: { setup: string; test: string; target: string; constTarget: number | null } | null = null;
  let fallbackBranch = -1;
  while (j < words && j - i < MAX_LEN) {
    const w = page.view.getUint32(j * 4, le);
    const k = kindOf(w);
    if (k === Kind.SPECIAL) break;
    const op = decodeAt(j);
    if (isIllegal(op)) break;
    const pc = base + j * 4;
    const g = gen(w, pc);
    const idx = j - i;
    if (k === Kind.BRANCH) {
      if (g !== null && g.br) {
        br = g.br;
        if (g.br.constTarget === base + i * 4) loopTarget = g.br.constTarget;
      } else {
        ops.push(op);
        fallbackBranch = ops.length - 1;
        parts.push(`k = ${idx};`);
      }
      j++;
      terminated = true;
      break;
    }
    if (g !== null) {
      if (g.mayFault) parts.push(`k = ${idx};`);
      parts.push(g.src);
    } else {
      ops.push(op);
      parts.push(`k = ${idx}; ops[${ops.length - 1}](c);`);
    }
    j++;
  }
  const len = j - i;
  if (len === 0) return NO_BLOCK;
  let body: string;
  const loops = loopTarget !== null;
  if (loops && br) {
    body = `let k = 0, it = 0;\ntry { for (;;) {\n${parts.join('\n')}\n${br.setup}\n` +
      `if (${br.test}) { if (++it < n) continue; c.it = it; c.npc = ${br.target}; return 1; }\n` +
      `c.it = it + 1; return 0;\n} } catch (e) { c.it = it; c.fk = k; throw e; }`;
  } else {
    let tail = 'return 0;';
    if (terminated && br) tail = `${br.setup}\nif (${br.test}) { c.npc = ${br.target}; return 1; }\nreturn 0;`;
    else if (terminated && fallbackBranch >= 0) tail = `return ops[${fallbackBranch}](c);`;
    body = `let k = 0;\ntry {\n${parts.join('\n')}\n${tail}\n} catch (e) { c.fk = k; throw e; }`;
  }
  let fn: BlockFn;
  try {
    fn = new Function('H', 'ops', `"use strict"; return function block(c, g, m, n) {\n${body}\n};`)(helpers, ops) as BlockFn;
  } catch (e) {
    // A syntax error is a bug in a template; anything else means code generation is not
    // permitted here (CSP): fall back to the interpreter for good.
    if (e instanceof SyntaxError) throw new Error(`ppc64 jit: bad generated code: ${e.message}\n${body}`);
    jitAvailable = false;
    return NO_BLOCK;
  }
  return { fn, len, end: j, loops };
}
