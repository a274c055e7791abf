// Engine-level benchmark of the Unicorn engine (x86_64, aarch64): guest instructions per second
// on integer loops with and without an instruction budget (count = 0 / count > 0), the cost of
// a syscall trap round trip into JS and back, and the costs of the engine's other moves.
//   npx tsc -p . && node dist/bench/unicorn-engine.js [iterations]
// Times are CPU time of this process (the machine may be shared); each figure is the best of 3.
import { x86_64 } from '../arch/x86_64.js';
import { aarch64 } from '../arch/aarch64.js';
import type { ArchDescriptor } from '../arch/types.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE, type CpuEngine } from '../emu/engine.js';
import { createUnicornEngine } from '../emu/unicorn/engine.js';
import { loadBinding } from '../emu/unicorn/binding.js';
import { createRequire } from 'node:module';

const CODE = 0x400000, DATA = 0x600000;

// 8 instructions per iteration, registers only.
const alu: Record<string, string> = {
  x86_64: `mov rcx, rdi
L: add rax, rcx
  xor rbx, rax
  shl rbx, 3
  ror rax, 7
  imul rdx, rbx
  sub rdx, rcx
  dec rcx
  jnz L
  syscall`,
  aarch64: `mov x1, x9
L: add x0, x0, x1
  eor x2, x2, x0
  lsl x2, x2, #3
  ror x0, x0, #7
  mul x3, x3, x2
  sub x3, x3, x1
  subs x1, x1, #1
  b.ne L
  svc #0`,
};
// 8 instructions per iteration, one load and one store among them.
const mem: Record<string, string> = {
  x86_64: `mov rcx, rdi
L: mov rax, qword ptr [rsi]
  add rax, rcx
  xor rbx, rax
  mov qword ptr [rsi + 8], rbx
  imul rdx, rbx
  sub rdx, rcx
  dec rcx
  jnz L
  syscall`,
  aarch64: `mov x1, x9
L: ldr x0, [x10]
  add x0, x0, x1
  eor x2, x2, x0
  str x2, [x10, #8]
  mul x3, x3, x2
  sub x3, x3, x1
  subs x1, x1, #1
  b.ne L
  svc #0`,
};
// Traps in a loop: 4 instructions per iteration around the trap.
const traps: Record<string, string> = {
  x86_64: `mov rbx, rdi
L: mov rax, 39
  syscall
  dec rbx
  jnz L
  mov rax, 60
  syscall`,
  aarch64: `mov x19, x9
L: mov x8, #172
  svc #0
  subs x19, x19, #1
  b.ne L
  mov x8, #93
  svc #0`,
};

/* eslint-disable @typescript-eslint/no-explicit-any */
let ks: any = null;
async function assemble(arch: ArchDescriptor, src: string): Promise<Uint8Array> {
  if (!ks) ks = await createRequire(import.meta.url)('@alexaltea/keystone-js')();
  const k = new ks.Keystone(ks[arch.keystone!.arch], arch.keystone!.modes.reduce((m: number, n: string) => m | ks[n], 0));
  const r = k.asm(src, CODE);
  k.close();
  if (r.failed) throw new Error(`keystone: ${src}`);
  return Uint8Array.from(r.mc);
}

const iterReg = (a: ArchDescriptor) => (a.name === 'x86_64' ? 'rdi' : 'x9');
const dataReg = (a: ArchDescriptor) => (a.name === 'x86_64' ? 'rsi' : 'x10');

async function engineWith(arch: ArchDescriptor, src: string): Promise<CpuEngine> {
  const e = createUnicornEngine(arch);
  e.map(CODE, 0x10000, PROT_READ | PROT_EXEC);
  e.map(DATA, 0x10000, PROT_READ | PROT_WRITE);
  e.load(CODE, await assemble(arch, src));
  return e;
}

function cpuMs<T>(fn: () => T): [T, number] {
  const t0 = process.cpuUsage();
  const r = fn();
  const cu = process.cpuUsage(t0);
  return [r, (cu.user + cu.system) / 1000];
}

/** Million guest instructions per second on a loop; budget 0 or a budget that never runs out. */
async function loopRate(arch: ArchDescriptor, src: string, iterations: number, counted: boolean): Promise<number> {
  const e = await engineWith(arch, src);
  e.onSyscall = () => false;
  const insns = 1 + 8 * iterations + 1;
  let best = 0;
  for (let round = 0; round < 3; round++) {
    e.setPc(CODE);
    e.setReg(iterReg(arch), BigInt(iterations));
    e.setReg(dataReg(arch), BigInt(DATA));
    const [r, ms] = cpuMs(() => e.run(counted ? insns * 2 : 0));
    if (r !== 'stopped') throw new Error(`loop ended with ${r}`);
    best = Math.max(best, insns / ms / 1000);
  }
  e.close();
  return best;
}

/** ns per trap round trip; `kernelLike` also reads the number and six arguments in one batch. */
async function trapNs(arch: ArchDescriptor, n: number, kernelLike: boolean, counted: boolean): Promise<number> {
  const e = await engineWith(arch, traps[arch.name]);
  const sc = arch.syscall;
  const sys = e.regBatch([sc.nr, ...sc.args]);
  const ret = e.regBatch([sc.ret]);
  const raw = new Uint32Array(14);
  const result = Uint32Array.of(1234, 0);
  const exitNr = arch.name === 'x86_64' ? 60 : 93;
  let calls = 0;
  e.onSyscall = kernelLike
    ? () => {
      e.readRegs(sys, raw);
      if (raw[0] === exitNr) return false;
      calls++;
      e.writeRegs(ret, result);
      return true;
    }
    : () => {
      if (++calls > n) return false;
      e.writeRegs(ret, result);
      return true;
    };
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    e.setPc(CODE);
    e.setReg(iterReg(arch), BigInt(n));
    calls = 0;
    const [r, ms] = cpuMs(() => e.run(counted ? 1e12 : 0));
    if (r !== 'stopped') throw new Error(`trap loop ended with ${r}`);
    best = Math.min(best, (ms * 1e6) / n);
  }
  e.close();
  return best;
}

/** Microseconds for one call of fn, averaged over reps. */
function usPer(reps: number, fn: () => void): number {
  const [, ms] = cpuMs(() => { for (let i = 0; i < reps; i++) fn(); });
  return (ms * 1000) / reps;
}

async function costs(arch: ArchDescriptor): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const e = await engineWith(arch, traps[arch.name]);
  e.onSyscall = () => false;
  e.setReg(iterReg(arch), 1000n);
  e.run(0);
  out['saveContext'] = `${(usPer(20000, () => { e.saveContext(); }) * 1000).toFixed(0)} ns`;
  const ctx = e.saveContext();
  out['restoreContext'] = `${(usPer(20000, () => e.restoreContext(ctx)) * 1000).toFixed(0)} ns`;
  out['new engine + 2 maps'] = `${usPer(50, () => {
    const x = createUnicornEngine(arch);
    x.map(CODE, 0x10000, PROT_READ | PROT_EXEC);
    x.map(DATA, 0x10000, PROT_READ | PROT_WRITE);
    x.close();
  }).toFixed(0)} us`;
  for (const mb of [1, 8, 64]) {
    const big = await engineWith(arch, traps[arch.name]);
    big.map(0x10000000, mb << 20, PROT_READ | PROT_WRITE);
    big.write(0x10000000, new Uint8Array(mb << 20).fill(1));
    out[`clone, ${mb} MiB touched`] = `${usPer(5, () => big.clone().close()).toFixed(0)} us`;
    big.close();
  }
  // Going from count 0 to a budget drops the executable regions' translated blocks: the first
  // budgeted run after unbudgeted ones, minus the same run once counting.
  let switchMs = 0;
  for (let i = 0; i < 20; i++) {
    const sw = await engineWith(arch, traps[arch.name]);
    sw.onSyscall = () => true;
    sw.setReg(iterReg(arch), 1n << 40n);
    sw.run(100000);
    sw.close();
    const sw2 = await engineWith(arch, traps[arch.name]);
    sw2.onSyscall = () => true;
    sw2.setReg(iterReg(arch), 1n << 40n);
    const [, a] = cpuMs(() => { sw2.run(0 || 1); });
    void a;
    sw2.onSyscall = () => false;
    sw2.run(0);
    sw2.onSyscall = () => true;
    const [, first] = cpuMs(() => sw2.run(100000));
    const [, again] = cpuMs(() => sw2.run(100000));
    switchMs += first - again;
    sw2.close();
  }
  out['count 0 -> budget switch'] = `${(switchMs / 20 * 1000).toFixed(0)} us (drop translated blocks, retranslate)`;
  // Moving between counted and uncounted runs: the guest goes from one uc instance to the
  // other over the same memory (the engine's private use(); called directly here to time it).
  // The first move opens the second instance; the timed ones go back and forth between both.
  const un = await engineWith(arch, traps[arch.name]);
  un.onSyscall = () => false;
  un.setReg(iterReg(arch), 1n << 40n);
  un.run(1000);
  const move = un as unknown as { use(counted: boolean): void };
  move.use(false);
  out['move between counted and uncounted uc'] = `${(usPer(20, () => { move.use(true); move.use(false); }) / 2).toFixed(0)} us`;
  un.close();
  e.close();
  return out;
}

const iterations = Number(process.argv[2] ?? 20_000_000);
const trapCount = 300_000;
const rows: string[][] = [];
const extra: Record<string, Record<string, string>> = {};
for (const arch of [x86_64, aarch64]) {
  const row: string[] = [arch.name];
  for (const counted of [false, true]) row.push((await loopRate(arch, alu[arch.name], iterations, counted)).toFixed(0));
  for (const counted of [false, true]) row.push((await loopRate(arch, mem[arch.name], iterations / 10, counted)).toFixed(0));
  row.push((await trapNs(arch, trapCount, false, false)).toFixed(0));
  row.push((await trapNs(arch, trapCount, true, false)).toFixed(0));
  row.push((await trapNs(arch, trapCount, true, true)).toFixed(0));
  rows.push(row);
  extra[arch.name] = await costs(arch);
}

const head = ['arch', 'alu M/s c=0', 'alu M/s c>0', 'ld/st M/s c=0', 'ld/st M/s c>0',
  'trap ns', 'trap+7 regs ns', 'same, c>0 ns'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
const lib = loadBinding();
console.log(`Unicorn engine (libunicorn ${lib.version.major}.${lib.version.minor}.${lib.version.patch}, ${lib.path}; TRICORN_UNICORN=system for the system's): guest M instructions/s and trap round trip`);
console.log(line(head));
for (const r of rows) console.log(line(r));
console.log('\nalu: 8 register-only instructions per iteration; ld/st: 8 with one load and one store.');
console.log('trap: handler writes the result register; trap+7 regs: also reads nr and six args (one batch).');
console.log('c=0: run(0), no instruction count; c>0: run(budget), Unicorn counts every instruction.\n');
for (const [arch, kv] of Object.entries(extra)) {
  console.log(`${arch}:`);
  for (const [k, v] of Object.entries(kv)) console.log(`  ${k.padEnd(28)} ${v}`);
}
