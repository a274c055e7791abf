// prctl: the options real programs call on themselves, as Linux's kernel/sys.c answers them —
// the thread's name (PR_SET_NAME/PR_GET_NAME: busybox, pthread_setname_np), the parent-death
// signal, dumpable, no_new_privs, the child subreaper (whose semantics are in the kernel's
// orphan reparenting), the clear-child-tid address, the timer slack and the capability
// bounding set (full: tricorn models no capabilities). Other options are EINVAL, as Linux
// answers an option it does not know.
import { EFAULT, EINVAL } from '../abi/errno.js';
import { readCString } from '../abi/quote.js';
import type { SyscallImpl } from '../dispatch.js';
import { TASK_COMM_LEN } from '../exec/execve.js';
import { NSIG } from '../signal-state.js';
import { writeU32, writeU64 } from '../uaccess.js';
import type { SyscallArgs } from '../args.js';
import { CAP_LAST_CAP } from '../creds.js';

const PR_SET_PDEATHSIG = 1;
const PR_GET_PDEATHSIG = 2;
const PR_GET_DUMPABLE = 3;
const PR_SET_DUMPABLE = 4;
const PR_SET_NAME = 15;
const PR_GET_NAME = 16;
const PR_CAPBSET_READ = 23;
const PR_SET_TIMERSLACK = 29;
const PR_GET_TIMERSLACK = 30;
const PR_SET_CHILD_SUBREAPER = 36;
const PR_GET_CHILD_SUBREAPER = 37;
const PR_SET_NO_NEW_PRIVS = 38;
const PR_GET_NO_NEW_PRIVS = 39;
const PR_GET_TID_ADDRESS = 40;
/** The last capability Linux 6.1 knows (CAP_CHECKPOINT_RESTORE). */

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
    case PR_GET_DUMPABLE:
      return t.proc.dumpable;
    case PR_SET_DUMPABLE: {
      // Only SUID_DUMP_DISABLE (0) and SUID_DUMP_USER (1); 2 is for the sysctl alone.
      const v = a.big(1);
      if (v !== 0n && v !== 1n) return -EINVAL;
      t.proc.dumpable = Number(v);
      return 0;
    }
    case PR_SET_NO_NEW_PRIVS:
      // Set only, never cleared; the other arguments must be zero.
      if (a.big(1) !== 1n || unusedArgs(a, 2)) return -EINVAL;
      t.noNewPrivs = true;
      return 0;
    case PR_GET_NO_NEW_PRIVS:
      return unusedArgs(a, 1) ? -EINVAL : Number(t.noNewPrivs);
    case PR_SET_CHILD_SUBREAPER:
      t.proc.childSubreaper = a.big(1) !== 0n;
      return 0;
    case PR_GET_CHILD_SUBREAPER:
      return a.ptr(1) >= 0 && writeU32(engine, a.ptr(1), Number(t.proc.childSubreaper)) ? 0 : -EFAULT;
    case PR_GET_TID_ADDRESS:
      // The clear_child_tid pointer, as a pointer-sized word.
      return a.ptr(1) >= 0 && writeU64(engine, a.ptr(1), t.clearChildTid) ? 0 : -EFAULT;
    case PR_SET_TIMERSLACK: {
      // 0 (the argument is unsigned) restores the slack the thread started with.
      const v = a.big(1);
      t.timerSlackNs = v === 0n ? t.defaultTimerSlackNs : Number(BigInt.asUintN(64, v));
      return 0;
    }
    case PR_GET_TIMERSLACK:
      return t.timerSlackNs;
    case PR_CAPBSET_READ: {
      const cap = a.big(1);
      return cap >= 0n && cap <= BigInt(CAP_LAST_CAP) ? 1 : -EINVAL;
    }
    default:
      return -EINVAL;
  }
};

/** Whether any of prctl's arguments from `from` (1-based after the option) to the fifth is non-zero. */
function unusedArgs(a: SyscallArgs, from: number): boolean {
  for (let i = from; i <= 4; i++) if (a.big(i) !== 0n) return true;
  return false;
}
