// Guest memory of the Unicorn engine: the region map, user-access checks in read()/write(),
// load() ignoring protection, and the guest and the kernel seeing each other's stores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, guest, pick, rewritingGuest, x86_64, DATA, CODE, assemble } from './helpers.js';
import { EngineError, PROT_EXEC, PROT_NONE, PROT_READ, PROT_WRITE } from '../../emu/engine.js';
import { createUnicornEngine } from '../../emu/unicorn/engine.js';

const RW = PROT_READ | PROT_WRITE;
const P = 0x1000;

test('map: page alignment and overlaps are refused', () => {
  const e = createUnicornEngine(x86_64);
  e.map(0x100000, 4 * P, RW);
  assert.throws(() => e.map(0x100800, P, RW), EngineError);
  assert.throws(() => e.map(0x200000, 0x800, RW), EngineError);
  assert.throws(() => e.map(0x100000 + 3 * P, 2 * P, RW), EngineError, 'overlap at the end');
  assert.throws(() => e.map(0x100000 - P, 2 * P, RW), EngineError, 'overlap at the start');
  assert.throws(() => e.map(0x200000, 0, RW), EngineError);
  e.map(0x100000 + 4 * P, P, RW); // adjacent is fine
  assert.deepEqual(e.regions(), [{ addr: 0x100000, size: 5 * P, prot: RW }]);
  e.close();
});

test('unmap and protect split regions; regions() is sorted and merges equal neighbours', () => {
  const e = createUnicornEngine(x86_64);
  e.map(0x300000, 8 * P, RW);
  e.map(0x100000, 2 * P, PROT_READ);
  e.protect(0x300000 + 2 * P, 2 * P, PROT_READ);
  e.unmap(0x300000 + 5 * P, P);
  assert.deepEqual(e.regions(), [
    { addr: 0x100000, size: 2 * P, prot: PROT_READ },
    { addr: 0x300000, size: 2 * P, prot: RW },
    { addr: 0x300000 + 2 * P, size: 2 * P, prot: PROT_READ },
    { addr: 0x300000 + 4 * P, size: P, prot: RW },
    { addr: 0x300000 + 6 * P, size: 2 * P, prot: RW },
  ]);
  e.protect(0x300000 + 2 * P, 2 * P, RW);
  assert.deepEqual(e.regions()[1], { addr: 0x300000, size: 5 * P, prot: RW });
  // munmap-like: a range with holes is fine.
  e.unmap(0x300000, 16 * P);
  assert.deepEqual(e.regions(), [{ addr: 0x100000, size: 2 * P, prot: PROT_READ }]);
  assert.throws(() => e.protect(0x300000, P, RW), EngineError, 'protect needs every page mapped');
  assert.throws(() => e.unmap(0x100001, P), EngineError);
  e.close();
});

test('read() needs PROT_READ and write() PROT_WRITE on every byte; refusals change nothing', () => {
  const e = createUnicornEngine(x86_64);
  e.map(0x100000, P, RW);
  e.map(0x101000, P, PROT_READ);
  e.map(0x102000, P, PROT_WRITE);
  e.map(0x104000, P, PROT_NONE);
  e.load(0x100ff0, Uint8Array.from({ length: 32 }, (_, i) => i + 1));
  assert.deepEqual(e.read(0x100ff0, 32), Uint8Array.from({ length: 32 }, (_, i) => i + 1), 'across two readable regions');
  assert.equal(e.read(0x102000, 4), null, 'write-only');
  assert.equal(e.read(0x101ff0, 32), null, 'runs into a write-only page');
  assert.equal(e.read(0x103000, 1), null, 'unmapped');
  assert.equal(e.read(0x104000, 1), null, 'PROT_NONE');
  assert.equal(e.read(0x102ffc, 8), null, 'runs into a hole');
  assert.deepEqual(e.read(0x103000, 0), new Uint8Array(0));
  assert.equal(e.write(0x100ff8, new Uint8Array(16).fill(0xee)), false, 'runs into a read-only page');
  assert.deepEqual(e.read(0x100ff8, 8), Uint8Array.of(9, 10, 11, 12, 13, 14, 15, 16), 'nothing written');
  assert.equal(e.write(0x101000, Uint8Array.of(1)), false);
  assert.equal(e.write(0x102000, Uint8Array.of(7, 8)), true);
  assert.equal(e.write(0x100000, Uint8Array.of(5)), true);
  assert.deepEqual(e.read(0x100000, 1), Uint8Array.of(5));
  // The result is a copy, not a window on guest memory.
  const r = e.read(0x100000, 1)!;
  r[0] = 99;
  assert.deepEqual(e.read(0x100000, 1), Uint8Array.of(5));
  e.close();
});

test('load() ignores protection but needs the memory mapped', () => {
  const e = createUnicornEngine(x86_64);
  e.map(0x100000, P, PROT_READ);
  e.map(0x101000, P, PROT_NONE);
  e.load(0x100ffe, Uint8Array.of(1, 2, 3, 4));
  assert.deepEqual(e.read(0x100ffe, 2), Uint8Array.of(1, 2));
  assert.throws(() => e.load(0x101ffe, Uint8Array.of(1, 2, 3)), EngineError);
  e.protect(0x101000, P, PROT_READ);
  assert.deepEqual(e.read(0x101000, 2), Uint8Array.of(3, 4));
  e.close();
});

for (const arch of arches) {
  test(`${arch.name}: the guest sees the kernel's stores and the kernel sees the guest's`, async () => {
    const g = await guest(arch, pick(arch, `
      mov rdx, ${DATA}
      mov rax, qword ptr [rdx]
      add rax, 1
      mov qword ptr [rdx + 8], rax
      syscall
    `, `
      mov x2, #${DATA}
      ldr x0, [x2]
      add x0, x0, #1
      str x0, [x2, #8]
      svc #0
    `));
    const e = g.engine;
    assert.ok(e.write(DATA, Uint8Array.of(0x41, 0, 0, 0, 0, 0, 0, 0)));
    e.onSyscall = () => {
      assert.deepEqual(e.read(DATA + 8, 2), Uint8Array.of(0x42, 0), 'visible inside the trap');
      return false;
    };
    assert.equal(e.run(0), 'stopped');
    e.close();
  });

  test(`${arch.name}: code replaced with load() or write() runs, even after the old code was translated`, async () => {
    const v1 = pick(arch, 'mov rbx, 1\nsyscall\njmp 0x10000', 'mov x19, #1\nsvc #0\nb 0x10000');
    const v2 = pick(arch, 'mov rbx, 2\nsyscall\njmp 0x10000', 'mov x19, #2\nsvc #0\nb 0x10000');
    const g = await guest(arch, v1, PROT_READ | PROT_WRITE | PROT_EXEC);
    const e = g.engine;
    e.onSyscall = () => false;
    const reg = pick(arch, 'rbx', 'x19');
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg(reg), 1n);
    e.load(CODE, await assemble(arch, v2));
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg(reg), 2n);
    assert.ok(e.write(CODE, await assemble(arch, v1)));
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg(reg), 1n);
    e.close();
  });

  // The guest's own stores over code it already ran (a JIT, a trampoline patched in place):
  // Unicorn must drop the stale translation itself, on 2.0.1 and on 2.1.1 alike (2.1.1 no longer
  // sends every store through notdirty_write, which is where TCG notices code being written).
  test(`${arch.name}: a guest store over its own translated code runs the new code`, async () => {
    const { g, reg } = await rewritingGuest(arch, false);
    const e = g.engine;
    e.onSyscall = () => false;
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg(reg), 1n);
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg(reg), 2n, 'the stored code ran, not the translation of the old');
    e.close();
  });

  test(`${arch.name}: taking EXEC away or unmapping translated code faults on the next fetch`, async () => {
    const g = await guest(arch, pick(arch, 'syscall\njmp 0x10000', 'svc #0\nb 0x10000'));
    const e = g.engine;
    e.onSyscall = () => false;
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.run(0), 'stopped');
    const next = e.getPc(); // after the trap: the next fetch
    e.protect(CODE, P, PROT_READ);
    assert.equal(e.run(0), 'fault');
    assert.deepEqual(e.fault, { kind: 'fetch-protected', addr: next, pc: next });
    e.protect(CODE, P, PROT_READ | PROT_EXEC);
    assert.equal(e.run(0), 'stopped');
    e.unmap(CODE, P);
    assert.equal(e.run(0), 'fault');
    assert.deepEqual(e.fault, { kind: 'fetch-unmapped', addr: next, pc: next });
    e.close();
  });

  test(`${arch.name}: mprotect semantics for guest stores`, async () => {
    const g = await guest(arch, pick(arch, `mov rdx, ${DATA}\nmov qword ptr [rdx], rdx\nsyscall\njmp 0x10000`,
      `mov x2, #${DATA}\nstr x2, [x2]\nsvc #0\nb 0x10000`));
    const e = g.engine;
    e.onSyscall = () => false;
    assert.equal(e.run(0), 'stopped');
    e.protect(DATA, P, PROT_READ);
    assert.equal(e.run(0), 'fault');
    assert.equal(e.fault?.kind, 'write-protected');
    assert.equal(e.fault?.addr, DATA);
    e.close();
  });
}

test('large mappings are cheap until touched, and unmapping gives them back', () => {
  const e = createUnicornEngine(x86_64);
  const big = 256 * 1024 * 1024;
  const t0 = performance.now();
  e.map(0x40000000, big, RW);
  assert.ok(e.write(0x40000000 + big - 8, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)));
  assert.deepEqual(e.read(0x40000000 + big - 8, 8), Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
  e.unmap(0x40000000, big / 2);
  assert.equal(e.read(0x40000000, 1), null);
  e.unmap(0x40000000 + big / 2, big / 2);
  assert.deepEqual(e.regions(), []);
  assert.ok(performance.now() - t0 < 5000);
  e.close();
});

test('readU8 gives the byte read() gives, and -1 where read() refuses', () => {
  const e = createUnicornEngine(x86_64);
  e.map(0x100000, 2 * P, RW);
  e.map(0x100000 + 2 * P, P, PROT_EXEC);
  e.map(0x100000 + 3 * P, 1 << 20, RW); // never touched: reads as zero
  e.load(0x100000 + P - 2, new Uint8Array([0x0a, 0x14, 0xff, 0x01]));
  for (const addr of [0x100000 + P - 2, 0x100000 + P - 1, 0x100000 + P, 0x100000 + P + 1, 0x100000, 0x100000 + 3 * P + 12345]) {
    assert.equal(e.readU8!(addr), e.read(addr, 1)![0], `0x${addr.toString(16)}`);
  }
  assert.equal(e.readU8!(0x100000 + P - 1), 0x14);
  assert.equal(e.readU8!(0x100000 + P), 0xff);
  assert.equal(e.readU8!(0x100000 + 2 * P), -1, 'execute-only: no PROT_READ');
  assert.equal(e.read(0x100000 + 2 * P, 1), null);
  assert.equal(e.readU8!(0x90000), -1, 'unmapped');
  assert.equal(e.readU8!(-1), -1);
  e.close();
});
