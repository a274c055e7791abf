// pidfd_open and pidfd_getfd (Linux's kernel/pid.c); pidfd_send_signal is with the other senders
// (signal.ts), waitid's P_PIDFD with waitid (wait.ts), CLONE_PIDFD in process-create.ts.
import { EBADF, EINVAL, ENOENT, EPERM, ESRCH } from '../abi/errno.js';
import { O_NONBLOCK } from '../abi/flags.js';
import { ptraceAllowed } from '../creds.js';
import type { SyscallImpl } from '../dispatch.js';
import { installNew } from '../fs/fdtable.js';
import { pidfdFile, pidfdTarget } from '../fs/pidfd.js';
import type { Kernel } from '../kernel.js';

/** pidfd_open's only flag: a non-blocking pidfd (waitid answers EAGAIN rather than sleeping). */
const PIDFD_NONBLOCK = O_NONBLOCK;

/**
 * pidfd_open(pid, flags): a pidfd for the process whose thread-group id is `pid` in the caller's
 * namespace, zombies included. A thread that does not lead its group is ENOENT, as Linux since
 * 6.9 answers (6.1 said EINVAL); PIDFD_THREAD (6.9) is not modelled and is EINVAL, as on 6.1.
 */
export const pidfd_open: SyscallImpl = (k, t, a) => {
  const pid = a.int(0);
  const flags = a.u32(1);
  if (flags & ~PIDFD_NONBLOCK) return -EINVAL;
  if (pid <= 0) return -EINVAL;
  const p = k.nsOf(t).used.get(pid);
  if (!p) return -ESRCH;
  const proc = k.processByPid.get(p);
  if (!proc) return -ENOENT;
  return installNew(t, pidfdFile(proc, flags & PIDFD_NONBLOCK), true);
};

/**
 * pidfd_getfd(pidfd, targetfd, flags): a duplicate, close-on-exec, of the open file `targetfd`
 * in the pidfd's process, for a caller that may ptrace it (PTRACE_MODE_ATTACH_REALCREDS). A
 * process that has exited has no files: ESRCH, as Linux since 6.9 says of an exiting task (it
 * said EBADF), and of a reaped one.
 */
export const pidfd_getfd: SyscallImpl = (_k: Kernel, t, a) => {
  if (a.u32(2) !== 0) return -EINVAL;
  const target = pidfdTarget(t, a.int(0));
  if (typeof target === 'number') return target;
  if (target.state !== 'alive' || !target.files) return -ESRCH;
  if (!ptraceAllowed(t.proc.cred, target.cred, target.dumpable === 1, target === t.proc)) return -EPERM;
  const f = target.files.get(a.int(1));
  if (!f) return -EBADF;
  return installNew(t, f, true);
};
