// The block compiler's register locals (jit.ts: scan): a straight-line block keeps a register
// word it touches once where it is in the register file, the others in locals stored back at
// every exit. Either way the state at a fault, and around an interpreter closure that reads or
// writes the register file, is the interpreter's: each snippet runs on the interpreter, as
// blocks and as regions, and the three states (registers, memory, the fault) must agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, assemble, makeEngine, snapshot, CODE, DATA } from './helpers.js';

const UNMAPPED = 0x40000000;

function stateAfter(arch: (typeof arches)[number], code: Uint8Array, jit: number, region: number): string {
  const e = makeEngine(arch) as ReturnType<typeof makeEngine> & { jitThreshold: number; regionTrigger: number };
  e.jitThreshold = jit;
  e.regionTrigger = region;
  e.load(CODE, code);
  for (const [r, v] of [['r3', DATA], ['r4', UNMAPPED], ['r6', 0x1122334455667788n], ['r9', 1000], ['r10', 7]] as const) e.setReg(r, BigInt(v));
  e.onSyscall = () => false;
  const r = e.run(1000);
  return `${r} ${JSON.stringify(e.fault)} pc=${e.getPc().toString(16)} ${snapshot(e)}`;
}

for (const arch of arches) {
  test(`${arch.name}: registers touched once, a fault and a closure in one block`, async () => {
    for (const src of [
      // r5 written once (before the fault), r6 read once, the load into r7 faults.
      'li 5,7\nstd 6,0(3)\nld 7,0(4)\nli 8,1',
      // divw has no template (a closure): it reads r9 and r10 from the register file, and the
      // word it writes (r8) is read once after it; r11 is written once after it.
      'li 9,100\ndivw 8,9,10\nstw 8,8(3)\nli 11,5\nld 7,0(4)',
      // Several registers saved and restored, as a function's prologue and epilogue do.
      'std 14,16(3)\nstd 15,24(3)\nstd 6,32(3)\nld 16,16(3)\nld 17,32(3)\nadd 18,16,17\nstd 18,40(3)\nld 19,0(4)',
    ]) {
      const code = await assemble(src, arch.endian === 'little');
      const interp = stateAfter(arch, code, -1, Infinity);
      assert.match(interp, /^fault /, src);
      assert.equal(stateAfter(arch, code, 0, Infinity), interp, `blocks: ${src}`);
      assert.equal(stateAfter(arch, code, 0, 0), interp, `regions: ${src}`);
    }
  });
}
