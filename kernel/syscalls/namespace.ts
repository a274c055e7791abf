// unshare: tricorn models PID namespaces. unshare(CLONE_NEWPID) leaves the caller where it is
// and makes its next child pid 1 of a new namespace; the sharing flags that mean nothing here
// (FILES, FS, SYSVSEM) are accepted; other namespaces are refused rather than faked.
import { EINVAL, ENOSPC, EPERM } from '../abi/errno.js';
import type { SyscallImpl } from '../dispatch.js';
import { MAX_PID_NS_LEVEL, PidNamespace } from '../pidns.js';
import { CLONE_FILES, CLONE_FS, CLONE_NEWPID, CLONE_SYSVSEM } from '../abi/flags.js';

export const unshare: SyscallImpl = (k, t, a) => {
  const flags = a.lo(0);
  if (a.hi(0) || flags & ~(CLONE_NEWPID | CLONE_FILES | CLONE_FS | CLONE_SYSVSEM)) return -EINVAL;
  if (flags & CLONE_NEWPID) {
    const proc = t.proc;
    if (proc.uid !== 0) return -EPERM;
    // A second unshare before the first new namespace has its init is refused, as in Linux.
    if (proc.nsForChildren !== k.nsOf(t)) return -EINVAL;
    if (proc.nsForChildren.level + 1 > MAX_PID_NS_LEVEL) return -ENOSPC;
    proc.nsForChildren = new PidNamespace(proc.nsForChildren, proc.nsForChildren.pidMax);
  }
  return 0;
};
