// VSX / AltiVec instructions against qemu (QEMU_CPU=power9): the cases of veccases.ts, with
// the instruction words and qemu's output buffers committed in data/vec-qemu.json (made by
// scripts/ppc64/gen-vec-expected.ts). Each case runs on the interpreter, as compiled blocks and as regions
// (helpers.run compares the three states, VSRs included), in both byte orders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { arches, run, DATA } from './helpers.js';
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
