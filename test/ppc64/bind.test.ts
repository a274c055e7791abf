// A generated function is bound to the register file of the Cpu it was compiled for (jit.ts
// build: the arrays are consts of its scope, so V8 compiles its register accesses without
// bounds checks). Called with another Cpu, it must run on that Cpu's registers, through an
// instance made for it, and leave the first Cpu's alone; blocks and regions alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arches, assemble, CODE } from './helpers.js';
import { PROT_READ, PROT_EXEC } from '../../emu/engine.js';
import { compileBlock, compileRegion } from '../../emu/ppc64/jit.js';
import { Memory } from '../../emu/ppc64/memory.js';
import { decode, illegal } from '../../emu/ppc64/decode.js';
import { Cpu, type Op } from '../../emu/ppc64/cpu.js';

for (const arch of arches) {
  test(`${arch.name}: a generated function runs on the register file of the Cpu that calls it`, async () => {
    const le = arch.endian === 'little';
    // A block of two adds (ends before sc), and the same as a region.
    const code = await assemble(['addi 3,3,5', 'add 4,3,3', 'sc'].join('\n'), le);
    const mem = new Memory(le);
    mem.map(CODE, 0x1000, PROT_READ | PROT_EXEC);
    mem.load(CODE, code);
    const page = mem.fetchPage(CODE);
    const a = new Cpu(mem), b = new Cpu(mem);
    const former = { page, base: CODE, le, cpu: a, decodeAt: (j: number) => decode(page.view.getUint32(j * 4, le), CODE + j * 4, le), isIllegal: (op: Op) => op === illegal };
    const block = compileBlock(former, 0).fn;
    const region = compileRegion(former, [0])!.fn;
    const run = (c: Cpu, fn: 'block' | 'region') => {
      if (fn === 'block') block(c, c.g, mem, 1);
      else { c.ri = 0; region(c, c.g, mem, 100); }
    };
    for (const fn of ['block', 'region'] as const) {
      a.g.fill(0); b.g.fill(0);
      a.g[6] = 1; b.g[6] = 100;
      run(a, fn);
      assert.deepEqual([a.g[6], a.g[8], b.g[6], b.g[8]], [6, 12, 100, 0], `${fn}: the bound Cpu`);
      run(b, fn);
      assert.deepEqual([a.g[6], a.g[8], b.g[6], b.g[8]], [6, 12, 105, 210], `${fn}: another Cpu`);
      run(a, fn);
      run(b, fn);
      assert.deepEqual([a.g[6], a.g[8], b.g[6], b.g[8]], [11, 22, 110, 220], `${fn}: both again`);
    }
  });
}
