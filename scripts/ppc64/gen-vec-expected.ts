// Development-time generator (not a test): assembles the VSX/AltiVec cases of veccases.ts,
// runs each under qemu-ppc64-static and qemu-ppc64le-static (QEMU_CPU=power9) and writes the
// words and the output buffers to test/ppc64/data/vec-qemu.json. Needs the Debian cross
// binutils/gcc and qemu-user-static; the test only reads the committed JSON.
//   npx tsc -p . && node dist/scripts/ppc64/gen-vec-expected.js
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { vecCases, vecInput, VEC_OUT } from '../../test/ppc64/veccases.js';

const dir = new URL('../../../test/ppc64/data/', import.meta.url).pathname;
const input = vecInput();

function words(body: string): number[] {
  writeFileSync('/tmp/vecgen-body.s', body + '\n');
  execFileSync('powerpc64le-linux-gnu-as', ['-mpower9', '-a64', '-o', '/tmp/vecgen-body.o', '/tmp/vecgen-body.s']);
  execFileSync('powerpc64le-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', '/tmp/vecgen-body.o', '/tmp/vecgen-body.bin']);
  const b = readFileSync('/tmp/vecgen-body.bin');
  return Array.from({ length: b.length / 4 }, (_, i) => b.readUInt32LE(i * 4));
}

function runQemu(ws: number[], be: boolean): string {
  const asm = [
    be ? '.section .opd,"aw"\n.align 3\n.globl _start\n_start: .quad .L_start, .TOC.@tocbase, 0' : '.abiversion 2\n.globl _start\n_start:',
    '.text', '.L_start:',
    '  bl 1f', '1: mflr 29',
    '  addis 3,29,(inbuf-1b)@ha', '  addi 3,3,(inbuf-1b)@l', '  addi 4,3,256',
    ...ws.map((w) => `  .long 0x${w.toString(16)}`),
    '  addis 4,29,(inbuf-1b)@ha', '  addi 4,4,(inbuf-1b)@l', '  addi 4,4,256',
    '  li 0,4', '  li 3,1', `  li 5,${VEC_OUT}`, '  sc', '  li 0,1', '  li 3,0', '  sc',
    '.data', '.align 4',
    'inbuf:', ...Array.from(input).map((x) => `  .byte ${x}`),
    'outbuf:', `  .space ${VEC_OUT}`,
    '.section .note.GNU-stack,"",@progbits',
  ].join('\n');
  const arch = be ? 'ppc64' : 'ppc64le';
  writeFileSync(`/tmp/vecgen-${arch}.S`, asm);
  execFileSync(be ? 'powerpc64-linux-gnu-gcc' : 'powerpc64le-linux-gnu-gcc', ['-nostdlib', '-static', '-o', `/tmp/vecgen-${arch}`, `/tmp/vecgen-${arch}.S`]);
  const out = execFileSync(be ? 'qemu-ppc64-static' : 'qemu-ppc64le-static', [`/tmp/vecgen-${arch}`], { env: { QEMU_CPU: 'power9' } });
  if (out.length !== VEC_OUT) throw new Error(`qemu wrote ${out.length} bytes`);
  return out.toString('hex');
}

const results = vecCases.map((k) => {
  const ws = words(k.body);
  return { name: k.name, words: ws.map((w) => '0x' + w.toString(16)), ppc64: runQemu(ws, true), ppc64le: runQemu(ws, false) };
});
writeFileSync(`${dir}vec-qemu.json`, JSON.stringify({
  generator: 'scripts/ppc64/gen-vec-expected.ts',
  qemu: execFileSync('qemu-ppc64-static', ['--version']).toString().split('\n')[0],
  results,
}, null, 1));
console.log(results.length, 'cases');
