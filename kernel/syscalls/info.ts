// Identity and system information: ids, uname.
import { EFAULT } from '../abi/errno.js';
import { structLayout } from '../abi/structs.js';
import type { SyscallImpl } from '../dispatch.js';
import { UTS_RELEASE, UTS_VERSION } from '../version.js';


export const uname: SyscallImpl = (k, t, a) => {
  const buf = structLayout('new_utsname', k.arch).encode({
    sysname: 'Linux', nodename: t.nsproxy.uts.nodename, release: UTS_RELEASE, version: UTS_VERSION,
    machine: k.arch.machine, domainname: t.nsproxy.uts.domainname,
  });
  return t.proc.mm.engine.write(a.ptr(0), buf) ? 0 : -EFAULT;
};
