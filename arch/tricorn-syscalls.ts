// System calls tricorn adds to every architecture's table. clone2 was never merged into Linux,
// so it has no official number; tricorn gives it 1000 everywhere, far above Linux's tables.
import type { Signatures } from './tables/signatures.js';

export const tricornSyscalls: Readonly<Record<number, string>> = {
  1000: 'clone2',
};

/**
 * Every number of every architecture's table, tricorn's included, is below this (Linux 6.1's
 * highest is ~450): the kernel builds its dispatch table by counting up to it
 * (kernel/dispatch.ts; test/abi/syscall-tables.test.ts checks each table).
 */
export const SYSCALL_NR_LIMIT = 1024;

/** Their parameters, as arch/tables/signatures.ts gives Linux's (docs/clone2.md). */
export const tricornSignatures: Signatures = {
  clone2: ['struct clone_struct __user *cs', 'pid_t __user *pids'],
};

/**
 * An architecture's signature table, built when first asked for (a descriptor's `signatures`
 * getter): Linux's, then the architecture's own entries over them, then tricorn's. Only strace
 * reads the table, by name, so a run without it never builds it (the generated tables are
 * functions for the same reason: ~110 KB of allocation at every start-up, a third of a
 * young-generation collection). Merged by Object.assign, after which V8 keeps the ~420 entries
 * as a hash table; an object spread made them ~420 fast properties, a hidden class for each.
 */
export function signatureTable(...tables: (() => Signatures)[]): () => Signatures {
  let merged: Signatures | null = null;
  return () => (merged ??= Object.assign({}, ...tables.map((t) => t()), tricornSignatures));
}
