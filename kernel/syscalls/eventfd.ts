// eventfd and eventfd2 (the counter: kernel/fs/eventfd.ts).
import { EINVAL } from '../abi/errno.js';
import { O_CLOEXEC, O_NONBLOCK } from '../abi/flags.js';
import type { SyscallImpl } from '../dispatch.js';
import { EFD_SEMAPHORE, EventFd } from '../fs/eventfd.js';
import { installNew } from '../fs/fdtable.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';

function make(k: Kernel, t: Task, init: number, flags: number): number {
  if (flags & ~(O_CLOEXEC | O_NONBLOCK | EFD_SEMAPHORE)) return -EINVAL;
  const f = new EventFd(BigInt(init >>> 0), (flags & EFD_SEMAPHORE) !== 0, k.arch.endian === 'little').file(flags & O_NONBLOCK);
  return installNew(t, f, (flags & O_CLOEXEC) !== 0);
}

export const eventfd2: SyscallImpl = (k, t, a) => make(k, t, a.u32(0), a.int(1));
export const eventfd: SyscallImpl = (k, t, a) => make(k, t, a.u32(0), 0);
