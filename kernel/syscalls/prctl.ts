// prctl: the options a process uses on itself that tricorn models — its thread's name
// (PR_SET_NAME/PR_GET_NAME, which busybox and glibc's pthread_setname_np use) and the signal
// sent at its parent's death (PR_SET_PDEATHSIG/PR_GET_PDEATHSIG). Other options are EINVAL, as
// Linux answers an option it does not know (kernel/sys.c).
import { EFAULT, EINVAL } from '../abi/errno.js';
import { readCString } from '../abi/quote.js';
import type { SyscallImpl } from '../dispatch.js';
import { TASK_COMM_LEN } from '../exec/execve.js';
import { NSIG } from '../signal-state.js';
import { writeU32 } from '../uaccess.js';

const PR_SET_PDEATHSIG = 1;
const PR_GET_PDEATHSIG = 2;
const PR_SET_NAME = 15;
const PR_GET_NAME = 16;

export const prctl: SyscallImpl = (k, t, a) => {
  const engine = t.proc.mm.engine;
  switch (a.int(0)) {
    case PR_SET_NAME: {
      // strncpy_from_user of TASK_COMM_LEN - 1 bytes: a longer name is cut, not refused.
      const s = a.ptr(1) < 0 ? null : readCString(engine, a.ptr(1), TASK_COMM_LEN - 1);
      if (!s) return -EFAULT;
      t.comm = new TextDecoder().decode(s.bytes);
      return 0;
    }
    case PR_GET_NAME: {
      // The whole 16-byte buffer, NUL-padded, as Linux copies task->comm.
      const buf = new Uint8Array(TASK_COMM_LEN);
      buf.set(new TextEncoder().encode(t.comm).subarray(0, TASK_COMM_LEN - 1));
      return a.ptr(1) >= 0 && engine.write(a.ptr(1), buf) ? 0 : -EFAULT;
    }
    case PR_SET_PDEATHSIG: {
      const sig = a.big(1);
      if (sig < 0n || sig > BigInt(NSIG)) return -EINVAL;
      t.proc.pdeathSig = Number(sig);
      return 0;
    }
    case PR_GET_PDEATHSIG:
      return a.ptr(1) >= 0 && writeU32(engine, a.ptr(1), t.proc.pdeathSig) ? 0 : -EFAULT;
    default:
      return -EINVAL;
  }
};
