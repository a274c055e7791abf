// Warm spares (emu/unicorn/warm.ts): a closed fork child's uc instance kept with its memory
// mapped and its translations, taken by the next clone(). What the next child sees must be its
// parent's address space and code, never the spare's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, assemble, guest, pick, CODE, DATA } from './helpers.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../emu/engine.js';
import { createUnicornEngine } from '../../emu/unicorn/engine.js';
import type { HostRegion } from '../../emu/unicorn/memory.js';
import { diffRegions, warmHeld } from '../../emu/unicorn/warm.js';

const region = (addr: number, size: number, prot: number, host = BigInt(addr), shared?: object): HostRegion =>
  ({ addr, size, prot, host, bytes: new Uint8Array(0), ...(shared ? { shared } : {}) } as HostRegion);

test('diffRegions keeps only identical private regions; the rest are unmapped or mapped', () => {
  const has = [region(0x1000, 0x1000, 5), region(0x2000, 0x1000, 3), region(0x3000, 0x2000, 3), region(0x6000, 0x1000, 3)];
  const want = [
    region(0x1000, 0x1000, 5), // the same: kept
    region(0x2000, 0x1000, 1), // rights changed
    region(0x3000, 0x3000, 3), // grew
    region(0x6000, 0x1000, 3, 0x99000n), // other host memory
    region(0x8000, 0x1000, 3), // new
  ];
  const d = diffRegions(has, want);
  assert.deepEqual(d.kept.map((r) => r.addr), [0x1000]);
  assert.deepEqual(d.gone.map((r) => r.addr), [0x2000, 0x3000, 0x6000]);
  assert.deepEqual(d.added.map((r) => r.addr), [0x2000, 0x3000, 0x6000, 0x8000]);
  const shared = {};
  const s = diffRegions([region(0x1000, 0x1000, 3, 0x1000n, shared)], [region(0x1000, 0x1000, 3, 0x1000n, shared)]);
  assert.equal(s.kept.length, 0, 'shared memory is never kept');
});

for (const arch of arches) {
  const code = (n: number) => pick(arch, `
      mov rax, ${n}
      mov rcx, qword ptr [rbx]
      syscall
      jmp ${CODE}
    `, `
      mov x0, #${n}
      ldr x2, [x1]
      svc #0
      b ${CODE}
    `);
  const [val, ptr, got] = pick(arch, ['rax', 'rbx', 'rcx'], ['x0', 'x1', 'x2']);

  test(`${arch.name}: a fork from a warm spare runs its parent's code and sees its parent's mappings`, async () => {
    const g = await guest(arch, code(7));
    const parent = g.engine;
    const X = 0x400000, Y = 0x500000;
    parent.map(X, 0x1000, PROT_READ | PROT_WRITE);
    assert.ok(parent.write(X, Uint8Array.of(5)));
    parent.onSyscall = () => false;
    parent.setReg(ptr, BigInt(X));
    assert.equal(parent.run(0), 'stopped');

    const before = warmHeld();
    const c1 = parent.clone();
    c1.onSyscall = () => false;
    assert.equal(c1.run(0), 'stopped');
    assert.equal(c1.getReg(val), 7n);
    assert.equal(c1.getReg(got), 5n);
    c1.close();
    assert.ok(warmHeld() > before, 'the child was kept warm');

    // The parent changes its code in place (same length) and its mappings.
    const next = await assemble(arch, code(9));
    assert.equal(next.length, g.code.length);
    parent.load(CODE, next);
    parent.unmap(X, 0x1000);
    parent.map(Y, 0x1000, PROT_READ | PROT_WRITE);
    assert.ok(parent.write(Y, Uint8Array.of(6)));
    assert.ok(parent.write(DATA, Uint8Array.of(4)));

    const c2 = parent.clone();
    assert.equal(warmHeld(), before, 'the warm spare was taken');
    c2.onSyscall = () => false;
    c2.setReg(ptr, BigInt(Y));
    assert.equal(c2.run(0), 'stopped');
    assert.equal(c2.getReg(val), 9n, 'the new code ran, not the spare\'s translation of the old');
    assert.equal(c2.getReg(got), 6n, 'the new mapping is there');
    c2.setReg(ptr, BigInt(DATA));
    assert.equal(c2.run(0), 'stopped');
    assert.equal(c2.getReg(got), 4n, 'the parent\'s bytes were copied over the spare\'s');
    c2.setReg(ptr, BigInt(X));
    assert.equal(c2.run(0), 'fault');
    assert.equal(c2.fault?.kind, 'read-unmapped', 'a mapping the parent dropped is gone');
    c2.close();
    parent.close();
  });

  test(`${arch.name}: read-only memory is taken from a warm spare only while it is its parent's, unchanged`, async () => {
    const g = await guest(arch, code(7));
    const parent = g.engine;
    const R = 0x600000;
    parent.map(R, 0x1000, PROT_READ);
    parent.load(R, Uint8Array.of(5));
    parent.onSyscall = () => false;
    parent.setReg(ptr, BigInt(R));
    assert.equal(parent.run(0), 'stopped');
    const child = (): number => {
      const c = parent.clone();
      c.onSyscall = () => false;
      assert.equal(c.run(0), 'stopped');
      assert.equal(c.getReg(val), 7n);
      const v = Number(c.getReg(got));
      c.close();
      return v;
    };
    assert.equal(child(), 5);
    assert.equal(child(), 5, 'from the warm spare of the first child');
    // The parent rewrites it through mprotect: its read-only memory is at a new version.
    parent.protect(R, 0x1000, PROT_READ | PROT_WRITE);
    assert.ok(parent.write(R, Uint8Array.of(8)));
    parent.protect(R, 0x1000, PROT_READ);
    assert.equal(child(), 8);
    // A child that changes its own read-only memory leaves a spare that is no longer its parent's.
    const c = parent.clone();
    c.load(R, Uint8Array.of(9));
    c.close();
    assert.equal(child(), 8);
    parent.close();
  });

  test(`${arch.name}: a fork from a warm spare whose first run has a budget counts it`, async (t) => {
    // Two instructions exactly: Unicorn's own count (the native block counter stops only where
    // a block starts; block-count.test.ts checks it).
    process.env.TRICORN_UC_COUNT = 'unicorn';
    t.after(() => { delete process.env.TRICORN_UC_COUNT; });
    const g = await guest(arch, code(7));
    const parent = g.engine;
    parent.onSyscall = () => false;
    parent.setReg(ptr, BigInt(DATA));
    assert.equal(parent.run(0), 'stopped');
    const c1 = parent.clone();
    c1.onSyscall = () => false;
    assert.equal(c1.run(0), 'stopped');
    c1.close();
    const c2 = parent.clone();
    c2.onSyscall = () => false;
    // Two instructions (the branch back, the first move): the spare's uncounted code would run on
    // to the trap.
    assert.equal(c2.run(2), 'budget');
    assert.equal(c2.run(0), 'stopped');
    assert.equal(c2.getReg(val), 7n);
    c2.close();
    parent.close();
  });

  test(`${arch.name}: an engine that is not a fork empties a warm spare before using it`, async () => {
    const g = await guest(arch, code(3));
    const parent = g.engine;
    parent.onSyscall = () => false;
    parent.setReg(ptr, BigInt(DATA));
    assert.equal(parent.run(0), 'stopped');
    const c = parent.clone();
    c.onSyscall = () => false;
    assert.equal(c.run(0), 'stopped');
    c.close();
    parent.close();
    const held = warmHeld();
    assert.ok(held > 0);

    // New address spaces (an exec's): other code at the same address, no DATA mapping. Five at
    // once take every spare (at most four are kept), the warm ones among them.
    const other = await assemble(arch, code(4));
    const es = [];
    for (let i = 0; i < 5; i++) {
      const e = createUnicornEngine(arch);
      e.map(CODE, 0x1000, PROT_READ | PROT_EXEC);
      e.load(CODE, other);
      e.onSyscall = () => false;
      e.setReg(ptr, BigInt(DATA));
      e.setPc(CODE);
      assert.equal(e.run(0), 'fault');
      assert.equal(e.fault?.kind, 'read-unmapped', 'a spare\'s mappings are gone');
      e.map(DATA, 0x1000, PROT_READ | PROT_WRITE);
      e.setPc(CODE);
      assert.equal(e.run(0), 'stopped');
      assert.equal(e.getReg(val), 4n, 'its own code ran');
      assert.equal(e.getReg(got), 0n, 'fresh memory reads zero');
      es.push(e);
    }
    assert.ok(warmHeld() < held, 'the warm spares were emptied (other arches keep theirs)');
    for (const e of es) e.close();
  });
}
