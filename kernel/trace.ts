// strace-format rendering of a call and its result (placeholder until the ABI layer's table).
import type { SyscallArgs } from './args.js';
import type { Kernel } from './kernel.js';
import type { Task } from './task.js';

export function formatCall(_k: Kernel, _t: Task, name: string, a: SyscallArgs): string {
  const parts: string[] = [];
  for (let i = 0; i < 3; i++) parts.push(`0x${a.u64(i).toString(16)}`);
  return `${name}(${parts.join(', ')})`;
}

export function formatResult(_name: string, r: number): string {
  return r < 0 && r >= -4095 ? `-1 errno ${-r}` : `${r}`;
}
