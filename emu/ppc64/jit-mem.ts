// Inline guest loads and stores for generated code (jit-gen.ts, jit-vec.ts): the Memory's TLB
// hit path as source text, falling back to the Memory on a miss.
//
// The miss path must not give V8's optimizing compiler a site it has never seen run: every
// call and property store in a function carries its own feedback slot, and optimized code
// that reaches one still empty throws itself away ("insufficient type feedback") and runs
// unoptimized, allocating a heap number for every address, until V8 compiles it again —
// hundreds of milliseconds for a region on a busy machine, once per memory instruction whose
// TLB first misses after optimization. So a miss passes its operands in variables of the
// generated function's enclosing scope (stores to those carry no feedback) and runs through
// the one getter `X.go` there (property loads of one name from one variable share a feedback
// slot, which the prologue fills by running it with MISS_NONE on every entry); the getter
// calls Memory.miss, one function for every generated function, so it too is warm after the
// first miss of each kind in the process. See jit.ts: MISS_SCOPE and MISS_WARM.

/** Memory.miss kinds (`xk`): loads of 1, 2, 4, 8 bytes, stores of 1, 2, 4, 8 bytes. */
export const MISS_NONE = -1;
const R8 = 0, R16 = 1, R32 = 2, R64 = 3, W8 = 4, W16 = 5, W32 = 6, W64 = 7;

/** Declarations at the top of the source that encloses a generated function. */
export const MISS_SCOPE = `let xk = ${MISS_NONE}, xa = 0, xl = 0, xh = 0, xm = null;\n` +
  'const X = { get go() { return xm.miss(xk, xa, xl, xh); } };';
/** Prologue statements of every generated function: fill the feedback of the miss path. */
export const MISS_WARM = `xm = m; xk = ${MISS_NONE}; X.go; xh = m.rdHi;`;

/**
 * Statements reading `size` bytes at address expression `ea` (bound to the const `ea`, which
 * update forms write back): the value lands in const `v` (1, 2 bytes: unsigned; 4 bytes:
 * int32) or `vl`/`vh` (8 bytes). The read TLB's hit path is inlined (`rT`/`rV`: the Memory's
 * tags and views, bound once per generated function); a miss, a page-crossing access or a
 * fault goes through Memory.miss (see above). Inlined, the common access costs no call, and an
 * address beyond V8's small integers (a stack or mmap pointer) is not boxed as an argument.
 */
export function rd(size: 1 | 2 | 4 | 8, ea: string, le: boolean): string {
  const hit = `const pn = Math.floor(ea / 4096), ti = pn & 255, off = ea - pn * 4096; const hit = rT[ti] === pn && off <= ${4096 - size};`;
  switch (size) {
    case 1: return `const ea = ${ea}; ${hit} const v = hit ? rV[ti].getUint8(off) : (xk = ${R8}, xa = ea, X.go);`;
    case 2: return `const ea = ${ea}; ${hit} const v = hit ? rV[ti].getUint16(off, ${le}) : (xk = ${R16}, xa = ea, X.go);`;
    case 4: return `const ea = ${ea}; ${hit} const v = hit ? rV[ti].getInt32(off, ${le}) : (xk = ${R32}, xa = ea, X.go);`;
    case 8: return `const ea = ${ea}; ${hit} let vl = 0, vh = 0; if (hit) { const d = rV[ti]; vh = d.getInt32(off + ${le ? 4 : 0}, ${le}); vl = d.getInt32(off + ${le ? 0 : 4}, ${le}); } else { xk = ${R64}; xa = ea; vl = X.go; vh = m.rdHi; }`;
  }
}

/** Statements writing value expressions (lo, and hi for 8 bytes) to address expression ea (write TLB inlined, as rd). */
export function wr(size: 1 | 2 | 4 | 8, ea: string, le: boolean, lo: string, hi = '0'): string {
  const hit = `const pn = Math.floor(ea / 4096), ti = pn & 255, off = ea - pn * 4096;`;
  const test = `wT[ti] === pn && off <= ${4096 - size}`;
  switch (size) {
    case 1: return `const ea = ${ea}; ${hit} if (${test}) wV[ti].setUint8(off, ${lo}); else { xk = ${W8}; xa = ea; xl = ${lo}; X.go; }`;
    case 2: return `const ea = ${ea}; ${hit} if (${test}) wV[ti].setUint16(off, ${lo}, ${le}); else { xk = ${W16}; xa = ea; xl = ${lo}; X.go; }`;
    case 4: return `const ea = ${ea}; ${hit} if (${test}) wV[ti].setInt32(off, ${lo}, ${le}); else { xk = ${W32}; xa = ea; xl = ${lo}; X.go; }`;
    case 8: return `const ea = ${ea}; ${hit} if (${test}) { const d = wV[ti]; d.setInt32(off + ${le ? 4 : 0}, ${hi}, ${le}); d.setInt32(off + ${le ? 0 : 4}, ${lo}, ${le}); } else { xk = ${W64}; xa = ea; xl = ${lo}; xh = ${hi}; X.go; }`;
  }
}

