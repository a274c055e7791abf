// x86_64's floating-point state at start, as Linux leaves it for a new program: MXCSR 0x1f80
// (every SIMD exception masked), the x87 control word 0x37f, and CR4.OSFXSR set, without which
// Unicorn's fxsave/fxrstor skip MXCSR and the XMM registers. ld.so's lazy binding saves the
// argument registers with fxsave on a CPU without XSAVE (the one tricorn announces), so a
// dynamically linked program's first call of log() or exp() got 0.0 as its argument before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATA, guest, x86_64 } from './helpers.js';

const FXSAVE_MXCSR = 24;
const FXSAVE_XMM0 = 160;

for (const round of ['first', 'second']) {
  test(`x86_64 (${round} engine of the process): fxsave keeps xmm0 and MXCSR; MXCSR and the x87 control word start as Linux's`, async () => {
    const g = await guest(x86_64, `
      mov rax, 0x4004000000000000
      movq xmm0, rax
      mov rdi, ${DATA}
      fxsave [rdi]
      pxor xmm0, xmm0
      fxrstor [rdi]
      movq rbx, xmm0
      stmxcsr [rdi + 512 + 0]
      fnstcw [rdi + 512 + 8]
      syscall`);
    const e = g.engine;
    e.onSyscall = () => false;
    e.run(0);
    assert.equal(e.getReg('rbx'), 0x4004000000000000n, 'xmm0 after fxsave, pxor, fxrstor');
    const area = e.read(DATA, 512 + 16);
    assert.ok(area);
    const dv = new DataView(area.buffer, area.byteOffset, area.byteLength);
    assert.equal(dv.getBigUint64(FXSAVE_XMM0, true), 0x4004000000000000n, 'xmm0 in the fxsave area');
    assert.equal(dv.getUint32(FXSAVE_MXCSR, true), 0x1f80, 'MXCSR in the fxsave area');
    assert.equal(dv.getUint32(512, true), 0x1f80, 'stmxcsr');
    assert.equal(dv.getUint16(520, true), 0x37f, 'fnstcw');
    e.close();
  });
}
