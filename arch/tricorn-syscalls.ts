// System calls tricorn adds to every architecture's table. clone2 was never merged into Linux,
// so it has no official number; tricorn gives it 1000 everywhere, far above Linux's tables.
export const tricornSyscalls: Readonly<Record<number, string>> = {
  1000: 'clone2',
};
