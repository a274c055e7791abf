// Identity and system information: ids, uname, personality.
import { EFAULT } from '../abi/errno.js';
import { structLayout } from '../abi/structs.js';
import type { SyscallImpl } from '../dispatch.js';
import { UTS_RELEASE, UTS_VERSION } from '../version.js';
import { PER_LINUX32, PER_MASK, unameRelease } from '../personality.js';


/** uname: the release as UNAME26 asks, the machine as PER_LINUX32 asks (kernel/personality.ts). */
export const uname: SyscallImpl = (k, t, a) => {
  const per = t.proc.personality;
  const buf = structLayout('new_utsname', k.arch).encode({
    sysname: 'Linux', nodename: t.nsproxy.uts.nodename, release: unameRelease(UTS_RELEASE, per), version: UTS_VERSION,
    machine: (per & PER_MASK) === PER_LINUX32 ? k.arch.compatMachine : k.arch.machine, domainname: t.nsproxy.uts.domainname,
  });
  return t.proc.mm.engine.write(a.ptr(0), buf) ? 0 : -EFAULT;
};

/** personality(persona): the old value; 0xffffffff only asks. Any value is taken, as Linux takes it. */
export const personality: SyscallImpl = (_k, t, a) => {
  const old = t.proc.personality;
  const want = a.u32(0);
  if (want !== 0xffffffff) t.proc.personality = want;
  return old;
};
