// The native block counter (emu/unicorn/binding.ts nativeBlockCount), how a budget is counted
// on an x86-64 host: a run stops where a translated block starts, after at least the budget's
// worth of blocks (a block costs its bytes / 4, at least 1), at the same place every time, with
// the guest's state whole there; a run without a budget in the same engine is not cut short.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, assemble, guest, pick, CODE } from './helpers.js';

for (const arch of arches) {
  const counter = pick(arch, 'rbx', 'x19');
  const left = pick(arch, 'rcx', 'x9');
  const first = pick(arch, 'mov rcx, 100000', 'movz x9, #0x1, lsl #16');
  // A loop of one block: the counter goes up once per pass, then a trap ends the program.
  const src = pick(arch,
    `${first}\nL: add rbx, 1\ndec rcx\njnz L\nsyscall\nnop`,
    `${first}\nL: add x19, x19, #1\nsubs x9, x9, #1\nb.ne L\nsvc #0\nnop`);
  const total = pick(arch, 100000n, 65536n);

  test(`${arch.name}: a budget stops at a block start, at the same place every run`, async () => {
    // 1001: not a whole number of passes, so an exact count would stop inside the loop.
    const head = CODE + (await assemble(arch, first)).length;
    const stops: bigint[][] = [];
    for (let run = 0; run < 2; run++) {
      const g = await guest(arch, src);
      const e = g.engine;
      e.onSyscall = () => false;
      const seen: bigint[] = [];
      for (let i = 0; i < 5; i++) {
        assert.equal(e.run(1001), 'budget');
        seen.push(e.getReg(counter));
        // The stop is at the loop's head, the start of its block, with every pass whole.
        assert.equal(e.getPc(), head);
        assert.equal(e.getReg(counter) + e.getReg(left), total);
      }
      // The budget bounds the run: some passes, not all of them, and more each time.
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i] > seen[i - 1] && seen[i] < total);
      assert.equal(e.run(0), 'stopped');
      assert.equal(e.getReg(counter), total, 'the unbudgeted run finishes the loop');
      stops.push(seen);
      e.close();
    }
    assert.deepEqual(stops[1], stops[0]);
  });
}
