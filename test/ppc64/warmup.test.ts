// The run-loop warm-up (engine.ts: warmRunLoop) is a tiny guest run once per process so that V8
// meets every path of the run loop before optimizing it. Nothing checks its outcome at run
// time: a wrong instruction word there would only make it stop early, and the run loop would
// be recompiled again at each path the real guest meets first. This keeps it honest: the guest
// ends at its `sc`, with blocks, a region, calls counted from the page's compiled code, and the
// budget slice refilled, the same way on both byte orders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, assemble, makeEngine, CODE } from './helpers.js';
import { runWarmGuest, type Ppc64Engine } from '../../emu/ppc64/engine.js';

for (const arch of arches) {
  test(`${arch.name}: the run-loop warm-up guest meets every path it is for`, () => {
    const e = runWarmGuest(arch);
    try {
      assert.equal(e.fault, null);
      // Stopped past the sc on the second page (0x11004), after 50 passes of 5 instructions
      // (addi, bl, the callee's blr, cmpwi, blt), 8 passes of the loop on itself (addi, cmpwi,
      // blt), the branch there and the sc: more than one budget slice of 50, so the slice was
      // refilled.
      assert.equal(e.getPc(), 0x11008);
      assert.equal(e.executed, 50 * 5 + 8 * 3 + 2);
      // The loop on itself ran as a standalone block (the run loop's pass count for it).
      assert.ok(e.loopingCalls >= 1, `looping block calls ${e.loopingCalls}`);
      assert.ok(e.compiledBlocks >= 3, `blocks ${e.compiledBlocks}`);
      assert.ok(e.compiledRegions >= 1, `regions ${e.compiledRegions}`);
      // Calls to the next page from the region and from a standalone block were counted (noteExit).
      assert.ok(e.countedCalls >= 2, `calls counted ${e.countedCalls}`);
    } finally {
      e.close();
    }
  });
}

// The warm-up runs at a quarter of the threshold (engine.ts: WARM_AT), when a hot start first
// asks compile(); a block is still compiled only once its start ran more than jitThreshold times.
for (const arch of arches) {
  test(`${arch.name}: a block start asks early for the warm-up but is compiled only past the threshold`, async () => {
    const code = (n: number) => assemble(`li 3,${n}\nmtctr 3\n1: addi 4,4,1\nbdnz 1b\nsc`, arch.endian === 'little');
    const compiled = async (n: number) => {
      const e = makeEngine(arch) as Ppc64Engine;
      e.jitThreshold = 40;
      e.load(CODE, await code(n));
      e.onSyscall = () => false;
      try {
        assert.equal(e.run(10000), 'stopped');
        assert.equal(e.getReg('r4'), BigInt(n));
        return e.compiledBlocks;
      } finally {
        e.close();
      }
    };
    // 30 passes: past a quarter of 40 (compile() asked, nothing compiled); 60: past 40.
    assert.equal(await compiled(30), 0);
    assert.ok(await compiled(60) >= 1);
  });
}
