// onInstruction (--trace) on real Unicorn: every instruction with its pc and bytes, switched on
// and off between runs, including over code that was already translated without the hook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, guest, pick, CODE, assemble } from './helpers.js';
import { createUnicornEngine } from '../../emu/unicorn/engine.js';
import { PROT_EXEC, PROT_READ } from '../../emu/engine.js';

for (const arch of arches) {
  test(`${arch.name}: onInstruction sees each instruction's pc and bytes, and stops when cleared`, async () => {
    const lines = pick(arch, ['mov rax, 1', 'add rax, 2', 'syscall', 'jmp 0x10000'],
      ['mov x0, #1', 'add x0, x0, #2', 'svc #0', 'b 0x10000']);
    const g = await guest(arch, lines.join('\n'));
    const e = g.engine;
    e.onSyscall = () => false;
    assert.equal(e.run(0), 'stopped'); // translated without the hook first
    const seen: [number, number[]][] = [];
    e.onInstruction = (pc, bytes) => { seen.push([pc, Array.from(bytes)]); };
    assert.equal(e.run(0), 'stopped');
    const expected: [number, number[]][] = [];
    let pc = CODE;
    for (const l of lines) {
      const mc = await assemble(arch, l, pc);
      expected.push([pc, Array.from(mc)]);
      pc += mc.length;
    }
    // From after the first trap: the branch, then the block again up to the trap.
    assert.deepEqual(seen, [expected[3], expected[0], expected[1], expected[2]]);
    e.onInstruction = null;
    assert.equal(e.onInstruction, null);
    seen.length = 0;
    assert.equal(e.run(0), 'stopped');
    assert.deepEqual(seen, []);
    e.close();
  });
}

for (const arch of arches) {
  test(`${arch.name}: onInstruction set before the engine's first use counts each instruction once, and its spare keeps no hook`, async () => {
    const code = await assemble(arch, pick(arch, ['mov rax, 1', 'add rax, 2', 'syscall'],
      ['mov x0, #1', 'add x0, x0, #2', 'svc #0']).join('\n'), CODE);
    // Twice: the second engine takes the instance the first one released.
    for (let round = 0; round < 2; round++) {
      const e = createUnicornEngine(arch);
      let n = 0;
      e.onInstruction = () => { n++; }; // before map: the uc instance is opened by what follows
      e.map(CODE, 0x1000, PROT_READ | PROT_EXEC);
      e.load(CODE, code);
      e.setPc(CODE);
      e.onSyscall = () => false;
      assert.equal(e.run(0), 'stopped');
      assert.equal(n, 3, `round ${round}`);
      e.close();
    }
  });
}
