// Identity and system information: ids, uname.
import { EFAULT, EINVAL } from '../abi/errno.js';
import { structLayout } from '../abi/structs.js';
import type { SyscallImpl } from '../dispatch.js';
import { UTS_RELEASE, UTS_VERSION } from '../version.js';

export const getuid: SyscallImpl = (_k, t) => t.proc.uid;
export const geteuid: SyscallImpl = (_k, t) => t.proc.uid;
export const getgid: SyscallImpl = (_k, t) => t.proc.gid;
export const getegid: SyscallImpl = (_k, t) => t.proc.gid;

/** getgroups(size, list): tricorn's credentials carry no supplementary groups, so there are none. */
export const getgroups: SyscallImpl = (_k, _t, a) => (a.int(0) < 0 ? -EINVAL : 0);

export const uname: SyscallImpl = (k, t, a) => {
  const buf = structLayout('new_utsname', k.arch).encode({
    sysname: 'Linux', nodename: t.nsproxy.uts.nodename, release: UTS_RELEASE, version: UTS_VERSION,
    machine: k.arch.machine, domainname: t.nsproxy.uts.domainname,
  });
  return t.proc.mm.engine.write(a.ptr(0), buf) ? 0 : -EFAULT;
};
