// A block ends before a loop head (jit.ts loopHeads): the word a later b or bc of the page
// branches back to starts a block of its own, so that the loop is compiled once, as the block
// that loops on itself, and not also as a first pass inside the block that leads to it. The
// code still runs as the interpreter runs it (the states are compared in every tier).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, assemble, makeEngine, snapshot, CODE } from './helpers.js';
import type { Ppc64Engine } from '../../emu/ppc64/index.js';
import { PROT_READ, PROT_EXEC } from '../../emu/engine.js';
import { compileBlock } from '../../emu/ppc64/jit.js';
import { Memory } from '../../emu/ppc64/memory.js';
import { decode, illegal } from '../../emu/ppc64/decode.js';
import type { Op } from '../../emu/ppc64/cpu.js';

// A set-up, a counted loop (bdnz back to 1), a forward jump into a second loop's middle (b 3f
// lands inside the loop headed by 2), and a tail.
const SRC = ['li 3,0', 'li 4,0', 'li 5,20', 'mtctr 5',
  '1: addi 3,3,1', 'add 4,4,3', 'bdnz 1b',
  'li 6,0', 'b 3f',
  '2: addi 6,6,2', '3: addi 6,6,1', 'cmpdi 6,40', 'blt 2b',
  'add 7,4,6', 'sc'];

for (const arch of arches) {
  const le = arch.endian === 'little';

  test(`${arch.name}: a block ends before a loop head, not before a forward jump's target`, async () => {
    const mem = new Memory(le);
    mem.map(CODE, 0x1000, PROT_READ | PROT_EXEC);
    mem.load(CODE, await assemble(SRC.join('\n'), le));
    const page = mem.fetchPage(CODE);
    const former = { page, base: CODE, le, decodeAt: (j: number) => decode(page.view.getUint32(j * 4, le), CODE + j * 4, le), isIllegal: (op: Op) => op === illegal };
    // The set-up stops at the first loop's head (word 4), which loops on itself.
    const setup = compileBlock(former, 0);
    assert.deepEqual([setup.start, setup.end, setup.loops], [0, 4, false]);
    const first = compileBlock(former, 4);
    assert.deepEqual([first.start, first.end, first.loops], [4, 7, true]);
    // Word 10 (3:) is a forward jump's target inside the second loop, not a loop head: the block
    // from 9 (2:) runs through it to the blt.
    const second = compileBlock(former, 9);
    assert.deepEqual([second.start, second.end, second.loops], [9, 13, true]);
    const entered = compileBlock(former, 10);
    assert.deepEqual([entered.start, entered.end], [10, 13]);
  });

  test(`${arch.name}: code with loop heads inside blocks runs as the interpreter runs it`, async () => {
    const code = await assemble(SRC.join('\n'), le);
    const states: string[] = [];
    for (const [jit, region] of [[-1, Infinity], [0, Infinity], [0, 0]]) {
      for (const budget of [3, 9, 17, 50, 1000]) {
        const e = makeEngine(arch) as Ppc64Engine;
        e.jitThreshold = jit;
        e.regionTrigger = region;
        e.load(CODE, code);
        e.onSyscall = () => false;
        const r = e.run(budget);
        states.push(`${budget}: ${r} pc=${e.getPc().toString(16)} executed=${e.executed} ${snapshot(e)}`);
      }
    }
    for (let k = 5; k < states.length; k++) assert.ok(states[k] === states[k % 5], `tier ${Math.floor(k / 5)} differs at ${states[k % 5].split(':')[0]}`);
    const e = makeEngine(arch) as Ppc64Engine;
    e.load(CODE, code);
    e.onSyscall = () => false;
    e.run(0);
    assert.equal(e.getReg('r7'), 210n + 40n);
  });
}
