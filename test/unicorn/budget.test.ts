// Instruction budgets on real Unicorn: exact counts, and switching between budgeted and
// unbudgeted runs (which Unicorn 2.0.1 makes delicate: see emu/unicorn/engine.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, assemble, guest, pick, rewritingGuest, CODE } from './helpers.js';

// These check Unicorn's own count (exact to the instruction), the engine's way on a host
// without the native block counter; block-count.test.ts checks the block counter.
process.env.TRICORN_UC_COUNT = 'unicorn';

for (const arch of arches) {
  const counter = pick(arch, 'rbx', 'x19');
  const inc = pick(arch, 'add rbx, 1', 'add x19, x19, #1');
  const trap = pick(arch, 'syscall', 'svc #0');

  test(`${arch.name}: run(n) executes exactly n instructions`, async () => {
    const g = await guest(arch, [...Array(20).fill(inc), trap, 'nop'].join('\n'));
    const e = g.engine;
    const width = (await assemble(arch, inc)).length;
    e.onSyscall = () => false;
    assert.equal(e.run(5), 'budget');
    assert.equal(e.getReg(counter), 5n);
    assert.equal(e.getPc(), CODE + 5 * width);
    assert.equal(e.run(1), 'budget');
    assert.equal(e.run(3), 'budget');
    assert.equal(e.getReg(counter), 9n);
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg(counter), 20n);
    e.close();
  });

  test(`${arch.name}: a budget set after unbudgeted runs still counts (translated code is dropped)`, async () => {
    const g = await guest(arch, pick(arch, 'L: add rbx, 1\nsyscall\njmp L', 'L: add x19, x19, #1\nsvc #0\nb L'));
    const e = g.engine;
    let traps = 0, stopAt = 10;
    e.onSyscall = () => ++traps < stopAt;
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg(counter), 10n);
    // 30 instructions from the branch back: ten rounds of (branch, add, trap).
    traps = 0; stopAt = Infinity;
    assert.equal(e.run(30), 'budget');
    assert.equal(e.getReg(counter), 20n);
    assert.equal(traps, 10);
    const branchAt = CODE + (await assemble(arch, `${inc}\n${trap}`)).length;
    assert.equal(e.getPc(), branchAt, 'the budget ran out before the branch');
    traps = 0; stopAt = 5;
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg(counter), 25n);
    stopAt = Infinity;
    assert.equal(e.run(4), 'budget');
    assert.equal(e.run(3), 'budget');
    assert.equal(e.getReg(counter), 27n);
    e.close();
  });

  test(`${arch.name}: long unbudgeted runs after budgeted ones leave counting mode and stay exact`, async () => {
    const loop = pick(arch, 'mov rcx, 2000000\nL: dec rcx\njnz L', 'movz x9, #0x1e, lsl #16\nL: subs x9, x9, #1\nb.ne L');
    const src = [loop, trap, ...Array(10).fill(inc), trap, ...Array(10).fill(inc), trap, 'nop'].join('\n');
    const g = await guest(arch, src);
    const e = g.engine;
    e.onSyscall = () => false;
    assert.equal(e.run(10), 'budget');
    // Tens of milliseconds with no budget: run in the instance that never counts.
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg(pick(arch, 'rcx', 'x9')), 0n);
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg(counter), 10n);
    assert.equal(e.run(4), 'budget');
    assert.equal(e.getReg(counter), 14n);
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg(counter), 20n);
    e.close();
  });

  // Runs with and without a budget go to two instances with translations of their own: code the
  // guest rewrote while counted must not run from the uncounted instance's old translation.
  test(`${arch.name}: code stored over in a budgeted run is not run stale by the next unbudgeted one`, async () => {
    const { g, reg } = await rewritingGuest(arch, true);
    const e = g.engine;
    e.onSyscall = () => false;
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg(reg), 1n);
    assert.equal(e.run(1000), 'stopped', 'the store, counted');
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg(reg), 2n, 'the stored code ran, not the uncounted instance\'s translation of the old');
    e.close();
  });
}
