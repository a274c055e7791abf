// Branches: b/ba/bl, bc with every BO class (CR only, CTR only, both, always), bclr/bcctr with
// and without LK, bdnz loops, and the LR value a taken or untaken bcl leaves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, run, reg, CODE, hex, u64, assemble, makeEngine, snapshot } from './helpers.js';
import { LOOP_CALL, LONG_LOOP } from '../../emu/ppc64/jit.js';

/**
 * Run code at CODE for `budget` instructions with the given compile thresholds (jit -1: the
 * interpreter alone; region 0: regions at once) and return the outcome and the whole state.
 */
function stateAfter(arch: (typeof arches)[number], code: Uint8Array, jit: number, region: number, budget: number): string {
  const e = makeEngine(arch) as ReturnType<typeof makeEngine> & { jitThreshold: number; regionTrigger: number };
  e.jitThreshold = jit;
  e.regionTrigger = region;
  e.load(CODE, code);
  e.onSyscall = () => false;
  const r = e.run(budget);
  return `${r} ${JSON.stringify(e.fault)} pc=${e.getPc().toString(16)} ${snapshot(e)}`;
}

for (const arch of arches) {
  test(`${arch.name}: b and bl`, async () => {
    const e = await run(arch, 'b 1f\nli 3,1\n1: bl 2f\nli 4,9\nb 3f\n2: li 5,7\nblr\n3: nop');
    assert.equal(reg(e, 'r3'), 0n);
    assert.equal(reg(e, 'r4'), 9n);
    assert.equal(reg(e, 'r5'), 7n);
    assert.equal(hex(reg(e, 'lr')), hex(BigInt(CODE + 12)));
  });

  test(`${arch.name}: beq/bne/blt/bgt/ble/bge`, async () => {
    const src = `cmpdi 3,0
li 10,0
beq 1f
ori 10,10,1
1: bne 2f
ori 10,10,2
2: blt 3f
ori 10,10,4
3: bgt 4f
ori 10,10,8
4: ble 5f
ori 10,10,16
5: bge 6f
ori 10,10,32
6: nop`;
    const neg = await run(arch, src, { regs: { r3: -1 } });
    assert.equal(reg(neg, 'r10'), 1n | 8n | 32n);
    const zero = await run(arch, src, { regs: { r3: 0 } });
    assert.equal(reg(zero, 'r10'), 2n | 4n | 8n);
  });

  test(`${arch.name}: bdnz loop counts CTR down to zero`, async () => {
    const e = await run(arch, 'li 3,0\nmtctr 4\n1: addi 3,3,1\nbdnz 1b', { regs: { r4: 5 } });
    assert.equal(reg(e, 'r3'), 5n);
    assert.equal(reg(e, 'ctr'), 0n);
  });

  test(`${arch.name}: bdnz with CTR 0 wraps to 2^64-1 and branches`, async () => {
    const e = await run(arch, 'li 3,0\nbdnz 1f\nli 3,1\n1: nop', { regs: { ctr: 0 } });
    assert.equal(reg(e, 'r3'), 0n);
    assert.equal(hex(reg(e, 'ctr')), hex(u64(-1)));
  });

  test(`${arch.name}: bdz, bdnzt, bdzf (CTR and condition together)`, async () => {
    // bdz: branch when CTR becomes 0.
    const a = await run(arch, 'li 3,0\nbdz 1f\nli 3,1\n1: nop', { regs: { ctr: 1 } });
    assert.equal(reg(a, 'r3'), 0n);
    // bdnzt eq: CTR 3->2 (nonzero) and EQ set: taken.
    const b = await run(arch, 'cmpdi 4,0\nli 3,0\nbdnzt 2,1f\nli 3,1\n1: nop', { regs: { r4: 0, ctr: 3 } });
    assert.equal(reg(b, 'r3'), 0n);
    assert.equal(reg(b, 'ctr'), 2n);
    // bdnzt eq with EQ clear: not taken, CTR still decremented.
    const c = await run(arch, 'cmpdi 4,0\nli 3,0\nbdnzt 2,1f\nli 3,1\n1: nop', { regs: { r4: 1, ctr: 3 } });
    assert.equal(reg(c, 'r3'), 1n);
    assert.equal(reg(c, 'ctr'), 2n);
    // bdzf eq: CTR 1->0 and EQ clear: taken.
    const d = await run(arch, 'cmpdi 4,0\nli 3,0\nbdzf 2,1f\nli 3,1\n1: nop', { regs: { r4: 1, ctr: 1 } });
    assert.equal(reg(d, 'r3'), 0n);
  });

  test(`${arch.name}: bclr, bclrl, conditional returns`, async () => {
    const e = await run(arch, 'bl 1f\nb 2f\n1: cmpdi 3,0\nbeqlr\nli 4,5\nblr\n2: nop', { regs: { r3: 1 } });
    assert.equal(reg(e, 'r4'), 5n);
    const f = await run(arch, 'bl 1f\nb 2f\n1: cmpdi 3,0\nbeqlr\nli 4,5\nblr\n2: nop', { regs: { r3: 0 } });
    assert.equal(reg(f, 'r4'), 0n);
    // blrl branches to the old LR and sets LR to the next instruction.
    const g = await run(arch, 'bl 1f\n1: mflr 5\naddi 5,5,20\nmtlr 5\nblrl\nli 6,1\nli 7,1', {});
    assert.equal(reg(g, 'r6'), 0n);
    assert.equal(reg(g, 'r7'), 1n);
    assert.equal(hex(reg(g, 'lr')), hex(BigInt(CODE + 20)));
  });

  test(`${arch.name}: bctr, bctrl, bnectr`, async () => {
    const e = await run(arch, 'bl 1f\n1: mflr 5\naddi 5,5,20\nmtctr 5\nbctrl\nli 6,1\nli 7,2', {});
    assert.equal(reg(e, 'r6'), 0n);
    assert.equal(reg(e, 'r7'), 2n);
    assert.equal(hex(reg(e, 'lr')), hex(BigInt(CODE + 20)));
    const f = await run(arch, 'bl 1f\n1: mflr 5\naddi 5,5,24\nmtctr 5\ncmpdi 3,0\nbnectr\nli 6,1\nli 7,2', { regs: { r3: 0 } });
    assert.equal(reg(f, 'r6'), 1n);
  });

  test(`${arch.name}: bcl 20,31 (the PIC idiom) sets LR even though it always branches`, async () => {
    const e = await run(arch, 'bcl 20,31,1f\n1: mflr 3', {});
    assert.equal(hex(reg(e, 'r3')), hex(BigInt(CODE + 4)));
  });

  test(`${arch.name}: untaken bcl still sets LR`, async () => {
    const e = await run(arch, 'cmpdi 4,0\nbeql 1f\nmflr 3\n1: nop', { regs: { r4: 1 } });
    assert.equal(hex(reg(e, 'r3')), hex(BigInt(CODE + 8)));
  });

  test(`${arch.name}: absolute branches (ba, bla) go to the absolute address`, async () => {
    const e = makeEngine(arch);
    const le = arch.endian === 'little';
    // bla 0x100 (AA=1, LK=1): LR is set, and the fetch at 0x100 faults.
    const bla = (18 << 26) | 0x100 | 3;
    e.load(CODE, await assemble(`nop\n.word 0x${(bla >>> 0).toString(16)}`, le));
    assert.equal(e.run(100), 'fault');
    assert.deepEqual(e.fault, { kind: 'fetch-unmapped', addr: 0x100, pc: 0x100 });
    assert.equal(hex(e.getReg('lr')), hex(BigInt(CODE + 8)));
    // bca 20,0,-0x100: the sign-extended absolute target is far above any mapping.
    const f = makeEngine(arch);
    const bca = (16 << 26) | (20 << 21) | 0xff00 | 2;
    f.load(CODE, await assemble(`.word 0x${(bca >>> 0).toString(16)}`, le));
    assert.equal(f.run(100), 'fault');
    assert.equal(f.fault!.kind, 'fetch-unmapped');
  });

  // A region keeps registers in locals and stores back, per exit, only what the blocks that ran
  // may have written, and loads, per entry, what the blocks it can reach use (jit.ts); a call
  // and return inside the page are computed moves between its blocks. Stopped by the budget at
  // many points, and by a fault, every register must be what the interpreter has.
  test(`${arch.name}: region entries and exits keep every register exact (budget stops, fault)`, async () => {
    const src = ['li 3,0', 'li 4,7', 'li 5,50', 'mtctr 5', 'lis 6,0x1000', 'ori 6,6,64',
      '1: mtlr 6', 'blrl', 'addi 4,4,3', 'mulld 7,3,4', 'andi. 11,7,4', 'bdnz 1b', 'li 9,0', 'ld 10,8(9)', 'nop', 'nop',
      'addi 3,3,5', 'xor 8,3,4', 'cmpdi 3,100', 'blr'].join('\n');
    const code = await assemble(src, arch.endian === 'little');
    assert.equal(code.length, 20 * 4);
    const once = (jit: number, region: number, budget: number) => stateAfter(arch, code, jit, region, budget);
    for (const budget of [37, 101, 250, 333, 100000]) {
      const interp = once(-1, Infinity, budget);
      assert.ok(interp.startsWith(budget === 100000 ? 'fault' : 'budget'), interp.slice(0, 80));
      assert.equal(once(0, Infinity, budget), interp, `blocks, budget ${budget}`);
      assert.equal(once(0, 0, budget), interp, `regions, budget ${budget}`);
    }
  });

  // A loop on itself whose compare is its only CR access keeps the compare's field in a local
  // and merges it into CR when it leaves (jit.ts: loopCr): leaving by the branch, by the budget
  // and by a fault at the top of a later pass must all show the last compare's field.
  test(`${arch.name}: a compare-and-branch loop leaves CR exact (exit, budget stops, fault)`, async () => {
    // The data pages end 16 passes on from DATA: 40 passes fault in a later pass of one block
    // call, and starting at the last page faults in the first pass the loop's own block runs.
    const loop = (n: number, page: number) => ['li 3,0', `li 4,${n}`, 'lis 9,0x2000', `ori 9,9,${page * 4096}`, 'crset 6',
      '1: ld 5,0(9)', 'addi 9,9,4096', 'addi 3,3,1', 'cmpd 1,3,4', 'blt 1,1b', 'mfcr 6', 'sc'].join('\n');
    for (const [n, page, budgets] of [[10, 0, [9, 23, 100000]], [40, 0, [30, 77, 100000]], [40, 15, [100000]]] as const) {
      const code = await assemble(loop(n, page), arch.endian === 'little');
      const once = (jit: number, region: number, budget: number) => stateAfter(arch, code, jit, region, budget);
      for (const budget of budgets) {
        const interp = once(-1, Infinity, budget);
        if (budget === 100000) assert.ok(interp.startsWith(n === 10 ? 'stopped' : 'fault'), interp.slice(0, 80));
        assert.equal(once(0, Infinity, budget), interp, `blocks, ${n} passes, budget ${budget}`);
        assert.equal(once(0, 0, budget), interp, `regions, ${n} passes, budget ${budget}`);
      }
    }
  });

  // A block that loops on itself counting down CTR runs at most LOOP_CALL instructions a call
  // when CTR says more than LONG_LOOP are left (jit.ts), so a long loop goes back to the run
  // loop and is called again: the state where it ends, and at a budget stop inside it, is the
  // interpreter's, and the block was called as many times as the bound says. A shorter loop
  // runs in one call.
  test(`${arch.name}: a CTR loop longer than one call's bound`, async () => {
    const len = 4;
    const src = (passes: number) => ['li 3,0', `lis 4,${passes >>> 16}`, `ori 4,4,${passes & 0xffff}`, 'mtctr 4',
      '1: addi 3,3,3', 'xor 5,5,3', 'addi 6,6,-1', 'bdnz 1b', 'sc'].join('\n');
    const after = (code: Uint8Array, jit: number, budget: number) => {
      const e = makeEngine(arch) as ReturnType<typeof makeEngine> & { jitThreshold: number; regionTrigger: number; loopingCalls: number };
      e.jitThreshold = jit;
      e.regionTrigger = Infinity;    // standalone blocks only (a region runs its loops itself)
      e.load(CODE, code);
      e.onSyscall = () => false;
      const r = e.run(budget);
      return { e, state: `${r} ${JSON.stringify(e.fault)} pc=${e.getPc().toString(16)} ${snapshot(e)}` };
    };
    // Bounded calls until CTR says no more than LONG_LOOP are left, then one call for the rest.
    const long = 2 * Math.floor(LONG_LOOP / len), all = 3 * LONG_LOOP;
    const code = await assemble(src(long), arch.endian === 'little');
    for (const budget of [7 * LOOP_CALL + 13, all]) {
      const interp = after(code, -1, budget).state;
      assert.ok(interp.startsWith(budget === all ? 'stopped' : 'budget'), interp.slice(0, 80));
      assert.equal(after(code, 0, budget).state, interp, `blocks, budget ${budget}`);
    }
    const { e } = after(code, 0, all);
    assert.equal(reg(e, 'r3'), BigInt(3 * long));
    assert.ok(e.loopingCalls >= Math.floor((long * len - LONG_LOOP) / LOOP_CALL), `looping block calls ${e.loopingCalls}`);
    // A loop of fewer instructions than LONG_LOOP: not bounded (a call or two).
    const short = after(await assemble(src(Math.floor(LONG_LOOP / len) - 1000), arch.endian === 'little'), 0, all).e;
    assert.ok(short.loopingCalls <= 2, `short loop's block calls ${short.loopingCalls}`);
  });

  test(`${arch.name}: a loop crossing many pages and back`, async () => {
    // Jump forward over a 3-page gap of nops and come back with a register branch.
    const nops = Array(3000).fill('nop').join('\n');
    const e = await run(arch, `li 3,0\nbl 1f\nb 2f\n1: ${nops}\naddi 3,3,1\nblr\n2: nop`, { budget: 10000 });
    assert.equal(reg(e, 'r3'), 1n);
  });
}
