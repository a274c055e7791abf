// VSX / AltiVec instructions against qemu (QEMU_CPU=power9): the cases of veccases.ts, with
// the instruction words and qemu's output buffers committed in data/vec-qemu.json (made by
// scripts/ppc64/gen-vec-expected.ts). Each case runs on the interpreter, as compiled blocks and as regions
// (helpers.run compares the three states, VSRs included), in both byte orders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { arches, run, assemble, makeEngine, DATA, CODE } from './helpers.js';
import { vecCases, vecInput, VEC_OUT } from './veccases.js';

const dataDir = new URL('../../../test/ppc64/data/', import.meta.url).pathname;
const expected = JSON.parse(readFileSync(`${dataDir}vec-qemu.json`, 'utf8')) as {
  results: { name: string; words: string[]; ppc64: string; ppc64le: string }[];
};

test('vec-qemu.json matches veccases.ts', () => {
  assert.deepEqual(expected.results.map((r) => r.name), vecCases.map((k) => k.name));
});

for (const arch of arches) {
  for (const r of expected.results) {
    test(`${arch.name}: ${r.name}`, async () => {
      const src = r.words.map((w) => `.word ${w}`).join('\n');
      const data = new Uint8Array(256 + VEC_OUT);
      data.set(vecInput());
      const e = await run(arch, src, { data, regs: { r3: DATA, r4: DATA + 256 } });
      const got = Buffer.from(e.read(DATA + 256, VEC_OUT)!).toString('hex');
      const want = arch.name === 'ppc64' ? r.ppc64 : r.ppc64le;
      if (got !== want) {
        const rows: string[] = [];
        for (let o = 0; o < VEC_OUT * 2; o += 32) {
          if (got.slice(o, o + 32) !== want.slice(o, o + 32)) rows.push(`+${o / 2}: got ${got.slice(o, o + 32)} want ${want.slice(o, o + 32)}`);
        }
        assert.fail(`${r.name} (${arch.name}) differs from qemu:\n${rows.join('\n')}`);
      }
    });
  }
}

test('vector instructions survive a mix with the glibc-style FP usage: FPRs stay doubleword 0', async () => {
  for (const arch of arches) {
    // mtvsrd f0 (VSR0) then fmr copies it as an FPR: the same 64 bits.
    const e = await run(arch, `li 5,-2\n.word 0x7c050166\nfmr 1,0`, {});
    assert.equal(e.getReg('f1'), 0xfffffffffffffffen);
    assert.equal(e.getReg('vs1h'), 0xfffffffffffffffen);
  }
});

// A 16-byte access that crosses into an unmapped page: compiled code takes the inlined TLB path
// only when the 16 bytes lie in one page it holds, and otherwise checks every page first, so the
// store writes nothing, the load leaves its target as it was, and the fault names the first
// byte refused and the instruction, in all three tiers. The access runs in a loop first (on a
// page it may write), so the compiled function is hot and its fast path taken before the fault.
test('vector loads and stores across into an unmapped page fault with nothing done', async () => {
  const END = DATA + 0x10000; // first unmapped byte after the data pages (helpers.makeEngine)
  for (const arch of arches) {
    for (const [name, insn] of [['stxvd2x', 'stxvd2x 40,0,5'], ['stxvw4x', 'stxvw4x 40,0,5'], ['stvx', 'stvx 8,0,5'],
      ['lxvd2x', 'lxvd2x 41,0,5'], ['lxvw4x', 'lxvw4x 41,0,5'], ['lvx', 'lvx 9,0,5']] as const) {
      // r5 walks from DATA + 0xff00 by 8 until the access crosses END.
      const src = `li 6,40\nmtctr 6\n1: ${insn}\naddi 5,5,8\nbdnz 1b\nsc`;
      const code = await assemble(src, arch.endian === 'little');
      const states = [-1, 0, 0].map((jit, n) => {
        const e = makeEngine(arch) as ReturnType<typeof makeEngine> & { jitThreshold: number; regionTrigger: number };
        e.jitThreshold = jit;
        e.regionTrigger = n === 2 ? 0 : Infinity;
        e.load(CODE, code);
        e.write(END - 0x100, new Uint8Array(0x100).fill(0xa5));
        e.setReg('r5', BigInt(END - 0x100));
        e.setReg('vr8', 0x0102030405060708090a0b0c0d0e0f10n);
        e.setReg('vs40h', 0x1112131415161718n);
        e.setReg('vs40l', 0x191a1b1c1d1e1f20n);
        assert.equal(e.run(1000), 'fault', `${arch.name} ${name}`);
        return { fault: e.fault, mem: Buffer.from(e.read(END - 0x100, 0x100)!).toString('hex'), r5: e.getReg('r5'),
          v: [e.getReg('vs41h'), e.getReg('vs41l'), e.getReg('vr9')].join() };
      });
      const [interp] = states;
      // The unaligned forms fault at the access whose last 8 bytes cross; lvx/stvx round the
      // address down to 16, so they never cross and fault once r5 reaches the page.
      const aligned = name === 'lvx' || name === 'stvx';
      assert.equal(interp.fault!.pc, CODE + 8, `${arch.name} ${name}`);
      assert.equal(interp.fault!.addr, END, `${arch.name} ${name}`);
      assert.equal(interp.r5, BigInt(aligned ? END : END - 8), `${arch.name} ${name}`);
      // The last good store left the register's two halves in the last 16 bytes; a partial
      // store at END - 8 would have put its first half over the second.
      if (name.startsWith('st') && !aligned) assert.notEqual(interp.mem.slice(-32, -16), interp.mem.slice(-16), `${arch.name} ${name}: a partial store`);
      for (const s of states.slice(1)) assert.deepEqual(s, interp, `${arch.name} ${name}: compiled tiers differ`);
    }
  }
});

// Compiled code keeps the vector and FPR words its templates use in locals, unless something in
// it reads the register file whole: an interpreter closure, a floating-point template (c.f), an
// FPR load or store that moves a double.
// Each snippet here mixes localized words (vperm's among them) with those in one straight-line
// block, so a word left in a local where a closure reads the register file shows as a tier
// disagreement.
test('vector words in locals meet vperm, closures and FP templates in one block', async () => {
  const data = new Uint8Array(256);
  data.set(vecInput());
  for (const arch of arches) {
    for (const body of [
      'lxvd2x 32,0,3\nli 9,16\nlxvd2x 33,3,9\nli 9,32\nlxvd2x 34,3,9\nvperm 3,0,1,2\nvadduwm 4,3,0\nxxlor 35,36,36\nstxvd2x 35,0,3',
      // vperm's target the same register as a source or the selector (all sources are read
      // first); selectors from the data and from vspltisb/vaddubm (byte indexes 0-31 in order).
      'lxvd2x 32,0,3\nli 9,16\nlxvd2x 33,3,9\nli 9,32\nlxvd2x 34,3,9\nvperm 2,0,1,2\nvperm 0,0,1,2\nvperm 1,2,1,0\n' +
        'vspltisb 6,1\nvsldoi 5,6,6,1\nvaddubm 7,6,6\nvperm 9,0,1,7\nvperm 10,1,0,6\nvperm 11,0,0,0\nvperm 12,1,2,5',
      // The same next to a closure (lvsl): the block keeps no vector word in a local.
      'li 9,7\nlxvd2x 32,0,3\nlxvd2x 33,3,9\nlvsl 2,0,9\nvperm 3,0,1,2\nvperm 1,1,0,2\nvperm 2,3,1,2',
      'lxvd2x 32,0,3\nli 9,16\nlxvd2x 33,3,9\nvmaxsw 2,0,1\nvadduwm 3,2,0\nstxvd2x 35,0,3',
      'li 9,16\nlxvd2x 1,3,9\nlxvd2x 2,0,3\nfadd 3,1,2\nxxlor 4,3,3\nmfvsrd 5,4\nstxvd2x 4,0,3',
      // FPR loads and stores next to VSX moves of the same registers.
      'li 9,16\nlxvd2x 1,3,9\nlfd 1,8(3)\nxxlor 2,1,1\nmfvsrd 5,2\nmtvsrd 3,5\nstfd 3,48(3)\nstxvd2x 2,0,3',
    ]) {
      await run(arch, body, { data, regs: { r3: DATA } });
    }
  }
});

// vperm is compiled for the selector it last ran with in the interpreter (jit-vec.ts perm):
// inline byte moves behind a test that the selector is still that one, else the helper. The
// loop runs on the interpreter until its block is hot (recording the selector), compiled after
// (the inline moves), then again with another selector (the helper), with A and B changing at
// every pass; its selector's bytes (from the data) take bytes of every position of A and B.
test('vperm compiled for the selector it ran with agrees with the interpreter, and after the selector changes', async () => {
  const data = new Uint8Array(256);
  data.set(vecInput());
  const src = ['li 8,3', 'lxvd2x 32,0,3', 'li 9,16', 'lxvd2x 33,3,9', 'li 9,32', 'lxvd2x 34,3,9', 'vspltisb 7,3',
    '2: li 6,40', 'mtctr 6', '1: vperm 3,0,1,2', 'vadduwm 0,3,0', 'vxor 1,1,3', 'vperm 4,1,3,2', 'bdnz 1b',
    'vaddubm 2,2,7', 'addi 8,8,-1', 'cmpdi 8,0', 'bne 2b', 'li 9,48', 'stxvd2x 35,3,9', 'li 9,64', 'stxvd2x 36,3,9', 'sc'].join('\n');
  for (const arch of arches) {
    const code = await assemble(src, arch.endian === 'little');
    const states = [[-1, Infinity], [5, Infinity], [5, 0]].map(([jit, region]) => {
      const e = makeEngine(arch) as ReturnType<typeof makeEngine> & { jitThreshold: number; regionTrigger: number; compiledBlocks: number };
      e.jitThreshold = jit;
      e.regionTrigger = region;
      e.load(CODE, code);
      e.load(DATA, data);
      e.setReg('r3', BigInt(DATA));
      e.onSyscall = () => false;
      assert.equal(e.run(100000), 'stopped');
      if (jit >= 0) assert.ok(e.compiledBlocks > 0, 'blocks compiled');
      return ['vr0', 'vr1', 'vr2', 'vr3', 'vr4'].map((r) => e.getReg(r).toString(16)).join() + Buffer.from(e.read(DATA, 96)!).toString('hex');
    });
    assert.equal(states[1], states[0], `${arch.name}: blocks`);
    assert.equal(states[2], states[0], `${arch.name}: regions`);
  }
});
