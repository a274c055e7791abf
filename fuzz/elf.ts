// The ELF mutator: a committed guest binary with its header, program headers or length
// changed at random (sizes, addresses, overlapping segments, the entry point, the machine,
// truncation), then parsed, loaded and run (bounded) the way `tricorn run` does. A clean
// outcome is an ElfError (one line for the user) or a run that ends; anything else is a finding.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { architectures } from '../arch/index.js';
import { engineFactoryFor } from '../cli/engines.js';
import { ElfError, parseElf } from '../kernel/exec/elf.js';
import { loadElf } from '../kernel/exec/load.js';
import { Kernel } from '../kernel/kernel.js';
import { DeterministicRandom } from '../kernel/random.js';
import { FuzzHost, Rng } from './common.js';
import type { ProgramResult } from './syscalls.js';

const BASES = ['x86_64/hello', 'aarch64/hello', 'ppc64/hello', 'ppc64le/hello', 'x86_64/hello-pie', 'ppc64/hello-pie'];
let baseBytes: Uint8Array[] | null = null;

const INTERESTING = [0n, 1n, 0xfffn, 0x1000n, 0x7fffffffn, 0xffffffffn, 0x100000000n, 1n << 40n, 1n << 47n,
  (1n << 47n) - 1n, 1n << 53n, (1n << 63n), 0xffffffffffffffffn, 0x400000n, 0x401000n];

function mutate(r: Rng, src: Uint8Array): Uint8Array {
  let b: Uint8Array = Uint8Array.from(src);
  const dv = () => new DataView(b.buffer, b.byteOffset, b.byteLength);
  const le = b[5] !== 2;
  const phoff = Number(dv().getBigUint64(32, le));
  const phnum = dv().getUint16(56, le);
  const n = 1 + r.int(3);
  for (let k = 0; k < n; k++) {
    const value = r.int(3) === 0 ? r.big64() : INTERESTING[r.int(INTERESTING.length)];
    switch (r.int(9)) {
      case 0: b[r.int(64)] = r.int(256); break; // any header byte
      case 1: dv().setBigUint64(24, value, le); break; // e_entry
      case 2: dv().setUint16(18, r.int(4) === 0 ? r.int(0x10000) : [62, 183, 21, 40, 3][r.int(5)], le); break; // e_machine
      case 3: dv().setUint16(56, r.int(0x10000), le); break; // e_phnum
      case 4: { // a program header field
        const i = r.int(phnum), field = [0, 4, 8, 16, 32, 40, 48][r.int(7)];
        const o = phoff + i * 56 + field;
        if (o + 8 > b.length) break;
        if (field < 8) dv().setUint32(o, Number(value & 0xffffffffn), le); else dv().setBigUint64(o, value, le);
        break;
      }
      case 5: b = b.subarray(0, r.int(b.length)); break; // truncation
      case 6: { // a segment copied over another: overlapping segments
        const i = r.int(phnum), j = r.int(phnum);
        b.copyWithin(phoff + j * 56 + 16, phoff + i * 56 + 16, phoff + i * 56 + 24);
        break;
      }
      case 7: b[r.int(b.length)] ^= 1 << r.int(8); break; // a bit anywhere
      default: dv().setBigUint64(32, value, le); break; // e_phoff
    }
    if (b.length < 64) break;
  }
  return b;
}

export async function fuzzElf(root: string, seed: number): Promise<ProgramResult> {
  baseBytes ??= BASES.map((p) => readFileSync(resolve(root, 'test/guests/bin', p)));
  const r = new Rng(seed);
  const bytes = mutate(r, baseBytes[r.int(baseBytes.length)]);
  const host = new FuzzHost();
  let exception: string | null = null;
  try {
    const elf = parseElf(bytes);
    const arch = architectures.find((a) => a.elf.machine === elf.machine && a.endian === elf.endian);
    if (!arch) return { calls: 0, internalErrors: [], exception: null };
    const kernel = new Kernel({
      arch, host, createEngine: await engineFactoryFor(arch), random: new DeterministicRandom(seed),
      memoryLimit: 256 * 2 ** 20, maxTasks: 16, maxInsns: 2_000_000,
    });
    const start = { argv: ['elf'], envp: [], execfn: 'elf', random: new Uint8Array(16), uid: 0, gid: 0 };
    kernel.spawnInit('/elf', (engine) => loadElf(engine, arch, elf, start));
    kernel.run();
  } catch (e) {
    if (!(e instanceof ElfError)) exception = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  return { calls: 1, internalErrors: host.logs.filter((l) => /internal error/.test(l)), exception };
}
