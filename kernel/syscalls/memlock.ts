// Memory locking and membarrier. tricorn never pages guest memory out and runs every task on
// one CPU, so locking and barriers change nothing: what they check (the range is mapped,
// the flags, a private expedited barrier only after registering) is what Linux checks.
import { EINVAL, ENOMEM, EPERM } from '../abi/errno.js';
import type { SyscallImpl } from '../dispatch.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';
import { TASK_SIZE } from '../exec/elf.js';
import { isFullyMapped } from '../vm.js';

const MLOCK_ONFAULT = 1;

/** mlock's range: whole pages from addr's page to the end of [addr, addr+len), all mapped (else ENOMEM). */
function lockRange(k: Kernel, t: Task, addr: number, len: number): number {
  if (addr < 0) return -ENOMEM;
  const page = k.arch.pageSize;
  const start = addr - (addr % page);
  const end = Math.ceil((addr + len) / page) * page;
  if (end > TASK_SIZE) return -ENOMEM;
  return end === start || isFullyMapped(t.proc.mm.engine, start, end - start) ? 0 : -ENOMEM;
}

export const mlock: SyscallImpl = (k, t, a) => lockRange(k, t, a.ptr(0), a.u64(1));
export const munlock: SyscallImpl = (k, t, a) => lockRange(k, t, a.ptr(0), a.u64(1));
export const mlock2: SyscallImpl = (k, t, a) => (a.int(2) & ~MLOCK_ONFAULT ? -EINVAL : lockRange(k, t, a.ptr(0), a.u64(1)));

export const mlockall: SyscallImpl = (k, _t, a) => {
  const flags = a.int(0);
  const [current, future, onfault] = k.arch.flags.MCL;
  if (!flags || flags & ~(current | future | onfault) || flags === onfault) return -EINVAL;
  return 0;
};
export const munlockall: SyscallImpl = () => 0;

const MEMBARRIER_CMD_QUERY = 0, GLOBAL = 1, GLOBAL_EXPEDITED = 2, REGISTER_GLOBAL_EXPEDITED = 4,
  PRIVATE_EXPEDITED = 8, REGISTER_PRIVATE_EXPEDITED = 16, PRIVATE_EXPEDITED_SYNC_CORE = 32,
  REGISTER_PRIVATE_EXPEDITED_SYNC_CORE = 64, GET_REGISTRATIONS = 512;
/** What QUERY answers: every command but the rseq ones (tricorn has no rseq). */
const SUPPORTED = GLOBAL | GLOBAL_EXPEDITED | REGISTER_GLOBAL_EXPEDITED | PRIVATE_EXPEDITED | REGISTER_PRIVATE_EXPEDITED
  | PRIVATE_EXPEDITED_SYNC_CORE | REGISTER_PRIVATE_EXPEDITED_SYNC_CORE | GET_REGISTRATIONS;

/** membarrier(cmd, flags, cpu_id): the barriers are no-ops on one CPU; registration is kept per process. */
export const membarrier: SyscallImpl = (_k, t, a) => {
  const cmd = a.int(0), flags = a.u32(1);
  if (flags) return -EINVAL;
  const p = t.proc;
  switch (cmd) {
    case MEMBARRIER_CMD_QUERY: return SUPPORTED;
    case GLOBAL: return 0;
    case GLOBAL_EXPEDITED: return 0;
    case REGISTER_GLOBAL_EXPEDITED:
    case REGISTER_PRIVATE_EXPEDITED:
    case REGISTER_PRIVATE_EXPEDITED_SYNC_CORE:
      p.membarriers |= cmd;
      return 0;
    case PRIVATE_EXPEDITED: return p.membarriers & REGISTER_PRIVATE_EXPEDITED ? 0 : -EPERM;
    case PRIVATE_EXPEDITED_SYNC_CORE: return p.membarriers & REGISTER_PRIVATE_EXPEDITED_SYNC_CORE ? 0 : -EPERM;
    case GET_REGISTRATIONS: return p.membarriers;
    default: return -EINVAL;
  }
};
