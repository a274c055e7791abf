// The run-loop warm-up (engine.ts: warmRunLoop) is a tiny guest run once per process so that V8
// meets every path of the run loop before optimizing it. Nothing checks its outcome at run
// time: a wrong instruction word there would only make it stop early, and the run loop would
// be recompiled again at each path the real guest meets first. This keeps it honest: the guest
// ends at its `sc`, with blocks, a region, calls counted from the page's compiled code, and the
// budget slice refilled, the same way on both byte orders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches } from './helpers.js';
import { runLoopIsWarm, runWarmGuest } from '../../emu/ppc64/engine.js';
import { Ppc64Engine } from '../../emu/ppc64/engine.js';
import { PROT_EXEC, PROT_READ } from '../../emu/engine.js';

// First in this file: the warm-up is once per process. A process that enters run() over and
// over (threads switching, blocking system calls) has the run loop warmed at its 8th call,
// before V8 first optimizes run(), even if it never compiles a block; not only at its first
// compile (which V8 met in optimized code, throwing it away: pthread create+join compiled
// run() three times).
test('the run loop is warmed at the 8th call of run(), without a compile', () => {
  const arch = arches[0];
  const e = new Ppc64Engine(arch);
  const le = arch.endian === 'little', at = 0x10000;
  const code = new DataView(new ArrayBuffer(0x1000));
  // 0: addi r3,r3,1; sc; b 0 (each run() stops at the sc: the handler says so)
  [0x38630001, 0x44000002, 0x4bfffff8].forEach((w, k) => code.setUint32(4 * k, w, le));
  e.map(at, 0x1000, PROT_READ | PROT_EXEC);
  e.load(at, new Uint8Array(code.buffer));
  e.setPc(at);
  e.onSyscall = () => false;
  const warm: boolean[] = [];
  try {
    for (let n = 0; n < 8; n++) {
      assert.equal(e.run(0), 'stopped');
      warm.push(runLoopIsWarm());
    }
    assert.deepEqual(warm, [false, false, false, false, false, false, false, true]);
    assert.equal(e.getReg('r3'), 8n);
    assert.equal(e.compiledBlocks, 0);
  } finally {
    e.close();
  }
});

for (const arch of arches) {
  test(`${arch.name}: the run-loop warm-up guest meets every path it is for`, () => {
    const e = runWarmGuest(arch);
    try {
      assert.equal(e.fault, null);
      // Stopped past the sc on the second page (0x11004), after 80 passes of 5 instructions
      // (addi, bl, the callee's blr, cmpwi, blt), 8 passes of the loop on itself (addi, cmpwi,
      // blt), the branch there and the sc: more than one budget slice of 50, so the slice was
      // refilled.
      assert.equal(e.getPc(), 0x11008);
      assert.equal(e.executed, 80 * 5 + 8 * 3 + 2);
      // The loop on itself ran as a standalone block (the run loop's pass count for it).
      assert.ok(e.loopingCalls >= 1, `looping block calls ${e.loopingCalls}`);
      assert.ok(e.compiledBlocks >= 3, `blocks ${e.compiledBlocks}`);
      assert.ok(e.compiledRegions >= 1, `regions ${e.compiledRegions}`);
      // Calls to the next page from the region and from a standalone block were counted (noteExit).
      assert.ok(e.countedCalls >= 2, `calls counted ${e.countedCalls}`);
      // Enough of them to build a region from noteExit: without it, qsort's run loop met that
      // call first in optimized code and was compiled again (--trace-opt).
      assert.ok(e.exitBuilds >= 1, `region builds from counted calls ${e.exitBuilds}`);
      // Few region builds tried: each scans the page's 1024 words, and 54 of them (regions at
      // every block call) made V8 optimize buildRegion in every program (engine.ts runWarmGuest).
      assert.ok(e.regionTries <= 10, `region builds tried ${e.regionTries}`);
    } finally {
      e.close();
    }
  });
}
