// System calls tricorn adds to every architecture's table. clone2 was never merged into Linux,
// so it has no official number; tricorn gives it 1000 everywhere, far above Linux's tables.
export const tricornSyscalls: Readonly<Record<number, string>> = {
  1000: 'clone2',
};

/** Their parameters, as arch/tables/signatures.ts gives Linux's (docs/clone2.md). */
export const tricornSignatures: Readonly<Record<string, readonly string[]>> = {
  clone2: ['struct clone_struct __user *cs', 'pid_t __user *pids'],
};

/**
 * An architecture's signature table: Linux's, then the architecture's own entries over them, then
 * tricorn's. Merged by Object.assign, after which V8 keeps the ~420 entries as a hash table; an
 * object spread made them ~420 fast properties, a hidden class for each, and cost 2-6 ms of
 * tricorn's start-up. Only strace reads the table, by name.
 */
export function signatureTable(...tables: Readonly<Record<string, readonly string[]>>[]): Readonly<Record<string, readonly string[]>> {
  return Object.assign({}, ...tables, tricornSignatures);
}
