// Benchmark of tricorn's PPC64 engine: guest instructions per second on an integer loop, in
// both byte orders.
//  1. A Keystone-assembled loop (16 instructions per iteration) run directly on the engine.
//  2. A gcc-compiled freestanding guest (bench/guests/intloop.c, binaries built by
//     bench/guests/build.sh and committed) run as a process; when qemu-ppc64-static /
//     qemu-ppc64le-static are installed the same binary runs under qemu, side by side. qemu
//     has no instruction counter, so its rate uses the engine's count for the same binary.
// Times are CPU time of the process (the machine may be shared).
//   npx tsc -p . && node dist/bench/ppc64-engine.js [iterations]
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { MiniLinux } from '../test/ppc64/minilinux.js';
import type { Ppc64Engine } from '../emu/ppc64/index.js';
import { ppc64, ppc64le } from '../arch/ppc64.js';
import type { ArchDescriptor } from '../arch/types.js';
import { createPpc64Engine } from '../emu/ppc64/index.js';
import { PROT_READ, PROT_WRITE, PROT_EXEC } from '../emu/engine.js';

// The integer loop: a checksum over a 4 KiB buffer with loads, stores, adds, xors, shifts,
// rotates, a multiply, a compare-and-branch and a counted loop; 16 instructions per iteration.
const loop = `
  li 3,0
  li 4,0
  mtctr 5
1:
  rldicl 7,4,3,52
  ldx 8,6,7
  add 3,3,8
  xor 9,3,4
  sldi 10,9,7
  srdi 11,9,3
  or 9,10,11
  mulld 12,9,4
  rlwinm 12,12,5,0,31
  add 3,3,12
  stdx 3,6,7
  addi 4,4,1
  cmpdi 4,0
  beq 2f
  nop
  bdnz 1b
2:
  sc
`;

async function assemble(src: string, le: boolean): Promise<Uint8Array> {
  const require = createRequire(import.meta.url);
  const ksm = await require('@alexaltea/keystone-js')();
  const ks = new ksm.Keystone(ksm.ARCH_PPC, ksm.MODE_PPC64 | (le ? ksm.MODE_LITTLE_ENDIAN : ksm.MODE_BIG_ENDIAN));
  // Keystone has no numeric local labels.
  const r = ks.asm(src.replace(/^1:/m, 'top:').replace(/1b/, 'top').replace(/^2:/m, 'done:').replace(/2f/, 'done'));
  return Uint8Array.from(r.mc ?? r);
}

async function bench(arch: ArchDescriptor, iterations: number): Promise<number> {
  const e = createPpc64Engine(arch);
  const code = await assemble(loop, arch.endian === 'little');
  e.map(0x10000000, 0x10000, PROT_READ | PROT_EXEC);
  e.map(0x20000000, 0x10000, PROT_READ | PROT_WRITE);
  e.load(0x10000000, code);
  e.onSyscall = () => false;
  let best = 0;
  for (let round = 0; round < 3; round++) {
    e.setPc(0x10000000);
    e.setReg('r5', BigInt(iterations));
    e.setReg('r6', 0x20000000n);
    // CPU time of this process, not wall time: the machine may be shared.
    const t0 = process.cpuUsage();
    const r = e.run(0);
    const cu = process.cpuUsage(t0);
    const ms = (cu.user + cu.system) / 1000;
    if (r !== 'stopped') throw new Error(`bench loop ended with ${r}`);
    const insns = 3 + iterations * 16 + 1;
    best = Math.max(best, insns / ms / 1000);
  }
  return best;
}

const iterations = Number(process.argv[2] ?? 5_000_000);
console.log('1. Keystone integer loop, best of 3 runs');
for (const arch of [ppc64, ppc64le]) {
  const mips = await bench(arch, iterations);
  console.log(`   ${arch.name.padEnd(8)} tricorn engine: ${mips.toFixed(1)} M instructions/s (${iterations} iterations)`);
}

console.log('2. gcc -O2 guest bench/guests/intloop.c (20M iterations), whole process');
const guests = new URL('../../bench/guests/', import.meta.url).pathname;
for (const arch of [ppc64, ppc64le]) {
  const file = `${guests}intloop-${arch.name}`;
  const elf = readFileSync(file);
  const m = new MiniLinux(arch, elf, [file]);
  const t0 = process.cpuUsage();
  const r = m.run();
  const cu = process.cpuUsage(t0);
  const ms = (cu.user + cu.system) / 1000;
  const n = (m.e as Ppc64Engine).executed;
  if (r.fault) throw new Error(`${arch.name} guest: ${r.fault}`);
  let line = `   ${arch.name.padEnd(8)} tricorn engine: ${ms.toFixed(0)} ms, ${(n / 1e6).toFixed(0)}M instructions, ` +
    `${(n / ms / 1000).toFixed(1)} M instructions/s (output ${r.stdout.trim()})`;
  const qemu = arch.name === 'ppc64' ? 'qemu-ppc64-static' : 'qemu-ppc64le-static';
  const q = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', qemu, file], { encoding: 'utf8' });
  const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(q.stderr ?? '');
  if (q.error || !cpu) line += `\n   (${qemu} or /usr/bin/time not available)`;
  else {
    const qms = (Number(cpu[1]) + Number(cpu[2])) * 1000;
    line += `\n   ${arch.name.padEnd(8)} ${qemu}: ${qms.toFixed(0)} ms, ~${(n / qms / 1000).toFixed(0)} M instructions/s ` +
      `(output ${q.stdout.trim()}); tricorn/qemu time ratio ${(ms / Math.max(qms, 1)).toFixed(1)}`;
  }
  console.log(line);
}
