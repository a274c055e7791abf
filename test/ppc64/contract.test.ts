// The CpuEngine contract as the kernel uses it: syscall callback and stop, budget, fault kinds,
// memory protection and user-access rules, regions, clone independence, context save/restore,
// register batches, trace hook, self-modifying code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, assemble, makeEngine, CODE, DATA, STACK_TOP, hex } from './helpers.js';
import { createPpc64Engine } from '../../emu/ppc64/index.js';
import { EngineError, PROT_READ, PROT_WRITE, PROT_EXEC, PROT_NONE } from '../../emu/engine.js';
import type { ArchDescriptor } from '../../arch/types.js';
import { setDefaultJitThreshold, defaultJitThreshold, setDefaultRegionTrigger, defaultRegionTrigger } from '../../emu/ppc64/engine.js';

/**
 * Each contract test runs three ways: on the interpreter alone, with blocks compiled at their
 * first entry, and with every page's blocks gathered into a region at once.
 */
function tt(name: string, fn: () => unknown): void {
  const modes: [string, number, number][] = [['interpreter', -1, Infinity], ['blocks', 0, Infinity], ['regions', 0, 0]];
  for (const [mode, jit, region] of modes) {
    test(`${name} [${mode}]`, async () => {
      const saved = [defaultJitThreshold, defaultRegionTrigger];
      setDefaultJitThreshold(jit);
      setDefaultRegionTrigger(region);
      try { await fn(); } finally { setDefaultJitThreshold(saved[0]); setDefaultRegionTrigger(saved[1]); }
    });
  }
}

async function engineWith(arch: ArchDescriptor, src: string) {
  const e = makeEngine(arch);
  e.load(CODE, await assemble(src, arch.endian === 'little'));
  return e;
}

for (const arch of arches) {
  const le = arch.endian === 'little';

  tt(`${arch.name}: sc calls onSyscall with PC past the sc; true continues, false stops`, async () => {
    const e = await engineWith(arch, 'li 0,4\nli 3,1\nsc\naddi 3,3,1\nsc\nli 3,99\nsc');
    const seen: [bigint, number][] = [];
    e.onSyscall = () => {
      seen.push([e.getReg('r3'), e.getPc()]);
      e.setReg('r3', e.getReg('r3') + 10n);
      return seen.length < 2;
    };
    assert.equal(e.run(0), 'stopped');
    assert.deepEqual(seen, [[1n, CODE + 12], [12n, CODE + 20]]);
    assert.equal(e.getPc(), CODE + 20);
    // Resuming continues after the second sc.
    e.onSyscall = () => false;
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg('r3'), 99n);
  });

  tt(`${arch.name}: stop() inside onSyscall stops even when it returns true`, async () => {
    const e = await engineWith(arch, 'sc\nli 3,1\nsc');
    e.onSyscall = () => { e.stop(); return true; };
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getPc(), CODE + 4);
    assert.equal(e.getReg('r3'), 0n);
  });

  tt(`${arch.name}: onSyscall may redirect the PC`, async () => {
    const e = await engineWith(arch, 'sc\nli 3,1\nli 4,2\nsc');
    let n = 0;
    e.onSyscall = () => { if (n++ === 0) { e.setPc(CODE + 8); return true; } return false; };
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg('r3'), 0n);
    assert.equal(e.getReg('r4'), 2n);
  });

  tt(`${arch.name}: budget counts instructions exactly and resumes`, async () => {
    const e = await engineWith(arch, 'li 3,0\n1: addi 3,3,1\nb 1b');
    assert.equal(e.run(1), 'budget');
    assert.equal(e.getPc(), CODE + 4);
    assert.equal(e.run(10), 'budget');
    assert.equal(e.getReg('r3'), 5n);
    assert.equal(e.getPc(), CODE + 4);
    assert.equal(e.run(1001), 'budget');
    assert.equal(e.getReg('r3'), 506n);
  });

  tt(`${arch.name}: fault kinds: read/write/fetch unmapped and protected, trap, illegal`, async () => {
    const cases: [string, object][] = [
      ['nop\nld 3,0(4)', { kind: 'read-unmapped', addr: 0x40000000, pc: CODE + 4 }],
      ['std 3,8(4)', { kind: 'write-unmapped', addr: 0x40000008, pc: CODE }],
      ['ld 3,0(5)', { kind: 'read-protected', addr: 0x50000000, pc: CODE }],
      ['std 3,0(6)', { kind: 'write-protected', addr: 0x60000000, pc: CODE }],
      ['mtctr 4\nbctr', { kind: 'fetch-unmapped', addr: 0x40000000, pc: 0x40000000 }],
      ['mtctr 6\nbctr', { kind: 'fetch-protected', addr: 0x60000000, pc: 0x60000000 }],
      ['nop\ntrap', { kind: 'trap', addr: CODE + 4, pc: CODE + 4 }],
      ['twi 4,3,0', { kind: 'trap', addr: CODE, pc: CODE }],
      ['tdi 8,7,0\ntd 16,7,4', { kind: 'trap', addr: CODE + 4, pc: CODE + 4 }],
      ['.word 0x00000000', { kind: 'illegal-instruction', addr: CODE, pc: CODE }],
      ['.word 0x7c0000a6', { kind: 'illegal-instruction', addr: CODE, pc: CODE }],  // mfmsr: privileged
    ];
    for (const [src, fault] of cases) {
      const e = await engineWith(arch, src);
      e.map(0x50000000, 0x1000, PROT_NONE);
      e.map(0x60000000, 0x1000, PROT_READ);
      e.setReg('r4', 0x40000000n);
      e.setReg('r5', 0x50000000n);
      e.setReg('r6', 0x60000000n);
      e.setReg('r7', 0xffffffffffffffffn);
      e.onSyscall = () => false;
      assert.equal(e.run(100), 'fault', src);
      assert.deepEqual(e.fault, fault, src);
      assert.equal(e.getPc(), (fault as { pc: number }).pc, src);
    }
  });

  tt(`${arch.name}: a fault in a compiled loop leaves every register as of the faulting instruction`, async () => {
    // The loop walks r8 off the end of its one page; the load faults on the 257th pass, on a
    // TLB miss (inlined ld), in a guarded template (lvx) or in an interpreter closure (lfs).
    for (const load of ['ld 9,0(8)', '.word 0x7c4040ce', '.word 0xc0280000']) {
      const e = await engineWith(arch, `1:\naddi 3,3,1\naddi 8,8,16\n${load}\nb 1b`);
      e.map(0x40000000, 0x1000, PROT_READ | PROT_WRITE);
      e.setReg('r8', 0x40000000n - 16n);
      assert.equal(e.run(100000), 'fault', load);
      assert.deepEqual(e.fault, { kind: 'read-unmapped', addr: 0x40001000, pc: CODE + 8 }, load);
      assert.equal(e.getPc(), CODE + 8, load);
      assert.equal(e.getReg('r3'), 257n, load);
      assert.equal(e.getReg('r8'), 0x40001000n, load);
    }
  });

  tt(`${arch.name}: a faulting store changes nothing, even across a page boundary`, async () => {
    const e = await engineWith(arch, 'std 3,0(4)');
    e.map(0x40000000, 0x1000, PROT_READ | PROT_WRITE);
    e.map(0x40001000, 0x1000, PROT_READ);
    e.setReg('r3', 0x1111111111111111n);
    e.setReg('r4', 0x40000ffcn);
    assert.equal(e.run(10), 'fault');
    assert.deepEqual(e.fault, { kind: 'write-protected', addr: 0x40001000, pc: CODE });
    assert.deepEqual([...e.read(0x40000ffc, 4)!], [0, 0, 0, 0]);
  });

  tt(`${arch.name}: map/unmap/protect/regions and their errors`, () => {
    const e = createPpc64Engine(arch);
    e.map(0x10000, 0x3000, PROT_READ | PROT_WRITE);
    e.map(0x13000, 0x1000, PROT_READ | PROT_WRITE);
    e.map(0x100000, 0x10000, PROT_READ | PROT_EXEC);
    assert.deepEqual(e.regions(), [
      { addr: 0x10000, size: 0x4000, prot: 3 },
      { addr: 0x100000, size: 0x10000, prot: 5 },
    ]);
    assert.throws(() => e.map(0x12000, 0x2000, PROT_READ), EngineError);
    assert.throws(() => e.map(0x20001, 0x1000, PROT_READ), EngineError);
    assert.throws(() => e.protect(0x200000, 0x1000, PROT_READ), EngineError);
    e.protect(0x11000, 0x1000, PROT_READ);
    e.unmap(0x104000, 0x4000);
    assert.deepEqual(e.regions(), [
      { addr: 0x10000, size: 0x1000, prot: 3 },
      { addr: 0x11000, size: 0x1000, prot: 1 },
      { addr: 0x12000, size: 0x2000, prot: 3 },
      { addr: 0x100000, size: 0x4000, prot: 5 },
      { addr: 0x108000, size: 0x8000, prot: 5 },
    ]);
    // A large reservation costs nothing until touched.
    e.map(0x7f0000000000, 0x40000000, PROT_NONE);
    assert.equal(e.regions().length, 6);
    e.unmap(0x7f0000000000, 0x40000000);
    assert.equal(e.regions().length, 5);
  });

  tt(`${arch.name}: a page's storage given back (munmap, MADV_DONTNEED) reads as zero when made again`, () => {
    // Pages share larger host buffers and a dropped page's storage is reused: neither may leak
    // bytes into another page, another mapping, or a clone.
    const e = createPpc64Engine(arch);
    e.map(0x10000, 0x40000, PROT_READ | PROT_WRITE);
    for (let a = 0x10000; a < 0x50000; a += 0x1000) assert.equal(e.write(a, Uint8Array.of(a >>> 12, 0xee)), true);
    const child = e.clone();
    e.unmap(0x20000, 0x8000);
    e.discard(0x30000, 0x2000);
    e.map(0x20000, 0x8000, PROT_READ | PROT_WRITE);
    for (let a = 0x20000; a < 0x28000; a += 0x1000) assert.deepEqual([...e.read(a, 2)!], [0, 0], `remapped 0x${a.toString(16)}`);
    assert.deepEqual([...e.read(0x30000, 2)!], [0, 0]);
    assert.deepEqual([...e.read(0x32000, 2)!], [0x32, 0xee]);
    // New pages (reusing the dropped storage) start zero; their stores touch no other page.
    e.map(0x100000, 0x10000, PROT_READ | PROT_WRITE);
    for (let a = 0x100000; a < 0x110000; a += 0x1000) {
      assert.equal(e.write(a, Uint8Array.of(0x77)), true);
      assert.deepEqual([...e.read(a, 2)!], [0x77, 0], `new page 0x${a.toString(16)}`);
    }
    for (let a = 0x10000; a < 0x50000; a += 0x1000) {
      const gone = (a >= 0x20000 && a < 0x28000) || (a >= 0x30000 && a < 0x32000);
      assert.deepEqual([...e.read(a, 2)!], gone ? [0, 0] : [a >>> 12, 0xee], `0x${a.toString(16)}`);
      assert.deepEqual([...child.read(a, 2)!], [a >>> 12, 0xee], `child 0x${a.toString(16)}`);
    }
  });

  tt(`${arch.name}: kernel read/write follow user-access rules; load ignores protection`, () => {
    const e = createPpc64Engine(arch);
    e.map(0x10000, 0x1000, PROT_READ | PROT_WRITE);
    e.map(0x11000, 0x1000, PROT_READ);
    e.map(0x12000, 0x1000, PROT_NONE);
    assert.equal(e.write(0x10ffe, Uint8Array.of(1, 2, 3, 4)), false, 'spans into a read-only page');
    assert.deepEqual([...e.read(0x10ffe, 2)!], [0, 0], 'a refused write changes nothing');
    assert.equal(e.write(0x10ffe, Uint8Array.of(1, 2)), true);
    e.load(0x11000, Uint8Array.of(9, 8));
    assert.deepEqual([...e.read(0x10ffe, 4)!], [1, 2, 9, 8]);
    assert.equal(e.read(0x11ffe, 4), null, 'PROT_NONE page');
    assert.equal(e.read(0x13000, 1), null, 'unmapped');
    assert.equal(e.read(0x12000, 0)?.length, 0);
    assert.throws(() => e.load(0x13000, Uint8Array.of(1)), EngineError);
  });

  tt(`${arch.name}: clone() is a deep copy of memory and registers`, async () => {
    const e = await engineWith(arch, 'li 3,5\nstd 3,0(4)\nsc\nld 5,0(4)\naddi 5,5,1\nstd 5,0(4)\nsc');
    e.setReg('r4', BigInt(DATA));
    e.onSyscall = () => false;
    assert.equal(e.run(0), 'stopped');
    const child = e.clone();
    child.onSyscall = () => false;
    // The child runs on; the parent's memory and registers are untouched.
    assert.equal(child.run(0), 'stopped');
    assert.equal(child.getReg('r5'), 6n);
    assert.equal(e.getReg('r5'), 0n);
    // Vector state is copied too, and independent afterwards.
    e.setReg('vs40l', 0x1122334455667788n);
    e.setReg('vs3l', 0x99n);
    e.setReg('vrsave', 0xffn);
    const child2 = e.clone();
    assert.equal(child2.getReg('vs40l'), 0x1122334455667788n);
    assert.equal(child2.getReg('vs3l'), 0x99n);
    assert.equal(child2.getReg('vrsave'), 0xffn);
    child2.setReg('vs40l', 0n);
    assert.equal(e.getReg('vs40l'), 0x1122334455667788n);
    child2.close();
    const rd = (x: typeof e) => x.read(DATA, 8)!;
    assert.notDeepEqual([...rd(child)], [...rd(e)]);
    // And the parent can run independently too, into its own copy.
    e.write(DATA, new Uint8Array(8).fill(0));
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg('r5'), 1n);
    assert.deepEqual(child.regions(), e.regions());
    child.close();
    assert.throws(() => child.run(1), EngineError);
  });

  tt(`${arch.name}: saveContext/restoreContext swap whole register sets`, async () => {
    const e = await engineWith(arch, 'addi 3,3,1\nsc');
    e.onSyscall = () => false;
    e.setReg('r3', 100n);
    e.setReg('f1', 0x3ff0000000000000n);
    e.setReg('cr', 0x12345678n);
    e.setReg('xer', 0x20000000n);
    e.setReg('vs1l', 0xabcdn);
    e.setReg('vs63h', 0x123n);
    e.setReg('vs63l', 0x456n);
    e.setReg('vscr', 1n);
    e.setReg('vrsave', 0x80000000n);
    const ctxA = e.saveContext();
    e.setReg('r3', 200n);
    e.setReg('f1', 0n);
    e.setReg('vs1l', 0n);
    e.setReg('vs63h', 0n);
    e.setReg('vs63l', 0n);
    e.setReg('vscr', 0n);
    e.setReg('vrsave', 0n);
    e.setReg('cr', 0n);
    e.setPc(CODE);
    const ctxB = e.saveContext();
    e.restoreContext(ctxA);
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg('r3'), 101n);
    assert.equal(e.getReg('f1'), 0x3ff0000000000000n);
    assert.equal(e.getReg('cr'), 0x12345678n);
    assert.equal(e.getReg('xer'), 0x20000000n);
    assert.equal(e.getReg('vs1h'), 0x3ff0000000000000n, 'FPR1 is doubleword 0 of VSR1');
    assert.equal(e.getReg('vs1l'), 0xabcdn);
    assert.equal(e.getReg('vs63h'), 0x123n);
    assert.equal(e.getReg('vs63l'), 0x456n);
    assert.equal(e.getReg('vscr'), 1n);
    assert.equal(e.getReg('vrsave'), 0x80000000n);
    e.restoreContext(ctxB);
    assert.equal(e.getReg('r3'), 200n);
    assert.equal(e.getReg('vs63l'), 0n);
    assert.equal(e.getReg('vrsave'), 0n);
    assert.equal(e.getPc(), CODE);
    // The saved context is a copy: running did not change ctxA.
    e.restoreContext(ctxA);
    assert.equal(e.getReg('r3'), 100n);
  });

  tt(`${arch.name}: register batches move 32-bit halves`, () => {
    const e = createPpc64Engine(arch);
    const b = e.regBatch(['r3', 'pc', 'lr', 'ctr', 'xer', 'cr', 'f31', 'fpscr', 'msr', 'r31']);
    const v = new Uint32Array(20);
    v.set([0x89abcdef, 0x01234567, 0x1000, 0x1, 0x11, 0x22, 0x33, 0x44, 0xe00c007f, 0x5, 0x87654321, 0,
      0x55, 0x66, 0xff, 0, 0, 0, 7, 8]);
    e.writeRegs(b, v);
    const out = new Uint32Array(20);
    e.readRegs(b, out);
    assert.equal(e.getReg('r3'), 0x0123456789abcdefn);
    assert.equal(e.getPc(), 0x100001000);
    assert.equal(hex(e.getReg('xer')), '0xe00c007f');
    assert.equal(out[10], 0x87654321);
    assert.equal(e.getReg('f31'), 0x0000006600000055n);
    assert.equal(out[14], 0xff);
    // msr is read-only: 64-bit mode, problem state, LE bit as the arch says.
    assert.equal(out[17], 0x80000000);
    assert.equal(out[16] & 1, le ? 1 : 0);
    assert.equal(e.getReg('r31'), 0x0000000800000007n);
    assert.throws(() => e.regBatch(['x0']), EngineError);
    e.setReg('r0', -1n);
    assert.equal(e.getReg('r0'), 0xffffffffffffffffn);
  });

  tt(`${arch.name}: onInstruction sees every executed instruction with its bytes`, async () => {
    const e = await engineWith(arch, 'li 3,1\nb 1f\nli 3,2\n1: sc');
    const seen: [number, number[]][] = [];
    e.onInstruction = (pc, bytes) => { seen.push([pc, [...bytes]]); };
    e.onSyscall = () => false;
    assert.equal(e.run(0), 'stopped');
    assert.deepEqual(seen.map((s) => s[0]), [CODE, CODE + 4, CODE + 12]);
    const li = le ? [1, 0, 0x60, 0x38] : [0x38, 0x60, 0, 1];
    assert.deepEqual(seen[0][1], li);
  });

  tt(`${arch.name}: self-modifying code takes effect immediately`, async () => {
    // Overwrite the instruction at label 2 (li 3,1) with the word held in r5 (li 3,2), after
    // it has already executed once.
    const e = await engineWith(arch, 'li 6,2\n1: bl 3f\n2: li 3,1\nb 4f\n3: mflr 7\nblr\n4: addi 6,6,-1\ncmpdi 6,0\nbeq 5f\nstw 5,0(7)\nicbi 0,7\nisync\nb 1b\n5: sc');
    const li32 = (await assemble('li 3,2', le));
    const word = new DataView(li32.buffer).getUint32(0, le);
    e.setReg('r5', BigInt(word));
    e.onSyscall = () => false;
    assert.equal(e.run(1000), 'stopped');
    assert.equal(e.getReg('r3'), 2n);
  });

  tt(`${arch.name}: kernel writes into code invalidate decoded instructions`, async () => {
    const e = await engineWith(arch, '1: li 3,1\nsc\nb 1b');
    e.onSyscall = () => false;
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg('r3'), 1n);
    e.load(CODE, await assemble('li 3,7', le));
    e.setPc(CODE);
    assert.equal(e.run(0), 'stopped');
    assert.equal(e.getReg('r3'), 7n);
  });

  tt(`${arch.name}: protect() removing PROT_EXEC stops execution there`, async () => {
    const e = await engineWith(arch, 'sc\nnop\nsc');
    e.onSyscall = () => { e.protect(CODE, 0x10000, PROT_READ); return true; };
    assert.equal(e.run(0), 'fault');
    assert.deepEqual(e.fault, { kind: 'fetch-protected', addr: CODE + 4, pc: CODE + 4 });
  });

  tt(`${arch.name}: mftb counts executed instructions`, async () => {
    const e = await engineWith(arch, 'nop\nnop\nmftb 3\nmftb 4\nsc');
    e.onSyscall = () => false;
    assert.equal(e.run(0), 'stopped');
    const a = e.getReg('r3'), b = e.getReg('r4');
    assert.equal(b - a, 1n);
    assert.ok(a >= 2n);
  });

  tt(`${arch.name}: stack pointer and sp alias`, () => {
    const e = makeEngine(arch);
    assert.equal(e.getReg('sp'), BigInt(STACK_TOP - 0x100));
  });
}
