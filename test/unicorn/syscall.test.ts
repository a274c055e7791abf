// System call traps on real Unicorn: x86_64 `syscall`, aarch64 `svc #0`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, assemble, guest, pick, afterTrap, joined, CODE, find } from './helpers.js';
import { createUnicornEngine } from '../../emu/unicorn/engine.js';

const RESULT = 0xabcdef12345;

function setupSrc(arch: typeof arches[number]): string {
  return pick(arch, `
    mov rax, 39
    mov rdi, 0x1111
    mov rsi, 0x2222
    mov rdx, 0x3333
    mov r10, 0x4444
    mov r8, 0x5555
    mov r9, 0x6666
    mov rbx, 0x7777888899990000
    mov r12, 0x0123456789abcdef
    syscall
    mov r13, rax
    mov rax, 60
    syscall
    nop
  `, `
    mov x8, #172
    mov x0, #0x1111
    mov x1, #0x2222
    mov x2, #0x3333
    mov x3, #0x4444
    mov x4, #0x5555
    mov x5, #0x6666
    movz x19, #0x9999, lsl #16
    movk x19, #0x7777, lsl #48
    mov x21, #0x1234
    svc #0
    mov x20, x0
    mov x8, #93
    svc #0
    nop
  `);
}

for (const arch of arches) {
  const sc = arch.syscall;
  const keep = pick(arch, ['rbx', 'r12'], ['x19', 'x21']);
  const copied = pick(arch, 'r13', 'x20');

  test(`${arch.name}: syscall trap round trip — number, args, pc after the trap, result`, async () => {
    const g = await guest(arch, setupSrc(arch));
    const e = g.engine;
    const sys = e.regBatch([sc.nr, ...sc.args, arch.regs.pc]);
    const ret = e.regBatch([sc.ret]);
    const raw = new Uint32Array(16);
    const seen: number[][] = [];
    const pcs: number[] = [];
    let before = new Map<string, bigint>();
    e.onSyscall = () => {
      e.readRegs(sys, raw);
      seen.push(Array.from({ length: 8 }, (_, i) => joined(raw, i)));
      pcs.push(e.getPc());
      if (seen.length === 1) {
        before = new Map(keep.map((r) => [r, e.getReg(r)]));
        e.writeRegs(ret, Uint32Array.of(RESULT >>> 0, Math.floor(RESULT / 2 ** 32)));
        return true;
      }
      return false;
    };
    assert.equal(e.run(0), 'stopped');
    assert.equal(seen.length, 2);
    const nr1 = pick(arch, 39, 172), nr2 = pick(arch, 60, 93);
    assert.deepEqual(seen[0], [nr1, 0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666, afterTrap(g, arch, 0)]);
    assert.equal(seen[1][0], nr2);
    assert.equal(seen[1][7], afterTrap(g, arch, 1), 'pc in a batch is the one after the trap');
    assert.deepEqual(pcs, [afterTrap(g, arch, 0), afterTrap(g, arch, 1)]);
    assert.equal(e.getPc(), afterTrap(g, arch, 1), 'stopped: pc after the trap');
    assert.equal(e.getReg(copied), BigInt(RESULT), 'the guest saw the result');
    for (const r of keep) assert.equal(e.getReg(r), before.get(r), `${r} survives the trap`);
    e.close();
  });

  test(`${arch.name}: a stopped guest resumes after the trap without trapping again`, async () => {
    const g = await guest(arch, pick(arch,
      'mov rax, 1; syscall; mov rbx, 5; mov rax, 2; syscall; nop',
      'mov x8, #1; svc #0; mov x19, #5; mov x8, #2; svc #0; nop'));
    const e = g.engine;
    const nrs: bigint[] = [];
    e.onSyscall = () => { nrs.push(e.getReg(sc.nr)); return false; };
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getPc(), afterTrap(g, arch, 0));
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getPc(), afterTrap(g, arch, 1));
    assert.deepEqual(nrs, [1n, 2n]);
    assert.equal(e.getReg(pick(arch, 'rbx', 'x19')), 5n);
    e.close();
  });

  test(`${arch.name}: stop() inside the handler ends run() with 'stopped'`, async () => {
    const g = await guest(arch, pick(arch, 'mov rax, 1; syscall; mov rbx, 5; syscall',
      'mov x8, #1; svc #0; mov x19, #5; svc #0'));
    const e = g.engine;
    let n = 0;
    e.onSyscall = () => { n++; e.stop(); return true; };
    assert.equal(e.run(0), 'stopped');
    assert.equal(n, 1);
    assert.equal(e.getPc(), afterTrap(g, arch, 0));
    assert.equal(e.getReg(pick(arch, 'rbx', 'x19')), 0n);
    e.close();
  });

  test(`${arch.name}: the handler moves the pc and goes on`, async () => {
    const g = await guest(arch, pick(arch, `
      syscall
      mov rbx, 1
      syscall
      mov rbx, 2
      syscall
    `, `
      svc #0
      mov x19, #1
      svc #0
      mov x19, #2
      svc #0
    `));
    const e = g.engine;
    const target = afterTrap(g, arch, 1); // skip "rbx = 1; syscall"
    const pcs: number[] = [];
    e.onSyscall = () => {
      pcs.push(e.getPc());
      if (pcs.length === 1) { e.setPc(target); assert.equal(e.getPc(), target); return true; }
      return false;
    };
    assert.equal(e.run(0), 'stopped');
    assert.deepEqual(pcs, [afterTrap(g, arch, 0), afterTrap(g, arch, 2)]);
    assert.equal(e.getReg(pick(arch, 'rbx', 'x19')), 2n);
    e.close();
  });

  test(`${arch.name}: the handler moves the pc and stops; the move is kept and resumes there`, async () => {
    const g = await guest(arch, pick(arch, 'syscall; mov rbx, 1; syscall; mov rbx, 2; syscall',
      'svc #0; mov x19, #1; svc #0; mov x19, #2; svc #0'));
    const e = g.engine;
    const target = afterTrap(g, arch, 1);
    let n = 0;
    const pcBatch = e.regBatch([arch.regs.pc, sc.ret]);
    e.onSyscall = () => {
      n++;
      if (n === 1) {
        // Through a batch that holds the pc, as a sigreturn would.
        e.writeRegs(pcBatch, Uint32Array.of(target, 0, 77, 0));
      }
      return false;
    };
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getPc(), target);
    assert.equal(e.getReg(sc.ret), 77n);
    assert.equal(e.run(0), 'stopped');
    assert.equal(n, 2);
    assert.equal(e.getReg(pick(arch, 'rbx', 'x19')), 2n);
    e.close();
  });

  test(`${arch.name}: a context saved in the handler resumes after the trap, here and in a clone`, async () => {
    const g = await guest(arch, pick(arch, 'mov rbx, 3; syscall; add rbx, 4; syscall',
      'mov x19, #3; svc #0; add x19, x19, #4; svc #0'));
    const e = g.engine;
    let ctx = null as ReturnType<typeof e.saveContext> | null;
    let child = null as ReturnType<typeof e.clone> | null;
    e.onSyscall = () => {
      ctx = e.saveContext();
      child = e.clone();
      // Restoring inside the handler keeps the guest-visible pc too.
      e.restoreContext(ctx);
      assert.equal(e.getPc(), afterTrap(g, arch, 0));
      return false;
    };
    assert.equal(e.run(0), 'stopped');
    const other = createUnicornEngine(arch);
    other.map(CODE, 0x1000, 5);
    other.load(CODE, g.code);
    other.restoreContext(ctx!);
    assert.equal(other.getPc(), afterTrap(g, arch, 0));
    for (const x of [e, child!, other]) {
      assert.equal(x.getPc(), afterTrap(g, arch, 0));
      x.onSyscall = () => false;
      assert.equal(x.run(0), 'stopped');
      assert.equal(x.getReg(pick(arch, 'rbx', 'x19')), 7n);
      x.close();
    }
  });

  test(`${arch.name}: the handler replaces the running code (as execve does) and goes on`, async () => {
    const g = await guest(arch, pick(arch, 'mov rbx, 1\nsyscall\nmov rbx, 2\nsyscall', 'mov x19, #1\nsvc #0\nmov x19, #2\nsvc #0'));
    const e = g.engine;
    const NEW = 0x900000;
    const fresh = await assemble(arch, pick(arch, 'mov rbx, 7\nsyscall', 'mov x19, #7\nsvc #0'), NEW);
    let n = 0;
    e.onSyscall = () => {
      if (++n > 1) return false;
      e.unmap(CODE, 0x1000);
      e.map(NEW, 0x1000, 5);
      e.load(NEW, fresh);
      e.setPc(NEW);
      return true;
    };
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg(pick(arch, 'rbx', 'x19')), 7n);
    assert.equal(e.getPc(), NEW + fresh.length);
    assert.deepEqual(e.regions().map((r) => r.addr).includes(CODE), false);
    e.close();
  });

  test(`${arch.name}: an exception thrown by the handler comes out of run()`, async () => {
    const g = await guest(arch, pick(arch, 'syscall; nop', 'svc #0; nop'));
    g.engine.onSyscall = () => { throw new Error('kernel bug'); };
    assert.throws(() => g.engine.run(0), /kernel bug/);
    g.engine.close();
  });

  test(`${arch.name}: many traps in a loop, each answered`, async () => {
    const n = 2000;
    const g = await guest(arch, pick(arch, `
      mov rbx, ${n}
      xor r12, r12
    L: mov rax, 39
      syscall
      add r12, rax
      dec rbx
      jnz L
      mov rax, 60
      syscall
    `, `
      mov x19, #${n}
      mov x20, #0
    L: mov x8, #172
      svc #0
      add x20, x20, x0
      subs x19, x19, #1
      b.ne L
      mov x8, #93
      svc #0
    `));
    const e = g.engine;
    const sys = e.regBatch([sc.nr]);
    const ret = e.regBatch([sc.ret]);
    const w = new Uint32Array(2);
    const one = Uint32Array.of(3, 0);
    let calls = 0;
    e.onSyscall = () => {
      e.readRegs(sys, w);
      if (w[0] === pick(arch, 60, 93)) return false;
      calls++;
      e.writeRegs(ret, one);
      return true;
    };
    assert.equal(e.run(0), 'stopped');
    assert.equal(calls, n);
    assert.equal(e.getReg(pick(arch, 'r12', 'x20')), BigInt(3 * n));
    e.close();
  });
}

test('x86_64: the syscall hook does not set rcx/r11 (the return rip and rflags Linux puts there)', async () => {
  const { x86_64 } = await import('./helpers.js');
  const g = await guest(x86_64, 'mov rcx, 5; mov r11, 6; syscall; nop');
  g.engine.onSyscall = () => false;
  assert.equal(g.engine.run(0), 'stopped');
  assert.equal(g.engine.getReg('rcx'), 5n);
  assert.equal(g.engine.getReg('r11'), 6n);
  assert.equal(find(g.code, [0x0f, 0x05]) + CODE + 2, g.engine.getPc());
  g.engine.close();
});
