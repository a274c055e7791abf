// Which architectures there are, by name, alias and ELF header, with each descriptor loaded only
// when asked for: `tricorn run` needs one architecture, and building all six descriptors (their
// syscall and signature tables, register lists and signal layouts) was a tenth of its start-up.
// The facts here are the descriptors' own (test/abi/arch-catalog.test.ts holds them equal);
// arch/index.ts has every descriptor built, for the commands that compare architectures.
import type { ArchDescriptor } from './types.js';

export interface ArchEntry {
  /** The descriptor's name, aliases, byte order and ELF e_machine. */
  readonly name: string;
  readonly aliases: readonly string[];
  readonly endian: 'little' | 'big';
  readonly machine: number;
  /** The descriptor itself (its module is evaluated on the first call). */
  load(): Promise<ArchDescriptor>;
}

/** In arch/index.ts's order. */
export const archCatalog: readonly ArchEntry[] = [
  { name: 'x86_64', aliases: ['amd64', 'x86-64'], endian: 'little', machine: 62, load: async () => (await import('./x86_64.js')).x86_64 },
  { name: 'aarch64', aliases: ['arm64'], endian: 'little', machine: 183, load: async () => (await import('./aarch64.js')).aarch64 },
  { name: 'ppc64', aliases: ['powerpc64', 'ppc64be'], endian: 'big', machine: 21, load: async () => (await import('./ppc64.js')).ppc64 },
  { name: 'ppc64le', aliases: ['powerpc64le', 'ppc64el'], endian: 'little', machine: 21, load: async () => (await import('./ppc64.js')).ppc64le },
  { name: 'riscv64', aliases: ['riscv', 'rv64'], endian: 'little', machine: 243, load: async () => (await import('./riscv64.js')).riscv64 },
  { name: 's390x', aliases: ['s390', 'systemz', 'zarch'], endian: 'big', machine: 22, load: async () => (await import('./s390x.js')).s390x },
];

/** The entry named `name` (or one of its aliases, in any case), as findArch finds descriptors. */
export function findArchEntry(name: string): ArchEntry | undefined {
  const n = name.toLowerCase();
  return archCatalog.find((a) => a.name === n || a.aliases.includes(n));
}

/** The entry whose executables have this ELF e_machine and byte order. */
export function archEntryByElf(machine: number, endian: 'little' | 'big'): ArchEntry | undefined {
  return archCatalog.find((a) => a.machine === machine && a.endian === endian);
}
