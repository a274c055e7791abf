// unshare: the caller leaves its UTS namespace for a copy (CLONE_NEWUTS) or its IPC namespace for a
// new one (CLONE_NEWIPC), leaves a shared semaphore undo list (CLONE_SYSVSEM), makes its next
// children enter a new time namespace (CLONE_NEWTIME) or make its next child pid 1 of a new PID
// namespace (CLONE_NEWPID) while it stays where it is; the sharing flags that mean nothing here
// (FILES, FS) are accepted; other namespaces are refused rather than faked
// (docs/namespaces.md). sethostname/setdomainname change the caller's UTS namespace.
import { EFAULT, EINVAL, ENOSPC, EPERM } from '../abi/errno.js';
import type { SyscallImpl } from '../dispatch.js';
import { MAX_PID_NS_LEVEL, PidNamespace } from '../pidns.js';
import { NEW_NAMESPACES, newNsProxy } from '../namespaces.js';
import {
  CLONE_FILES, CLONE_FS, CLONE_NEWIPC, CLONE_NEWPID, CLONE_NEWTIME, CLONE_NEWUTS, CLONE_SYSVSEM,
} from '../abi/flags.js';
import { CAP_SYS_ADMIN } from '../creds.js';
import { exitSem, SemUndoList } from '../ipc/sem.js';


export const unshare: SyscallImpl = (k, t, a) => {
  const flags = a.lo(0);
  if (a.hi(0) || flags & ~(NEW_NAMESPACES | CLONE_FILES | CLONE_FS | CLONE_SYSVSEM)) return -EINVAL;
  if ((flags & NEW_NAMESPACES) && !t.proc.cred.capable(CAP_SYS_ADMIN)) return -EPERM;
  if (flags & CLONE_NEWPID) {
    const proc = t.proc;
    // A second unshare before the first new namespace has its init is refused, as in Linux.
    if (proc.nsForChildren !== k.nsOf(t)) return -EINVAL;
    if (proc.nsForChildren.level + 1 > MAX_PID_NS_LEVEL) return -ENOSPC;
    proc.nsForChildren = new PidNamespace(proc.nsForChildren, proc.nsForChildren.pidMax);
  }
  // A new IPC namespace takes a fresh undo list too (unshare adds CLONE_SYSVSEM to it).
  if (flags & (CLONE_SYSVSEM | CLONE_NEWIPC)) {
    // Leave a shared undo list: its adjustments apply now if this was the last sharer (exit_sem).
    exitSem(k, t.proc.semUndo, t.proc.pid);
    t.proc.semUndo = new SemUndoList();
  }
  if (flags & (CLONE_NEWUTS | CLONE_NEWTIME | CLONE_NEWIPC)) {
    t.nsproxy = newNsProxy(t.nsproxy, flags, false);
  }
  return 0;
};

/** __NEW_UTS_LEN: the longest host or domain name. */
const UTS_LEN = 64;

function setUtsName(field: 'nodename' | 'domainname'): SyscallImpl {
  return (_k, t, a) => {
    if (!t.proc.cred.capable(CAP_SYS_ADMIN)) return -EPERM;
    const len = a.s64(1);
    if (len < 0 || len > UTS_LEN) return -EINVAL;
    const bytes = len ? t.proc.mm.engine.read(a.ptr(0), len) : new Uint8Array(0);
    if (!bytes) return -EFAULT;
    // The name is the bytes given, up to the first NUL (uname gives back a C string).
    const nul = bytes.indexOf(0);
    t.nsproxy.uts[field] = new TextDecoder().decode(nul >= 0 ? bytes.subarray(0, nul) : bytes);
    return 0;
  };
}

export const sethostname = setUtsName('nodename');
export const setdomainname = setUtsName('domainname');
