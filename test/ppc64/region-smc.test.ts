// Self-modifying code in compiled code: a store into the code of a page, made by generated code
// of that page while it runs (a region, a block that loops on itself, a straight block storing
// over its own next word), must be seen by the next instruction that runs the changed words
// (memory.ts: CODE_CHANGED). The stores are made after the code holding them was compiled (a
// region's storing block first runs without storing), so the generated code is running when
// its own page's code changes. Every tier must reach the interpreter's state, stopped by the
// budget anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, assemble, makeEngine, snapshot, CODE } from './helpers.js';
import type { Ppc64Engine } from '../../emu/ppc64/index.js';

type Arch = (typeof arches)[number];
const TIERS = [['blocks', 0, Infinity], ['regions', 0, 0]] as const;

async function stateAfter(arch: Arch, src: string, regs: Record<string, bigint>, jit: number, region: number, budget: number) {
  const e = makeEngine(arch) as Ppc64Engine;
  e.jitThreshold = jit;
  e.regionTrigger = region;
  e.load(CODE, await assemble(src, arch.endian === 'little'));
  for (const [k, v] of Object.entries(regs)) e.setReg(k, v);
  e.onSyscall = () => false;
  const r = e.run(budget);
  return { e, brief: `${r} pc=${e.getPc().toString(16)} executed=${e.executed} r3=${e.getReg('r3')}`, state: snapshot(e) };
}

/** Run src in every tier at each budget, against the interpreter (`region`: the region tier built one); the interpreter's engine at the last. */
async function agree(arch: Arch, src: string, budgets: number[], region = true): Promise<{ e: Ppc64Engine; regions: Ppc64Engine }> {
  const le = arch.endian === 'little';
  const regs = { r10: BigInt(new DataView((await assemble('addi 3,3,0', le)).buffer).getUint32(0, le)) };
  let last: { e: Ppc64Engine; regions: Ppc64Engine } | null = null;
  for (const budget of budgets) {
    const interp = await stateAfter(arch, src, regs, -1, Infinity, budget);
    for (const [name, jit, region] of TIERS) {
      const t = await stateAfter(arch, src, regs, jit, region, budget);
      assert.equal(t.brief, interp.brief, `${name}, budget ${budget}`);
      assert.ok(t.state === interp.state, `${name}, budget ${budget}: the whole state differs`);
      if (name === 'regions') {
        if (region) assert.ok(t.e.compiledRegions > 0, 'a region was built');
        last = { e: interp.e, regions: t.e };
      }
    }
  }
  return last!;
}

for (const arch of arches) {
  // Every 16th pass rewrites `slot` (addi 3,3,K with K = pass / 16 + 1) and then goes there,
  // by a constant branch or a call (bl, its return a region edge): in the region, the storing
  // block, slot and the loop's blocks are one function's cases.
  const jumps = (viaCall: boolean) => ['b 1f',
    'slot: addi 3,3,0', viaCall ? 'blr' : 'b 3f',
    '1: lis 4,0x1000', 'ori 4,4,4', 'li 3,0', 'li 8,0', 'li 6,200', 'mtctr 6',
    '2: andi. 9,8,15', 'bne 4f', 'srdi 9,8,4', 'addi 9,9,1', 'add 9,9,10', 'stw 9,0(4)',
    '4: addi 8,8,1', viaCall ? 'bl slot' : 'b slot',
    '3: bdnz 2b', 'sc'].join('\n');

  for (const viaCall of [false, true]) {
    test(`${arch.name}: a store into its page's code from a running region takes effect at the next block (${viaCall ? 'bl' : 'b'})`, async () => {
      const { e } = await agree(arch, jumps(viaCall), [333, 1001, 100000]);
      // 200 passes: 16 of each K from 1 to 12, then 8 of 13.
      assert.equal(e.getReg('r3'), BigInt(16 * 78 + 8 * 13));
    });
  }

  test(`${arch.name}: a loop on itself that rewrites its own first word runs the new word at the next pass`, async () => {
    // Pass p runs addi 3,3,p-1 and writes addi 3,3,p over it.
    const src = ['b 1f', 'loop: addi 3,3,0', 'addi 8,8,1', 'add 9,8,10', 'stw 9,0(4)', 'bdnz loop', 'sc',
      '1: lis 4,0x1000', 'ori 4,4,4', 'li 3,0', 'li 8,0', 'li 6,100', 'mtctr 6', 'b loop'].join('\n');
    const { e } = await agree(arch, src, [257, 100000]);
    assert.equal(e.getReg('r3'), BigInt(99 * 100 / 2));
  });

  test(`${arch.name}: a store with update into the next word of its own block runs the new word, updating once`, async () => {
    // Pass p: stwu writes addi 3,3,p over the word after it (r4 + 4, and r4 then points there).
    const src = ['li 3,0', 'li 8,0', 'li 6,100', 'mtctr 6', 'lis 12,0x1000', 'ori 12,12,0x24',
      '1: mr 4,12', 'addi 8,8,1', 'add 9,8,10', 'stwu 9,4(4)', 'addi 3,3,0', 'addi 11,4,0', 'bdnz 1b', 'sc'].join('\n');
    const { e } = await agree(arch, src, [301, 100000], false);
    assert.equal(e.getReg('r3'), BigInt(100 * 101 / 2));
    assert.equal(e.getReg('r11'), BigInt(CODE + 0x28));
  });
}
