// The budget's count inlined into translated blocks (emu/unicorn/block-patch.ts): a counted run
// whose blocks were rewritten stops where the hook alone stops them (TRICORN_UC_COUNT=block),
// block for block, with the guest's state the same; and a call site the patcher does not
// recognise is left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBinding, nativeBlockCount, BLOCK_STATE } from '../../emu/unicorn/binding.js';
import { BlockPatcher, patcherFor } from '../../emu/unicorn/block-patch.js';
import { arches, guest, pick } from './helpers.js';

const counter = (p: BlockPatcher | null) => p?.patched ?? 0;

for (const arch of arches) {
  const acc = pick(arch, 'rbx', 'x19');
  // Two blocks of different sizes per pass (a branch skips one), a trap at the end.
  const src = pick(arch,
    'mov rcx, 100000\nL: add rbx, 1\ntest rcx, 1\njz M\nadd rbx, 2\nimul rbx, rbx, 3\nM: dec rcx\njnz L\nsyscall\nnop',
    'movz x9, #0x1, lsl #16\nL: add x19, x19, #1\ntbz x9, #0, M\nadd x19, x19, #2\nmov x10, #3\nmul x19, x19, x10\nM: subs x9, x9, #1\nb.ne L\nsvc #0\nnop');

  /** The pc and accumulator after each of 40 slices of odd budgets, then the end. */
  async function stops(mode: string | undefined): Promise<{ seen: bigint[][]; patched: number }> {
    if (mode) process.env.TRICORN_UC_COUNT = mode;
    try {
      const g = await guest(arch, src);
      const e = g.engine;
      e.onSyscall = () => false;
      const bc = nativeBlockCount(loadBinding(arch.engine.kind === 'unicorn' ? arch.engine.before : undefined, arch.name).path);
      const p = bc ? patcherFor(bc) : null;
      const before = counter(p);
      const seen: bigint[][] = [];
      for (let i = 0; i < 40; i++) {
        assert.equal(e.run(997 + 2 * i), 'budget');
        seen.push([BigInt(e.getPc()), e.getReg(acc)]);
      }
      assert.equal(e.run(0), 'stopped');
      seen.push([BigInt(e.getPc()), e.getReg(acc)]);
      e.close();
      return { seen, patched: counter(p) - before };
    } finally {
      delete process.env.TRICORN_UC_COUNT;
    }
  }

  test(`${arch.name}: rewritten blocks stop where the hook stops them`, async () => {
    const hook = await stops('block');
    assert.equal(hook.patched, 0, 'TRICORN_UC_COUNT=block rewrites nothing');
    const inline = await stops(undefined);
    assert.deepEqual(inline.seen, hook.seen);
    const bc = nativeBlockCount(loadBinding(arch.engine.kind === 'unicorn' ? arch.engine.before : undefined, arch.name).path);
    // Only an x86-64 host has the native counter (and so blocks to rewrite).
    if (bc) assert.ok(inline.patched >= 2, `the loop's blocks were rewritten (${inline.patched})`);
  });
}

test('a return address outside any code buffer is left alone', () => {
  const bc = nativeBlockCount(loadBinding(undefined, 'x86_64').path);
  if (!bc) return;
  const p = new BlockPatcher(bc);
  // The state itself: ordinary read+write heap, not a code buffer.
  const w = bc.words;
  p.arm(0n);
  w[BLOCK_STATE.callers] = bc.state + 256n;
  w[BLOCK_STATE.calls] = 1n;
  const before = [...w];
  p.patchCallers(0n);
  assert.equal(p.patched, 0);
  assert.deepEqual([...w].slice(BLOCK_STATE.callers), before.slice(BLOCK_STATE.callers));
  assert.equal(w[BLOCK_STATE.calls], 0n);
});
