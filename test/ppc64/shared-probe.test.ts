// One TLB probe shared by a run of D-form loads or stores through one base register (jit.ts
// shareProbes, jit-mem.ts sharedProbe). Each case runs on the interpreter alone, as compiled
// blocks and as regions, in loops so that the later passes run with the TLB filled, and the
// whole outcome must be the same: registers, memory, and a fault's kind, address and
// instruction. A probe shared wrongly reads or writes the wrong page, misses a fault, or faults
// at the wrong instruction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, assemble, makeEngine, snapshot, CODE, DATA, hex } from './helpers.js';
import type { Ppc64Engine } from '../../emu/ppc64/index.js';
import { PROT_READ, PROT_WRITE, PROT_EXEC } from '../../emu/engine.js';
import { compileBlock } from '../../emu/ppc64/jit.js';
import { Memory } from '../../emu/ppc64/memory.js';
import { decode, illegal } from '../../emu/ppc64/decode.js';
import type { Op } from '../../emu/ppc64/cpu.js';

type Arch = (typeof arches)[number];
const TIERS = [['interpreter', -1, Infinity], ['blocks', 0, Infinity], ['regions', 0, 0]] as const;

/**
 * Run `src` (+ sc) in each tier with registers `regs` and, optionally, a change to the address
 * space first (`setup`); every tier must end in the same state. Returns the interpreter's
 * engine and outcome.
 */
async function agree(arch: Arch, src: string, regs: Record<string, bigint>, setup?: (e: Ppc64Engine) => void) {
  const code = await assemble(src + '\nsc', arch.endian === 'little');
  let first: { e: Ppc64Engine; r: string; state: string } | null = null;
  for (const [name, jit, region] of TIERS) {
    const e = makeEngine(arch) as Ppc64Engine;
    e.jitThreshold = jit;
    e.regionTrigger = region;
    e.load(CODE, code);
    const fill = new Uint8Array(0x10000).map((_, i) => (i * 7 + 3) & 255);
    e.load(DATA, fill);
    setup?.(e);
    for (const [k, v] of Object.entries(regs)) e.setReg(k, v);
    e.onSyscall = () => false;
    const r = e.run(100000);
    if (jit >= 0) assert.ok(e.compiledBlocks > 0, `${name}: nothing compiled`);
    // Pages made count too: a probe ahead of a run (Memory.prefill) must not make one.
    const state = `${r} ${JSON.stringify(e.fault)} pc=${e.getPc().toString(16)} resident=${e.peakResident()} ${snapshot(e)}`;
    if (first === null) first = { e, r, state };
    else assert.equal(state, first.state, `${name} and the interpreter disagree after:\n${src}`);
  }
  return first!;
}

/** A loop of `n` passes around `body`, advancing the base r4 by `step` bytes a pass. */
const loop = (n: number, step: number, body: string[]) =>
  [`li 20,${n}`, 'mtctr 20', '1:', ...body, `addi 4,4,${step}`, 'bdnz 1b'].join('\n');

const END = BigInt(DATA + 0x10000);

for (const arch of arches) {
  test(`${arch.name}: a shared probe serves loads and stores of every width in one page`, async () => {
    const body = ['ld 5,0(4)', 'lwz 6,8(4)', 'lhz 7,14(4)', 'lha 8,12(4)', 'lbz 9,15(4)', 'lwa 10,4(4)',
      'std 5,64(4)', 'stw 6,72(4)', 'sth 7,76(4)', 'stb 9,79(4)', 'add 11,5,6'];
    const { r } = await agree(arch, loop(40, 24, body), { r4: BigInt(DATA + 0x100) });
    assert.equal(r, 'stopped');
  });

  test(`${arch.name}: a run whose span crosses a page boundary reads and writes both pages`, async () => {
    // Every pass straddles or nears the boundary at DATA + 0x1000 (and negative offsets too).
    const body = ['ld 5,-8(4)', 'ld 6,0(4)', 'lwz 7,6(4)', 'std 6,-16(4)', 'std 5,8(4)', 'stw 7,-4(4)'];
    const { r } = await agree(arch, loop(12, 4, body), { r4: BigInt(DATA + 0x1000 - 24) });
    assert.equal(r, 'stopped');
  });

  test(`${arch.name}: a load in a shared run faults at its own instruction, earlier ones done`, async () => {
    // Passes walk up to the end of the data mapping: the last pass's second load is unmapped.
    const body = ['ld 5,0(4)', 'ld 6,8(4)', 'addi 21,21,1', 'ld 7,16(4)'];
    const { e, r } = await agree(arch, loop(100, 8, body), { r4: END - 8n * 20n });
    assert.equal(r, 'fault');
    assert.equal(e.fault!.kind, 'read-unmapped');
    assert.equal(hex(BigInt(e.fault!.addr)), hex(END));
    // Pass 18 (r4 = END - 16) loads 0(4) and 8(4), then its ld 7,16(4) is the first to fault.
    assert.equal(e.fault!.pc, CODE + 4 * 5);
    assert.equal(e.getReg('r21'), 19n);
  });

  test(`${arch.name}: a store in a shared run faults at a read-only page, earlier stores done`, async () => {
    // The page after the first data page is read-only: the passes' stores reach it.
    const body = ['std 4,0(4)', 'stw 4,8(4)', 'addi 21,21,1', 'std 4,12(4)'];
    const { e, r } = await agree(arch, loop(100, 4, body), { r4: BigInt(DATA + 0x1000 - 64) },
      (x) => x.protect(DATA + 0x1000, 0x1000, PROT_READ));
    assert.equal(r, 'fault');
    assert.equal(e.fault!.kind, 'write-protected');
    assert.equal(e.fault!.addr, DATA + 0x1000);
    // Pass 12 (r4 = DATA + 0x1000 - 16) stores 0(4) and 8(4), then std 4,12(4) crosses into
    // the read-only page.
    assert.equal(e.fault!.pc, CODE + 4 * 5);
    assert.equal(e.getReg('r21'), 13n);
    const last = e.read(DATA + 0x1000 - 16, 8)!;
    assert.ok(last.some((b) => b !== 0));
  });

  test(`${arch.name}: runs over pages never touched make them as single accesses do`, async () => {
    // A fresh mapping: each pass's loads come before its stores, from pages made only by them.
    const FRESH = 0x40000000;
    const body = ['ld 5,0(4)', 'ld 6,8(4)', 'std 4,16(4)', 'std 4,24(4)', 'ld 7,16(4)', 'ld 8,24(4)', 'add 9,9,7'];
    const { e, r } = await agree(arch, loop(20, 1024, body), { r4: BigInt(FRESH + 512) }, (x) => x.map(FRESH, 0x8000, PROT_READ | PROT_WRITE));
    assert.equal(r, 'stopped');
    assert.equal(e.getReg('r8'), BigInt(FRESH + 512 + 19 * 1024));
  });

  test(`${arch.name}: a load into the base register, or a write to it, ends the run`, async () => {
    // DATA+0x100 holds a pointer to DATA+0x200; the second load must use it.
    const le = arch.endian === 'little';
    const src = ['1:', 'mr 4,3', 'ld 4,0(4)', 'ld 5,8(4)', 'lwz 6,0(3)', 'addi 3,3,16', 'lwz 7,0(3)', 'addi 3,3,-16', 'addi 22,22,1', 'cmpdi 22,30', 'blt 1b'].join('\n');
    const { e } = await agree(arch, src, { r3: BigInt(DATA + 0x100) }, (x) => {
      const p = new Uint8Array(8);
      new DataView(p.buffer).setBigUint64(0, BigInt(DATA + 0x200), le);
      x.write(DATA + 0x100, p);
    });
    assert.equal(e.getReg('r4'), BigInt(DATA + 0x200));
    const at = (a: number, n: number) => e.read(a, n)!;
    const v = (b: Uint8Array) => b.reduce((x, y, i) => x | (BigInt(y) << BigInt(8 * (le ? i : b.length - 1 - i))), 0n);
    assert.equal(e.getReg('r5'), v(at(DATA + 0x208, 8)));
    assert.equal(e.getReg('r7'), v(at(DATA + 0x110, 4)));
  });

  test(`${arch.name}: stores of a shared run to a code page still drop its compiled code`, async () => {
    // Each pass writes `addi 3,3,K` (K = pass number) and `blr` into `slot` and calls it: the
    // sum is right only if every rewrite reaches the code that runs next.
    const src = ['b 1f', 'slot: addi 3,3,0', 'blr', '1: lis 4,0x1000', 'ori 4,4,4', 'li 3,0', 'lis 5,0x3863',
      'lis 7,0x4e80', 'ori 7,7,0x20', 'li 6,20', 'mtctr 6', '2: addi 5,5,1', 'stw 5,0(4)', 'stw 7,4(4)', 'bl slot', 'bdnz 2b'].join('\n');
    const { e, r } = await agree(arch, src, {});
    assert.equal(r, 'stopped');
    assert.equal(e.getReg('r3'), 210n);
  });

  test(`${arch.name}: a run of stores through one base is compiled with one probe`, async () => {
    const le = arch.endian === 'little';
    const code = await assemble(['std 3,0(1)', 'std 4,8(1)', 'stw 5,24(1)', 'ld 6,32(1)', 'ld 7,40(1)', 'blr'].join('\n'), le);
    const mem = new Memory(le);
    mem.map(CODE, 0x1000, PROT_READ | PROT_EXEC);
    mem.load(CODE, code);
    const page = mem.fetchPage(CODE);
    const former = { page, base: CODE, le, decodeAt: (j: number) => decode(page.view.getUint32(j * 4, le), CODE + j * 4, le), isIllegal: (op: Op) => op === illegal };
    const src = compileBlock(former, 0).fn.toString();
    // One shared view for the stores and one for the loads; every access tests its run's check.
    assert.equal(src.match(/= wV\[u\w+t\]/g)?.length, 1, src);
    assert.equal(src.match(/= rV\[u\w+t\]/g)?.length, 1, src);
    assert.equal(src.match(/if \(u\w+k\)/g)?.length, 5, src);
  });
}
