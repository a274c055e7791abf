// The syscall fuzzer's in-process part: one "program" is pid 1 running a trap loop on the real
// engine of an architecture; at every trap of pid 1 the fuzzer overwrites the number and the
// six argument registers with random ones before the kernel reads them. Numbers come from the
// arch's table and from outside it; arguments mix 0, -1, small and huge values and pointers
// into mapped, unmapped, read-only and straddling memory whose bytes are random (so every
// struct the kernel reads — clone_args, timespec, iovec, sigaction, rlimit… — is random too).
// Other tasks (fork children, threads) are made to exit at their first trap. Seeded: the same
// seed gives the same calls.

import type { ArchDescriptor } from '../arch/types.js';
import { PROT_READ, PROT_WRITE, type CpuEngine } from '../emu/engine.js';
import { engineFactoryFor } from '../cli/engines.js';
import { loadFlat } from '../kernel/exec/load.js';
import { Kernel } from '../kernel/kernel.js';
import { DeterministicRandom } from '../kernel/random.js';
import { FuzzHost, Rng } from './common.js';


/** Scratch memory the pointers aim at (far from the image, the stack and mmap's area). */
const RW = 0x30000000, RO = 0x30100000, EDGE = 0x30200000, SIZE = 0x10000;

export interface ProgramResult {
  calls: number;
  internalErrors: string[];
  exception: string | null;
}

const codeCache = new Map<string, Uint8Array>();

function pointer(r: Rng): bigint {
  switch (r.int(8)) {
    case 0: return BigInt(RW + r.int(SIZE));
    case 1: return BigInt(RW + r.int(SIZE / 8) * 8);
    case 2: return BigInt(RO + r.int(SIZE));
    case 3: return BigInt(EDGE + SIZE - 1 - r.int(64)); // straddles into unmapped memory
    case 4: return BigInt(0x40000000 + r.int(0x1000000)); // unmapped
    case 5: return BigInt(0x7ffffff00000 - 1 - r.int(0x10000)); // the stack
    case 6: return 0xffff800000000000n + BigInt(r.int(0x100000)); // kernel half
    default: return BigInt(r.int(0x1000));
  }
}

/**
 * Flag words real programs pass (mmap's MAP_PRIVATE|MAP_ANONYMOUS and friends, PROT_*, fork's
 * SIGCHLD, pthread_create's clone flags, CLONE_NEWPID…), so random calls get past the flag checks.
 */
const FLAG_WORDS = [0x22n, 0x21n, 0x32n, 0x122n, 0x4022n, 0x100022n, 3n, 7n, 1n, 17n, 0x3d0f00n, 0x20011n,
  0x20000011n, 0x80n, 0x81n, 0x100n, 4n];

function argument(r: Rng): bigint {
  switch (r.int(12)) {
    case 10: return FLAG_WORDS[r.int(FLAG_WORDS.length)];
    case 11: return BigInt((1 << r.int(31)) >>> 0 | (1 << r.int(31)) >>> 0 | r.int(4)) & 0xffffffffn;
    case 0: return 0n;
    case 1: return 0xffffffffffffffffn;
    case 2: return BigInt(r.int(64));
    case 3: return BigInt(r.int(0x10000));
    case 4: return r.big64();
    case 5: return 1n << BigInt(r.int(64));
    case 6: return BigInt(r.int(0x100000000));
    case 7: return 0xffffffffn - BigInt(r.int(16));
    default: return pointer(r);
  }
}

type Kind = 'size' | 'flags' | 'ptr' | 'any';
/** Argument kinds of the calls whose bugs hide behind plausible arguments (sizes, flags, addresses). */
const SHAPES: Record<string, Kind[]> = {
  mmap: ['any', 'size', 'flags', 'flags', 'any', 'size'],
  brk: ['size'],
  munmap: ['ptr', 'size'], mprotect: ['ptr', 'size', 'flags'], madvise: ['ptr', 'size', 'flags'],
  clone: ['flags', 'ptr', 'ptr', 'ptr', 'ptr'], clone3: ['ptr', 'size'],
  prlimit64: ['any', 'flags', 'ptr', 'ptr'], setrlimit: ['flags', 'ptr'],
  wait4: ['any', 'ptr', 'flags', 'ptr'], futex: ['ptr', 'flags', 'any', 'ptr', 'ptr', 'any'],
};

/** A size: a power of two (up to far beyond the address space), a page multiple, or anything. */
function size(r: Rng): bigint {
  switch (r.int(4)) {
    case 0: return 1n << BigInt(12 + r.int(52));
    case 1: return BigInt(r.int(0x10000)) * 4096n;
    case 2: return (1n << BigInt(12 + r.int(40))) + BigInt(r.int(3) - 1) * 4096n;
    default: return argument(r);
  }
}

function shaped(r: Rng, kind: Kind): bigint {
  if (kind === 'size') return size(r);
  if (kind === 'flags') return r.int(2) ? FLAG_WORDS[r.int(FLAG_WORDS.length)] : BigInt(r.int(16));
  if (kind === 'ptr') return r.int(4) ? pointer(r) : BigInt(0x10000000 + r.int(0x1000) * 0x100000);
  return argument(r);
}

/** Run one fuzz program of `calls` random syscalls on `arch`; what went wrong, if anything. */
export async function fuzzProgram(arch: ArchDescriptor, seed: number, calls: number): Promise<ProgramResult> {
  const r = new Rng(seed);
  let code = codeCache.get(arch.name);
  if (!code) {
    // pid 1's trap loop, from the descriptor.
    const words = arch.syscall.trapLoop;
    code = new Uint8Array(4 * words.length);
    const dv = new DataView(code.buffer);
    words.forEach((w, i) => dv.setUint32(4 * i, w, arch.endian === 'little'));
    codeCache.set(arch.name, code);
  }
  const host = new FuzzHost();
  const table = Object.entries(arch.syscall.names).map(([nr, name]) => [Number(nr), name] as const)
    .filter(([, name]) => name !== 'exit' && name !== 'exit_group');
  const exitNr = BigInt(Object.entries(arch.syscall.names).find(([, n]) => n === 'exit')![0]);
  const exitGroupNr = BigInt(Object.entries(arch.syscall.names).find(([, n]) => n === 'exit_group')![0]);
  const sc = arch.syscall;
  const shapeNames = Object.keys(SHAPES).filter((n) => table.some(([, x]) => x === n));
  let done = 0;
  let initEngine: CpuEngine | null = null;
  const kernel: Kernel = new Kernel({
    arch, host, createEngine: await engineFactoryFor(arch), random: new DeterministicRandom(seed),
    memoryLimit: 512 * 2 ** 20, maxTasks: 64, maxInsns: 50_000_000,
    onEngine: (engine) => {
      const trap = engine.onSyscall;
      engine.onSyscall = () => {
        const t = kernel.current!;
        if (t.proc !== kernel.init || t !== kernel.init.leader || engine !== initEngine) {
          engine.setReg(sc.nr, exitNr);
          engine.setReg(sc.args[0], 0n);
        } else if (done++ >= calls) {
          engine.setReg(sc.nr, exitGroupNr);
          engine.setReg(sc.args[0], 0n);
        } else {
          const pick = r.int(10);
          const entry = pick < 2 ? table.find(([, n]) => n === shapeNames[r.int(shapeNames.length)]) : undefined;
          const nr = entry ? BigInt(entry[0]) : pick < 8 ? BigInt(table[r.int(table.length)][0])
            : pick === 8 ? BigInt(r.int(2000)) : r.big64();
          const shape = entry ? SHAPES[entry[1]] : [];
          engine.setReg(sc.nr, nr);
          sc.args.forEach((reg, i) => engine.setReg(reg, shape[i] ? shaped(r, shape[i]) : argument(r)));
        }
        return trap();
      };
    },
  });
  const start = { argv: ['fuzz'], envp: [], execfn: 'fuzz', random: new Uint8Array(16), uid: 0, gid: 0 };
  let exception: string | null = null;
  try {
    kernel.spawnInit('/fuzz', (engine) => {
      initEngine = engine;
      const image = loadFlat(engine, arch, code!, 0, start);
      engine.map(RW, SIZE, PROT_READ | PROT_WRITE);
      engine.map(RO, SIZE, PROT_READ);
      engine.map(EDGE, SIZE, PROT_READ | PROT_WRITE);
      for (const base of [RW, RO, EDGE]) engine.load(base, r.bytes(SIZE));
      return image;
    });
    kernel.run();
  } catch (e) {
    exception = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  return { calls: Math.min(done, calls), internalErrors: host.logs.filter((l) => /internal error/.test(l)), exception };
}
