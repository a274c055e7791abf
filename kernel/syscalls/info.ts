// Identity and system information: ids, uname.
import { EFAULT } from '../abi/errno.js';
import type { SyscallImpl } from '../dispatch.js';

export const getuid: SyscallImpl = (_k, t) => t.proc.uid;
export const geteuid: SyscallImpl = (_k, t) => t.proc.uid;
export const getgid: SyscallImpl = (_k, t) => t.proc.gid;
export const getegid: SyscallImpl = (_k, t) => t.proc.gid;

/** struct new_utsname: six NUL-padded 65-byte fields. */
const UTS_LEN = 65;

export const uname: SyscallImpl = (k, t, a) => {
  const fields = ['Linux', 'tricorn', '6.1.0-tricorn', '#1 SMP PREEMPT tricorn', k.arch.machine, '(none)'];
  const buf = new Uint8Array(UTS_LEN * fields.length);
  const enc = new TextEncoder();
  fields.forEach((f, i) => buf.set(enc.encode(f).subarray(0, UTS_LEN - 1), i * UTS_LEN));
  return t.proc.mm.engine.write(a.ptr(0), buf) ? 0 : -EFAULT;
};
