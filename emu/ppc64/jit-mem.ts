// Inline guest loads and stores for generated code (jit-gen.ts, jit-vec.ts): the Memory's TLB
// hit path as source text, falling back to the Memory's methods on a miss.

import { TLB_MASK } from './memory.js';

/**
 * Statements reading `size` bytes at address expression `ea` (bound to the const `ea`, which
 * update forms write back): the value lands in const `v` (1, 2 bytes: unsigned; 4 bytes:
 * int32) or `vl`/`vh` (8 bytes). The read TLB's hit path is inlined (`rT`/`rV`: the Memory's
 * tags and views, bound once per generated function); a miss, a page-crossing access or a
 * fault goes through the Memory method. Inlined, the common access costs no call, and an
 * address beyond V8's small integers (a stack or mmap pointer) is not boxed as an argument.
 */
export function rd(size: 1 | 2 | 4 | 8, ea: string, le: boolean): string {
  const hit = `const pn = Math.floor(ea / 4096), ti = pn & ${TLB_MASK}, off = ea - pn * 4096; const hit = rT[ti] === pn && off <= ${4096 - size};`;
  switch (size) {
    case 1: return `const ea = ${ea}; ${hit} const v = hit ? rV[ti].getUint8(off) : m.r8(ea);`;
    case 2: return `const ea = ${ea}; ${hit} const v = hit ? rV[ti].getUint16(off, ${le}) : m.r16(ea);`;
    case 4: return `const ea = ${ea}; ${hit} const v = hit ? rV[ti].getInt32(off, ${le}) : m.r32(ea);`;
    case 8: return `const ea = ${ea}; ${hit} let vl = 0, vh = 0; if (hit) { const d = rV[ti]; vh = d.getInt32(off + ${le ? 4 : 0}, ${le}); vl = d.getInt32(off + ${le ? 0 : 4}, ${le}); } else { m.r64(ea); vl = m.rdLo; vh = m.rdHi; }`;
  }
}

/** Statements writing value expressions (lo, and hi for 8 bytes) to address expression ea (write TLB inlined, as rd). */
export function wr(size: 1 | 2 | 4 | 8, ea: string, le: boolean, lo: string, hi = '0'): string {
  const hit = `const pn = Math.floor(ea / 4096), ti = pn & ${TLB_MASK}, off = ea - pn * 4096;`;
  const test = `wT[ti] === pn && off <= ${4096 - size}`;
  switch (size) {
    case 1: return `const ea = ${ea}; ${hit} if (${test}) wV[ti].setUint8(off, ${lo}); else m.w8(ea, ${lo});`;
    case 2: return `const ea = ${ea}; ${hit} if (${test}) wV[ti].setUint16(off, ${lo}, ${le}); else m.w16(ea, ${lo});`;
    case 4: return `const ea = ${ea}; ${hit} if (${test}) wV[ti].setInt32(off, ${lo}, ${le}); else m.w32(ea, ${lo});`;
    case 8: return `const ea = ${ea}; ${hit} if (${test}) { const d = wV[ti]; d.setInt32(off + ${le ? 4 : 0}, ${hi}, ${le}); d.setInt32(off + ${le ? 0 : 4}, ${lo}, ${le}); } else m.w64(ea, ${lo}, ${hi});`;
  }
}

