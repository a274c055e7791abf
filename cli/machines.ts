// ELF machine numbers in plain words, for messages about executables tricorn cannot run
// ("… is a RISC-V executable", "a 32-bit ELF (i386)"). Values from <elf.h>.
import { archCatalog, archEntryByElf } from '../arch/catalog.js';

/** e_machine -> [article, name]. */
const NAMES: Readonly<Record<number, readonly [string, string]>> = {
  2: ['a', 'SPARC'], 3: ['an', 'i386'], 8: ['a', 'MIPS'], 20: ['a', 'PowerPC'], 21: ['a', 'ppc64'],
  22: ['an', 's390'], 40: ['an', 'ARM'], 42: ['a', 'SuperH'], 43: ['a', 'SPARC64'], 50: ['an', 'IA-64'],
  62: ['an', 'x86_64'], 183: ['an', 'aarch64'], 243: ['a', 'RISC-V'], 258: ['a', 'LoongArch'],
};

/** "an x86_64", "a RISC-V", "a big-endian x86_64", "an unknown machine (ELF e_machine 1234)". */
export function describeMachine(machine: number, endian: 'little' | 'big'): string {
  const ours = archEntryByElf(machine, endian);
  if (ours) return `${NAMES[machine]?.[0] ?? 'a'} ${ours.name}`;
  const known = NAMES[machine];
  if (!known) return `an unknown machine's (ELF e_machine ${machine})`;
  // One of tricorn's machines in a byte order it does not run.
  if (archCatalog.some((a) => a.machine === machine)) return `a ${endian}-endian ${known[1]}`;
  return `${known[0]} ${known[1]}`;
}
