// A page's region bookkeeping across changes to its code (engine.ts buildRegion, memory.ts
// forgetCode/dropBlocks): whatever drops the page's compiled code also resets what decides
// when its region is built again, so the page's hot code is compiled into a region afresh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, assemble, makeEngine, snapshot, CODE } from './helpers.js';
import type { Ppc64Engine } from '../../emu/ppc64/index.js';
import { PROT_READ, PROT_EXEC } from '../../emu/engine.js';
import { MAX_REGION, compileBlock, compileRegion } from '../../emu/ppc64/jit.js';
import { worthGrowing } from '../../emu/ppc64/engine.js';
import { Memory } from '../../emu/ppc64/memory.js';
import { decode, illegal } from '../../emu/ppc64/decode.js';
import type { Op } from '../../emu/ppc64/cpu.js';

/** A loop of three blocks of `n` adds each: more hot code than one region holds. */
const loop = (n: number) => {
  const adds = (r: number) => Array.from({ length: n }, () => `addi ${r},${r},1`);
  return ['li 3,0', 'li 4,400', '1:', ...adds(5), 'b 2f', '2:', ...adds(6), 'b 3f', '3:', ...adds(7),
    'addi 3,3,1', 'cmpd 3,4', 'blt 1b', 'sc'].join('\n');
};

for (const arch of arches) {
  test(`${arch.name}: mprotect of a page whose region is full builds its region again`, async () => {
    const n = Math.ceil(MAX_REGION / 2) - 2;
    const code = await assemble(loop(n), arch.endian === 'little');
    const engine = (jit: number) => {
      const e = makeEngine(arch) as Ppc64Engine;
      e.jitThreshold = jit;
      e.regionTrigger = jit < 0 ? Infinity : 0;
      e.load(CODE, code);
      e.onSyscall = () => false;
      return e;
    };
    // Twice: 5000 instructions (the region fills: the third block does not fit), mprotect of
    // the code page (executable still), then on to the sc.
    const twice = (e: Ppc64Engine) => {
      assert.equal(e.run(5000), 'budget');
      const before = e.compiledRegions;
      e.protect(CODE, 0x1000, PROT_READ | PROT_EXEC);
      assert.equal(e.run(1000000), 'stopped');
      return { before, after: e.compiledRegions, state: `pc=${e.getPc()} executed=${e.executed} ${snapshot(e)}` };
    };
    const interp = twice(engine(-1));
    const jit = twice(engine(0));
    assert.equal(jit.state, interp.state);
    assert.ok(jit.before > 0, 'a region was built before the mprotect');
    assert.ok(jit.after > jit.before, 'the region was built again after the mprotect');
  });
}

// Generated functions carry the guest address they run in their name (jit.ts build), so CPU
// profiles and V8's deoptimization traces name the block or region (b<address>, r<page>).
for (const arch of arches) {
  test(`${arch.name}: generated functions are named for their guest code`, async () => {
    const le = arch.endian === 'little';
    const code = await assemble(['1: addi 3,3,1', 'b 2f', '2: cmpdi 3,9', 'blt 1b', 'sc'].join('\n'), le);
    const mem = new Memory(le);
    mem.map(CODE, 0x1000, PROT_READ | PROT_EXEC);
    mem.load(CODE, code);
    const page = mem.fetchPage(CODE);
    const former = { page, base: CODE, le, decodeAt: (j: number) => decode(page.view.getUint32(j * 4, le), CODE + j * 4, le), isIllegal: (op: Op) => op === illegal };
    assert.equal(compileBlock(former, 2).fn.name, `b${(CODE + 8).toString(16)}`);
    assert.equal(compileRegion(former, [0, 2])!.fn.name, `r${CODE.toString(16)}`);
  });
}

// A region's ways in and out share their loads and stores of the registers (jit.ts
// compileRegion; docs/ppc64-jit.md rule 6): one load of each register for every entry, one
// store of each for every stop and leave. With a load or store of its own per entry and exit,
// the first entry or exit of a kind taken after V8 optimized the region had no type feedback,
// and threw the optimized region away.
for (const arch of arches) {
  test(`${arch.name}: a region's entries and exits share one load and one store per register`, async () => {
    const le = arch.endian === 'little';
    // Three blocks, entered each, each writing its own register and leaving two ways.
    const code = await assemble(['1: addi 5,5,1', 'cmpdi 5,9', 'blt 2f', 'b 4f', '2: addi 6,6,1', 'cmpdi 6,9', 'blt 3f',
      'b 4f', '3: addi 7,7,1', 'cmpdi 7,9', 'blt 1b', '4: sc'].join('\n'), le);
    const mem = new Memory(le);
    mem.map(CODE, 0x1000, PROT_READ | PROT_EXEC);
    mem.load(CODE, code);
    const page = mem.fetchPage(CODE);
    const former = { page, base: CODE, le, decodeAt: (j: number) => decode(page.view.getUint32(j * 4, le), CODE + j * 4, le), isIllegal: (op: Op) => op === illegal };
    const r = compileRegion(former, [0, 4, 8])!;
    assert.deepEqual([...r.entries].sort((x, y) => x - y), [0, 4, 8]);
    // The code before the fault path (which stores what the faulting block may have written).
    // (Without the first line's call of an instance for another Cpu: jit.ts build.)
    const src = r.fn.toString().split('c.fbs = bs;')[0].split('\n').filter((l) => !l.startsWith('if (gp !== G)')).join('\n');
    const count = (s: string) => src.split(s).length - 1;
    for (const n of [10, 11, 12, 13, 14, 15]) {
      assert.equal(count(`r${n} = g[${n}];`), 1, `one load of g[${n}]`);
      assert.equal(count(`g[${n}] = r${n};`), 1, `one store of g[${n}]`);
    }
    assert.equal(count('return'), 1, 'one way out');
  });
}

// A page's region is rebuilt for its newly hot blocks only when those that fit carry at least
// half of the page's standalone calls (engine.ts worthGrowing): a rebuild is a new function V8
// optimizes again, and qsort's merge region was rebuilt for two small blocks out of a dozen as hot.
test('a region is rebuilt only for blocks that carry most of the standalone calls', () => {
  const hot = (len: number, calls = 1000) => ({ len, calls });
  // qsort's merge region: 25 instructions; a dozen blocks as hot, two of them small enough.
  const qsort = [hot(27), hot(2), hot(18), hot(3), ...Array.from({ length: 8 }, () => hot(6))];
  assert.equal(worthGrowing(25, qsort), false);
  // The same blocks beside a small region: most of them fit.
  assert.equal(worthGrowing(4, qsort.slice(1, 4)), true);
  // One hot block that fits and a colder one that does not.
  assert.equal(worthGrowing(MAX_REGION - 4, [hot(4, 3000), hot(MAX_REGION, 1000)]), true);
  assert.equal(worthGrowing(MAX_REGION - 4, [hot(MAX_REGION, 3000), hot(4, 1000)]), false);
});

// A page whose region is full and whose other hot block does not fit is tried at growing
// intervals (engine.ts buildRegion: MISS_CAP): each try scans the page, and tried every
// regionTrigger calls, qsort's merge page made V8 compile buildRegion with its optimizing compiler.
for (const arch of arches) {
  test(`${arch.name}: a region that cannot grow is tried at growing intervals`, async () => {
    const n = Math.ceil(MAX_REGION / 2) - 2;
    const code = await assemble(loop(n).replace('li 4,400', 'li 4,4000'), arch.endian === 'little');
    const e = makeEngine(arch) as Ppc64Engine;
    e.jitThreshold = 10;
    e.regionTrigger = 50;
    e.load(CODE, code);
    e.onSyscall = () => false;
    assert.equal(e.run(10000000), 'stopped');
    assert.equal(e.compiledRegions, 1);
    // 4000 standalone calls of the third block: 80 tries at a fixed interval, 7 doubling to 64.
    assert.ok(e.regionTries >= 3 && e.regionTries <= 10, `tried ${e.regionTries} times`);
  });
}
