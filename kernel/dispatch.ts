// One table from syscall name to implementation, shared by every architecture; the arch
// descriptor supplies number -> name. Like xv6's syscall.c: a table and a lookup, nothing clever.
import type { ArchDescriptor } from '../arch/types.js';
import type { SyscallArgs } from './args.js';
import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { syscalls } from './syscalls/index.js';

/** Returns the result, -errno, or BLOCK / NO_RESULT (kernel/task.ts). */
export type SyscallImpl = (k: Kernel, t: Task, a: SyscallArgs) => number;

export function buildSyscallTable(arch: ArchDescriptor): {
  table: (SyscallImpl | undefined)[];
  names: Readonly<Record<number, string>>;
} {
  const names = arch.syscall.names;
  const table: (SyscallImpl | undefined)[] = [];
  // for-in, not Object.entries: no pair array per call at every start-up.
  for (const nr in names) table[Number(nr)] = syscalls[names[nr]];
  return { table, names };
}
