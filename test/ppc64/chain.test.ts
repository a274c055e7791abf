// Chaining across pages (engine.ts noteExit, jit.ts compileRegion): a region takes in the
// blocks of another page its code calls often, and moves to them, and back to its return sites,
// without leaving. Every state the interpreter reaches (registers, memory, the instruction
// count, the fault) must be the one the chained code reaches, stopped by the budget anywhere,
// and a change to the other page's code (a store, mprotect, munmap) must be seen at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, assemble, makeEngine, snapshot, CODE } from './helpers.js';
import type { Ppc64Engine } from '../../emu/ppc64/index.js';
import { PROT_READ } from '../../emu/engine.js';

/** The callee, on the page after the caller's. */
const CALLEE = CODE + 0x1000;

type Arch = (typeof arches)[number];
interface Setup { main: string; callee: string; regs?: Record<string, bigint>; onSyscall?: (e: Ppc64Engine) => boolean }

async function engineFor(arch: Arch, s: Setup, jit: number, region: number): Promise<Ppc64Engine> {
  const le = arch.endian === 'little';
  const e = makeEngine(arch) as Ppc64Engine;
  e.jitThreshold = jit;
  e.regionTrigger = region;
  e.load(CODE, await assemble(s.main, le));
  e.load(CALLEE, await assemble(s.callee, le));
  for (const [r, v] of Object.entries(s.regs ?? {})) e.setReg(r, v);
  e.onSyscall = s.onSyscall ? () => s.onSyscall!(e) : () => false;
  return e;
}

/** Outcome and whole state after `budget` instructions: interpreter (-1), blocks, regions at once. */
async function stateAfter(arch: Arch, s: Setup, jit: number, region: number, budget: number): Promise<{ state: string; e: Ppc64Engine }> {
  const e = await engineFor(arch, s, jit, region);
  const r = e.run(budget);
  return { state: `${r} ${JSON.stringify(e.fault)} pc=${e.getPc().toString(16)} executed=${e.executed} ${snapshot(e)}`, e };
}

async function sameAsInterpreter(arch: Arch, s: Setup, budgets: number[], what: string): Promise<Ppc64Engine> {
  let chained: Ppc64Engine | null = null;
  for (const budget of budgets) {
    const interp = (await stateAfter(arch, s, -1, Infinity, budget)).state;
    assert.equal((await stateAfter(arch, s, 0, Infinity, budget)).state, interp, `${what}: blocks, budget ${budget}`);
    const r = await stateAfter(arch, s, 0, 0, budget);
    assert.equal(r.state, interp, `${what}: regions, budget ${budget}`);
    chained = r.e;
  }
  return chained!;
}

/** `bl` from word index `at` of the caller's page to the callee. */
const blCallee = (at: number) => `.word 0x${((18 << 26) | (0x1000 - at * 4) | 1).toString(16)}`;

const callee = (stride: number) => ['ld 5,0(9)', 'addi 5,5,3', 'add 5,5,3', 'std 5,0(9)', `addi 9,9,${stride}`, 'blr'].join('\n');
const byCtr = (n: number) => ['li 3,0', `li 4,${n}`, 'lis 6,0x1000', 'ori 6,6,0x1000', 'lis 9,0x2000',
  '1: mtctr 6', 'bctrl', 'addi 3,3,1', 'cmpd 3,4', 'blt 1b', 'mfcr 7', 'sc'].join('\n');
const byBl = (n: number) => ['li 3,0', `li 4,${n}`, 'lis 9,0x2000', blCallee(3), 'addi 3,3,1', 'cmpd 3,4', 'blt .-12', 'sc'].join('\n');

for (const arch of arches) {
  test(`${arch.name}: calls into another page, chained, keep every state exact (budget stops, fault)`, async () => {
    const budgets = [37, 101, 250, 333, 555, 777, 1001, 1499, 100000];
    // 200 calls through CTR and by bl; a stride of 736 bytes leaves the data pages in call 91.
    for (const [main, kind] of [[byCtr(200), 'bctrl'], [byBl(200), 'bl']] as const) {
      const e = await sameAsInterpreter(arch, { main, callee: callee(8) }, budgets, kind);
      assert.ok(e.chainedBlocks > 0, `${kind}: the callee was chained into the caller's region`);
      const f = await sameAsInterpreter(arch, { main, callee: callee(736) }, [100000], `${kind}, faulting`);
      assert.equal(f.fault?.pc, CALLEE);
    }
  });

  test(`${arch.name}: a store into chained code takes effect at the next call`, async () => {
    // Every 16th pass rewrites the callee's addi immediate (to pass / 16, modulo 8) before the call.
    const le = arch.endian === 'little';
    const word = new DataView((await assemble('addi 5,5,0', le)).buffer).getUint32(0, le);
    const main = ['li 3,0', 'li 4,200', 'lis 6,0x1000', 'ori 6,6,0x1000', 'lis 9,0x2000',
      '1: andi. 11,3,15', 'bne 2f', 'rldicl 11,3,60,61', 'add 11,11,10', 'stw 11,4(6)', '2: mtctr 6', 'bctrl', 'addi 3,3,1', 'cmpd 3,4', 'blt 1b', 'sc'].join('\n');
    const e = await sameAsInterpreter(arch, { main, callee: callee(8), regs: { r10: BigInt(word) } }, [501, 100000], 'store');
    assert.ok(e.chainedBlocks > 0);
  });

  test(`${arch.name}: mprotect and munmap of chained code fault at the next call`, async () => {
    const main = ['li 3,0', 'li 4,200', 'lis 6,0x1000', 'ori 6,6,0x1000', 'lis 9,0x2000',
      '1: mtctr 6', 'bctrl', 'addi 3,3,1', 'sc', 'cmpd 3,4', 'blt 1b', 'sc'].join('\n');
    for (const change of ['protect', 'unmap'] as const) {
      const onSyscall = (e: Ppc64Engine) => {
        if (e.getReg('r3') === 150n) {
          if (change === 'protect') e.protect(CALLEE, 0x1000, PROT_READ); else e.unmap(CALLEE, 0x1000);
        }
        return true;
      };
      const e = await sameAsInterpreter(arch, { main, callee: callee(8), onSyscall }, [100000], change);
      assert.ok(e.chainedBlocks > 0);
      assert.deepEqual(e.fault, { kind: change === 'protect' ? 'fetch-protected' : 'fetch-unmapped', addr: CALLEE, pc: CALLEE });
    }
  });
}
