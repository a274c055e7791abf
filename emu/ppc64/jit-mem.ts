// Inline guest loads and stores for generated code (jit-gen.ts, jit-vec.ts): the Memory's TLB
// hit path as source text, falling back to the Memory on a miss.
//
// Two things keep V8's optimizing compiler fast and its code stable here:
//
// - No try/catch around generated code. A handler that must store every register back makes
//   all of them live at every operation that might throw (in V8's view, nearly every one), and
//   compiling that took hundreds of milliseconds per function on a loaded machine while the
//   code ran unoptimized meanwhile. Instead a guest fault is caught where it happens — in the
//   miss path below, or around a template that calls the Memory directly (`guard`) — kept in
//   `xe`, and the code breaks out to the label FAULT, after which the function records where
//   it stopped, stores its registers back and rethrows (jit.ts).
// - The miss path never shows the optimizing compiler a site it has never seen run: every call
//   and property store carries its own feedback slot, and optimized code reaching an empty one
//   throws itself away and runs unoptimized (allocating a heap number per address) until V8
//   compiles it again. So a miss passes its operands in variables of the enclosing scope
//   (stores to those carry no feedback) and runs the one getter `X.go` (loads of one name from
//   one variable share a slot, which the prologue fills by running it with MISS_NONE on the
//   first WARM_ENTRIES entries, by when V8 has given the function its feedback vector); the
//   getter calls Memory.miss, one function for every generated function.

/** Memory.miss kinds (`xk`): loads of 1, 2, 4, 8 bytes, stores of 1, 2, 4, 8 bytes. */
export const MISS_NONE = -1;
const R8 = 0, R16 = 1, R32 = 2, R64 = 3, W8 = 4, W16 = 5, W32 = 6, W64 = 7;

/** The label of the block wrapping a generated function's body: `break FAULT` leaves on a fault. */
export const FAULT = 'F';

const WARM_ENTRIES = 1000;

/** Declarations at the top of the source that encloses a generated function. */
export const MISS_SCOPE = `let xk = ${MISS_NONE}, xa = 0, xl = 0, xh = 0, xm = null, xe = null, xw = ${WARM_ENTRIES};\n` +
  'const X = { get go() { try { return xm.miss(xk, xa, xl, xh); } catch (e) { xe = e; return 0; } } };';
/** Prologue statements of every generated function: fill the feedback of the miss path. */
export const MISS_WARM = `xm = m; if (xw !== 0) { xw--; xk = ${MISS_NONE}; X.go; xh = m.rdHi; }`;
/** After `break FAULT`: take the fault out of `xe` (as `e`) for the next entry. */
export const FAULT_TAKE = 'const e = xe; xe = null;';

/** Run a miss of kind k (operands already in xa/xl/xh), then leave if it faulted. */
const miss = (k: number, result = '') => `xk = ${k}; ${result}X.go; if (xe !== null) break ${FAULT};`;

/** A template that calls the Memory directly: a fault there leaves through FAULT too. */
export function guard(body: string): string {
  return `try { ${body} } catch (e) { xe = e; break ${FAULT}; }`;
}

import { TLB_MASK } from './memory.js';

/**
 * Statements reading `size` bytes at address expression `ea` (bound to the const `ea`, which
 * update forms write back): the value lands in const `v` (1, 2 bytes: unsigned; 4 bytes:
 * int32) or `vl`/`vh` (8 bytes). The read TLB's hit path is inlined (`rT`/`rV`: the Memory's
 * tags and views, bound once per generated function); a miss, a page-crossing access or a
 * fault goes through Memory.miss (see above). Inlined, the common access costs no call, and an
 * address beyond V8's small integers (a stack or mmap pointer) is not boxed as an argument.
 */
export function rd(size: 1 | 2 | 4 | 8, ea: string, le: boolean): string {
  const hit = `const pn = Math.floor(ea / 4096), ti = pn & ${TLB_MASK}, off = ea - pn * 4096; const hit = rT[ti] === pn && off <= ${4096 - size};`;
  switch (size) {
    case 1: return `const ea = ${ea}; ${hit} let v = 0; if (hit) v = rV[ti].getUint8(off); else { xa = ea; ${miss(R8, 'v = ')} }`;
    case 2: return `const ea = ${ea}; ${hit} let v = 0; if (hit) v = rV[ti].getUint16(off, ${le}); else { xa = ea; ${miss(R16, 'v = ')} }`;
    case 4: return `const ea = ${ea}; ${hit} let v = 0; if (hit) v = rV[ti].getInt32(off, ${le}); else { xa = ea; ${miss(R32, 'v = ')} }`;
    case 8: return `const ea = ${ea}; ${hit} let vl = 0, vh = 0; if (hit) { const d = rV[ti]; vh = d.getInt32(off + ${le ? 4 : 0}, ${le}); vl = d.getInt32(off + ${le ? 0 : 4}, ${le}); } else { xa = ea; ${miss(R64, 'vl = ')} vh = m.rdHi; }`;
  }
}

/** Statements writing value expressions (lo, and hi for 8 bytes) to address expression ea (write TLB inlined, as rd). */
export function wr(size: 1 | 2 | 4 | 8, ea: string, le: boolean, lo: string, hi = '0'): string {
  const hit = `const pn = Math.floor(ea / 4096), ti = pn & ${TLB_MASK}, off = ea - pn * 4096;`;
  const test = `wT[ti] === pn && off <= ${4096 - size}`;
  switch (size) {
    case 1: return `const ea = ${ea}; ${hit} if (${test}) wV[ti].setUint8(off, ${lo}); else { xa = ea; xl = ${lo}; ${miss(W8)} }`;
    case 2: return `const ea = ${ea}; ${hit} if (${test}) wV[ti].setUint16(off, ${lo}, ${le}); else { xa = ea; xl = ${lo}; ${miss(W16)} }`;
    case 4: return `const ea = ${ea}; ${hit} if (${test}) wV[ti].setInt32(off, ${lo}, ${le}); else { xa = ea; xl = ${lo}; ${miss(W32)} }`;
    case 8: return `const ea = ${ea}; ${hit} if (${test}) { const d = wV[ti]; d.setInt32(off + ${le ? 4 : 0}, ${hi}, ${le}); d.setInt32(off + ${le ? 0 : 4}, ${lo}, ${le}); } else { xa = ea; xl = ${lo}; xh = ${hi}; ${miss(W64)} }`;
  }
}

