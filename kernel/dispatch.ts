// One table from syscall name to implementation, shared by every architecture; the arch
// descriptor supplies number -> name. Like xv6's syscall.c: a table and a lookup, nothing clever.
import type { ArchDescriptor } from '../arch/types.js';
import { SYSCALL_NR_LIMIT } from '../arch/tricorn-syscalls.js';
import type { SyscallArgs } from './args.js';
import type { Kernel } from './kernel.js';
import type { Task } from './task.js';
import { syscalls } from './syscalls/index.js';

/** Returns the result, -errno, or BLOCK / NO_RESULT (kernel/task.ts). */
export type SyscallImpl = (k: Kernel, t: Task, a: SyscallArgs) => number;

export function buildSyscallTable(arch: ArchDescriptor): {
  table: (SyscallImpl | undefined)[];
  names: Readonly<Record<number, string>>;
  /** restart_syscall's number (-1: the table has none). */
  restartNr: number;
} {
  const names = arch.syscall.names;
  const table = new Array<SyscallImpl | undefined>(SYSCALL_NR_LIMIT);
  let restartNr = -1;
  // Counted up, not for-in: for-in (or Object.entries) made a string of each of the ~370 numbers,
  // ~50 KB of every start-up's allocation, with the growing table.
  for (let nr = 0; nr < SYSCALL_NR_LIMIT; nr++) {
    const name = names[nr];
    if (name === undefined) continue;
    table[nr] = syscalls[name];
    if (name === 'restart_syscall') restartNr = nr;
  }
  return { table, names, restartNr };
}
