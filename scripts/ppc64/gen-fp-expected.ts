// Development-time generator (not a test): runs the FP cases of fpcases.ts under
// qemu-ppc64-static / qemu-ppc64le-static and writes the results to
// test/ppc64/data/fp-qemu-{ppc64,ppc64le}.json. Needs the Debian cross compilers and
// qemu-user-static; the tests only read the committed JSON.
//   npx tsc -p . && node dist/scripts/ppc64/gen-fp-expected.js
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { generateCases, caseCode, inputTable } from '../../test/ppc64/fpcases.js';

// Optional arguments (for wider development runs): count, seed, output directory.
const count = Number(process.argv[2] ?? 4000);
const seed = BigInt(process.argv[3] ?? '0x1234567887654321');
const cases = generateCases(count, seed);
const dir = process.argv[4] ?? new URL('../../../test/ppc64/data/', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });

for (const arch of ['ppc64', 'ppc64le'] as const) {
  const be = arch === 'ppc64';
  const words = cases.flatMap((k) => caseCode(k.word));
  const table = inputTable(cases);
  const asm = [
    be ? '.section .opd,"aw"\n.align 3\n.globl _start\n_start: .quad .L_start, .TOC.@tocbase, 0' : '.abiversion 2\n.globl _start\n_start:',
    '.text',
    '.L_start:',
    '  bl 1f', '1: mflr 29',
    '  addis 30,29,(inputs-1b)@ha', '  addi 30,30,(inputs-1b)@l',
    '  addis 31,29,(outputs-1b)@ha', '  addi 31,31,(outputs-1b)@l',
    ...words.map((w) => `  .long 0x${w.toString(16)}`),
    '  li 0,4', '  li 3,1',
    '  addis 4,29,(outputs-1b)@ha', '  addi 4,4,(outputs-1b)@l',
    `  lis 5,${(cases.length * 24) >>> 16}`, `  ori 5,5,${(cases.length * 24) & 0xffff}`,
    '  sc', '  li 0,1', '  li 3,0', '  sc',
    '.data', '.align 4',
    'inputs:', ...table.map((v) => `  .quad 0x${v.toString(16)}`),
    'outputs:', `  .space ${cases.length * 24}`,
    '.section .note.GNU-stack,"",@progbits',
  ].join('\n');
  const src = `/tmp/fpgen-${arch}.S`, bin = `/tmp/fpgen-${arch}`;
  writeFileSync(src, asm);
  execFileSync(be ? 'powerpc64-linux-gnu-gcc' : 'powerpc64le-linux-gnu-gcc', ['-nostdlib', '-static', '-o', bin, src]);
  const out = execFileSync(be ? 'qemu-ppc64-static' : 'qemu-ppc64le-static', [bin], { maxBuffer: 1 << 26 });
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const results = cases.map((_, i) => [0, 8, 16].map((o) => '0x' + dv.getBigUint64(i * 24 + o, !be).toString(16)));
  writeFileSync(`${dir}fp-qemu-${arch}.json`, JSON.stringify({ generator: 'scripts/ppc64/gen-fp-expected.ts', seed: '0x' + seed.toString(16), qemu: execFileSync('qemu-ppc64-static', ['--version']).toString().split('\n')[0], count: cases.length, results }));
  console.log(arch, cases.length, 'cases');
}
void readFileSync;
