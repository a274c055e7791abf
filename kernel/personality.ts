// Execution domains and personality flags (Linux's include/uapi/linux/personality.h,
// kernel/exec_domain.c): a number each process carries, set by personality(2) (setarch, linux32)
// and inherited by fork and, in part, by exec. What tricorn gives it meaning for: PER_LINUX32
// makes uname's machine the arch's 32-bit name, UNAME26 makes its release 2.6.x, and
// READ_IMPLIES_EXEC makes readable mappings executable. ADDR_NO_RANDOMIZE and the address-space
// layout flags are kept and reported but change nothing: tricorn never randomises addresses.
import { PROT_EXEC, PROT_READ } from '../emu/engine.js';

export const PER_MASK = 0xff;
export const PER_LINUX = 0;
export const PER_LINUX32 = 0x0008;
export const UNAME26 = 0x0020000;
export const READ_IMPLIES_EXEC = 0x0400000;

/**
 * uname's release under UNAME26 (override_release): "2.6." then the minor version plus 60, then
 * whatever follows the dotted version ("6.1.0-tricorn" -> "2.6.61-tricorn").
 */
export function unameRelease(release: string, personality: number): string {
  if (!(personality & UNAME26)) return release;
  let i = 0, dots = 0;
  while (i < release.length) {
    const c = release[i];
    if (c === '.' && ++dots >= 3) break;
    if (!/[0-9.]/.test(c)) break;
    i++;
  }
  const minor = Number(release.split('.')[1]) || 0;
  return `2.6.${minor + 60}${release.slice(i)}`;
}

/**
 * What exec leaves (SET_PERSONALITY for a 64-bit ELF): READ_IMPLIES_EXEC is cleared, and the
 * domain goes back to PER_LINUX unless it is PER_LINUX32, which a 64-bit program keeps so that
 * `linux32 sh -c 'uname -m'` says the 32-bit name.
 */
export function personalityAfterExec(p: number): number {
  const flags = (p & ~PER_MASK & ~READ_IMPLIES_EXEC) >>> 0;
  return ((p & PER_MASK) === PER_LINUX32 ? flags | PER_LINUX32 : flags | PER_LINUX) >>> 0;
}

/** mmap's and mprotect's protection under READ_IMPLIES_EXEC: readable means executable too. */
export function effectiveProt(prot: number, personality: number): number {
  return personality & READ_IMPLIES_EXEC && prot & PROT_READ ? prot | PROT_EXEC : prot;
}
