// System calls tricorn adds to every architecture's table. clone2 was never merged into Linux,
// so it has no official number; tricorn gives it 1000 everywhere, far above Linux's tables.
export const tricornSyscalls: Readonly<Record<number, string>> = {
  1000: 'clone2',
};

/** Their parameters, as arch/tables/signatures.ts gives Linux's (docs/clone2.md). */
export const tricornSignatures: Readonly<Record<string, readonly string[]>> = {
  clone2: ['struct clone_struct __user *cs', 'pid_t __user *pids'],
};
