// What a static glibc asks at start-up and tricorn answers simply: robust futex lists (recorded),
// rseq (ENOSYS: glibc copes), getrandom (seeded), /proc/self/exe, fstat of the standard
// streams and ioctl(TCGETS) as the host's fds really are, getcwd. Resource limits: rlimit.ts.
import { EFAULT, EINVAL, ENOSYS, ESRCH } from '../abi/errno.js';
import type { SyscallImpl } from '../dispatch.js';
import { writable, writeU64 } from '../uaccess.js';
import { structLayout } from '../abi/structs.js';

export const set_robust_list: SyscallImpl = (_k, t, a) => {
  if (a.u64(1) !== 24) return -EINVAL; // sizeof(struct robust_list_head) on LP64
  t.robustList = Math.max(a.ptr(0), 0);
  return 0;
};

/** get_robust_list(pid, head_ptr, len_ptr): the head set_robust_list recorded, and its size. */
export const get_robust_list: SyscallImpl = (k, t, a) => {
  const x = k.liveTask(t, a.int(0));
  if (!x) return -ESRCH;
  const engine = t.proc.mm.engine;
  return writeU64(engine, a.ptr(1), x.robustList) && writeU64(engine, a.ptr(2), 24) ? 0 : -EFAULT;
};

export const rseq: SyscallImpl = () => -ENOSYS;

export const getrandom: SyscallImpl = (k, t, a) => {
  const len = Math.min(a.u64(1), 33554431);
  if (a.u32(2) & ~0x7) return -EINVAL; // GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE
  // Check the destination before drawing bytes: a refused call leaves the seeded stream where
  // it was, so the next call's bytes do not depend on the failed one.
  if (!writable(t.proc.mm.engine, a.ptr(0), len)) return -EFAULT;
  const bytes = k.random.fill(new Uint8Array(len));
  return len === 0 || t.proc.mm.engine.write(a.ptr(0), bytes) ? len : -EFAULT;
};
