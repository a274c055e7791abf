// The block compiler's floating-point templates (jit-fp.ts: fmadd, fmsub, fnmadd, fnmsub, fmul,
// fadd, fsub) against the interpreter's closures for the same words: the FPR file and the
// FPSCR must come out bit for bit the same. Operands are drawn (seeded) where the templates'
// inline fast path applies — moderate magnitudes, near-cancellations, sums and products near
// ties — and where it must hand over to fpu.ts (NaNs, infinities, zeros, subnormals, huge and
// tiny values), under round-to-nearest and under random FPSCR contents (other rounding modes,
// enabled exceptions, sticky bits already set).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { genFp, FP_SCOPE, FP_WARM } from '../../emu/ppc64/jit-fp.js';
import { arith } from '../../emu/ppc64/fpu.js';
import { Cpu } from '../../emu/ppc64/cpu.js';
import { decode } from '../../emu/ppc64/decode.js';
import { Memory } from '../../emu/ppc64/memory.js';

/** xorshift32: the same cases every run. */
function prng(seed: number): () => number {
  let x = seed;
  return () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) / 4294967296; };
}

const SPECIAL = [0, -0, Infinity, -Infinity, NaN, 5e-324, -2.2250738585072014e-308, 1.7976931348623157e308, 2 ** -450, 2 ** 450];

function operand(r: () => number, bits: Float64Array, words: Uint32Array): number {
  const k = r();
  if (k < 0.05) return SPECIAL[Math.floor(r() * SPECIAL.length)];
  if (k < 0.15) { words[0] = r() * 2 ** 32; words[1] = r() * 2 ** 32; return bits[0]; }
  const e = k < 0.7 ? Math.floor(r() * 40) - 20 : Math.floor(r() * 2000) - 1000;
  return (r() - 0.5) * 2 ** e;
}

const A_FORM = (xo: number, t: number, a: number, b: number, c: number) => ((63 << 26) | (t << 21) | (a << 16) | (b << 11) | (c << 6) | (xo << 1)) >>> 0;
const NAMES: Record<number, string> = { 20: 'fsub', 21: 'fadd', 25: 'fmul', 28: 'fmsub', 29: 'fmadd', 30: 'fnmsub', 31: 'fnmadd' };

for (const xo of [20, 21, 25, 28, 29, 30, 31]) {
  test(`${NAMES[xo]}: the compiled template matches the interpreter bit for bit`, () => {
    const r = prng(0x9e3779b9 ^ xo);
    const bits = new Float64Array(1), words = new Uint32Array(bits.buffer);
    // Distinct registers, then every operand the target (the fused forms read it before writing).
    for (const w of [A_FORM(xo, 1, 2, 3, 4), A_FORM(xo, 2, 2, 2, 2)]) {
      const g = genFp(w);
      assert.ok(g !== null && !g.mayFault);
      // In the scope and with the prologue every generated function has (jit.ts: build).
      const compiled = new Function('H', `${FP_SCOPE}\nreturn function (c) { ${FP_WARM} ${g.src} }`)({ arith }) as (c: Cpu) => void;
      const op = decode(w, 0, false);
      const mem = new Memory(false);
      for (let i = 0; i < 20000; i++) {
        const c1 = new Cpu(mem), c2 = new Cpu(mem);
        c1.fpscr = c2.fpscr = r() < 0.8 ? 0 : (r() * 2 ** 32) & ~0x40000000;
        for (let n = 1; n <= 4; n++) c1.f[n] = c2.f[n] = operand(r, bits, words);
        // Near-cancellation: B close to A*C (fused) or to -A (sums).
        if (r() < 0.3) c1.f[3] = c2.f[3] = (xo >= 28 ? c1.f[2] * c1.f[4] : -c1.f[2]) * (1 + (r() < 0.5 ? 0 : 2 ** -52));
        compiled(c1);
        op(c2);
        assert.deepEqual([...c1.fw], [...c2.fw], `${NAMES[xo]} case ${i}`);
        assert.equal(c1.fpscr, c2.fpscr, `${NAMES[xo]} case ${i}: FPSCR`);
      }
    }
  });
}

test('fp templates: Rc=1 forms and other opcode-63 words stay with the interpreter', () => {
  assert.equal(genFp(A_FORM(29, 1, 2, 3, 4) | 1), null);
  assert.equal(genFp(A_FORM(18, 1, 2, 3, 4)), null);   // fdiv
});
