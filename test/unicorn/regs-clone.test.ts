// Registers (batches as 32-bit halves, narrow and 128-bit registers, thread pointers), register
// contexts, and clone() on real Unicorn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, guest, pick, x86_64, aarch64, DATA, CODE, STACK } from './helpers.js';
import { EngineError, PROT_READ, PROT_WRITE } from '../../emu/engine.js';
import { createUnicornEngine } from '../../emu/unicorn/engine.js';

for (const arch of arches) {
  test(`${arch.name}: register batches move 64-bit values as 32-bit halves in one call each way`, () => {
    const e = createUnicornEngine(arch);
    const names = pick(arch, ['rax', 'rdi', 'r15', 'rip', 'fs_base'], ['x0', 'x29', 'x30', 'sp', 'tpidr_el0']);
    const b = e.regBatch(names);
    assert.deepEqual(b.names, names);
    const v = Uint32Array.of(0x89abcdef, 0x01234567, 1, 0, 0xffffffff, 0xffffffff, 0x10000, 0, 0x5000, 0x7fff);
    e.writeRegs(b, v);
    const out = new Uint32Array(10);
    e.readRegs(b, out);
    assert.deepEqual(out, v);
    assert.equal(e.getReg(names[0]), 0x0123456789abcdefn);
    assert.equal(e.getReg(names[2]), 0xffffffffffffffffn);
    assert.equal(e.getReg(names[3]), 0x10000n);
    if (arch.name === 'x86_64') assert.equal(e.getPc(), 0x10000, 'rip written through the batch');
    e.close();
  });

  test(`${arch.name}: narrow registers read with a zero high half; 128-bit registers through getReg`, () => {
    const e = createUnicornEngine(arch);
    const flags = pick(arch, 'eflags', 'nzcv');
    const b = e.regBatch([flags, pick(arch, 'rax', 'x0')]);
    const out = new Uint32Array(4).fill(0xeeeeeeee);
    e.readRegs(b, out);
    assert.equal(out[1], 0, 'high half of a 32-bit register');
    const vec = pick(arch, 'xmm3', 'q3');
    e.setReg(vec, 0x0123456789abcdef_fedcba9876543210n);
    assert.equal(e.getReg(vec), 0x0123456789abcdef_fedcba9876543210n);
    assert.throws(() => e.regBatch([vec]), EngineError, '128-bit registers do not fit a batch slot');
    assert.throws(() => e.regBatch(['no_such_reg']), EngineError);
    assert.throws(() => e.getReg('no_such_reg'), EngineError);
    e.close();
  });

  test(`${arch.name}: the guest sees the thread pointer and vector registers the engine set`, async () => {
    const g = await guest(arch, pick(arch, `
      mov rax, qword ptr fs:[8]
      movq rbx, xmm1
      syscall
    `, `
      mrs x0, tpidr_el0
      ldr x1, [x0, #8]
      fmov x2, d1
      svc #0
    `));
    const e = g.engine;
    e.load(DATA + 8, Uint8Array.of(0x2a, 0, 0, 0, 0, 0, 0, 0));
    e.setReg(arch.regs.threadPointer, BigInt(DATA));
    e.setReg(pick(arch, 'xmm1', 'q1'), 0x1111_2222_3333_4444_5555_6666_7777_8888n);
    e.onSyscall = () => false;
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg(pick(arch, 'rax', 'x1')), 0x2an);
    assert.equal(e.getReg(pick(arch, 'rbx', 'x2')), 0x5555_6666_7777_8888n);
    e.close();
  });

  test(`${arch.name}: contexts switch threads sharing one engine`, async () => {
    const g = await guest(arch, pick(arch, 'add rbx, 1\nsyscall\njmp 0x10000', 'add x19, x19, #1\nsvc #0\nb 0x10000'));
    const e = g.engine;
    const reg = pick(arch, 'rbx', 'x19');
    e.onSyscall = () => false;
    e.setReg(reg, 100n);
    const a = e.saveContext();
    e.setReg(reg, 200n);
    e.setPc(CODE);
    const b = e.saveContext();
    e.restoreContext(a);
    assert.equal(e.run(0), 'stopped');
    const a2 = e.saveContext();
    e.restoreContext(b);
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg(reg), 202n);
    e.restoreContext(a2);
    assert.equal(e.getReg(reg), 101n);
    assert.throws(() => createUnicornEngine(arch === x86_64 ? aarch64 : x86_64).restoreContext(a), EngineError);
    e.close();
  });

  test(`${arch.name}: clone() copies memory, prot and registers; the two are independent`, async () => {
    const g = await guest(arch, pick(arch, `
      mov rdx, ${DATA}
      mov rax, qword ptr [rdx]
      add rax, 1
      mov qword ptr [rdx], rax
      syscall
      jmp 0x10000
    `, `
      mov x2, #${DATA}
      ldr x0, [x2]
      add x0, x0, #1
      str x0, [x2]
      svc #0
      b 0x10000
    `));
    const parent = g.engine;
    parent.map(0x700000, 0x2000, PROT_READ);
    parent.onSyscall = () => false;
    assert.equal(parent.run(0), 'stopped');
    parent.setReg(pick(arch, 'r12', 'x21'), 0x1234n);
    const child = parent.clone();
    child.onSyscall = () => false;
    assert.deepEqual(child.regions(), parent.regions());
    assert.equal(child.getPc(), parent.getPc());
    assert.equal(child.getReg(pick(arch, 'r12', 'x21')), 0x1234n);
    assert.equal(child.getReg(arch.regs.sp), parent.getReg(arch.regs.sp));
    assert.equal(child.run(0), 'stopped');
    assert.equal(child.run(0), 'stopped');
    assert.equal(parent.run(0), 'stopped');
    assert.deepEqual(child.read(DATA, 1), Uint8Array.of(3));
    assert.deepEqual(parent.read(DATA, 1), Uint8Array.of(2));
    assert.ok(parent.write(STACK, Uint8Array.of(9)));
    assert.deepEqual(child.read(STACK, 1), Uint8Array.of(0));
    assert.equal(child.write(0x700000, Uint8Array.of(1)), false, 'read-only stays read-only');
    parent.close();
    assert.equal(child.run(0), 'stopped', 'the child outlives its parent');
    assert.deepEqual(child.read(DATA, 1), Uint8Array.of(4));
    child.close();
  });
}

test('closing twice is harmless; a closed engine refuses work', () => {
  const e = createUnicornEngine(x86_64);
  e.map(0x100000, 0x1000, PROT_READ | PROT_WRITE);
  e.close();
  e.close();
  assert.equal(e.read(0x100000, 1), null);
  assert.throws(() => e.run(0), EngineError);
  assert.throws(() => e.map(0x200000, 0x1000, PROT_READ), EngineError);
});

// An engine opens its uc instance on first use: pid 1's empty address space, replaced by
// tricorn run's exec before it ever runs, costs no uc_open. Such an engine still closes, still
// refuses work once closed, and a second engine created beside it (the exec's) runs from the
// CPU state a fresh instance has.
for (const arch of arches) {
  test(`${arch.name}: an engine never used closes cleanly, and one made beside it runs from a fresh CPU state`, async () => {
    const unused = createUnicornEngine(arch);
    const g = await guest(arch, pick(arch, 'mov rax, rbx\nsyscall', 'mov x0, x1\nsvc #0'));
    unused.close();
    assert.throws(() => unused.run(0), EngineError);
    assert.throws(() => unused.getReg(arch.regs.pc), EngineError);
    assert.equal(g.engine.getReg(pick(arch, 'rbx', 'x1')), 0n, 'registers start at zero');
    g.engine.close();
  });
}
