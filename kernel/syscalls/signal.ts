// Signals, as far as tricorn models them: kill/tkill/tgkill with each signal's default action
// (terminate, or ignore for SIGCHLD/SIGCONT/SIGURG/SIGWINCH), and the bookkeeping calls glibc
// makes at start-up (rt_sigaction, rt_sigprocmask, sigaltstack), which record and answer but
// never deliver to a handler.
import { EFAULT, EINVAL, ESRCH } from '../abi/errno.js';
import type { SyscallImpl } from '../dispatch.js';
import { structLayout } from '../abi/structs.js';
import type { Kernel } from '../kernel.js';
import type { Process, Task } from '../task.js';
import { sendSignal } from '../signals.js';

const SIGKILL = 9;
const SIGSTOP = 19;
const SIG_IGN = 1;
const NSIG = 64;
/** Signals whose default action is to do nothing. */
const IGNORED_BY_DEFAULT = new Set([17 /* SIGCHLD */, 18 /* SIGCONT */, 23 /* SIGURG */, 28 /* SIGWINCH */]);

function processIn(k: Kernel, t: Task, pid: number): Process | undefined {
  const ns = k.nsOf(t);
  const p = ns.used.get(pid);
  if (!p) return undefined;
  const proc = k.processByPid.get(p);
  return proc && proc.state === 'alive' ? proc : undefined;
}

function taskIn(k: Kernel, t: Task, tid: number): Task | undefined {
  const ns = k.nsOf(t);
  const p = ns.used.get(tid);
  return p ? k.tasks.find((x) => x.pid === p) : undefined;
}

export const kill: SyscallImpl = (k, t, a) => {
  const pid = a.int(0);
  const sig = a.int(1);
  if (sig < 0 || sig > NSIG) return -EINVAL;
  if (pid > 0) {
    const target = processIn(k, t, pid);
    return target ? sendSignal(k, t, target, sig) : -ESRCH;
  }
  // pid 0, -1 and -pgid: tricorn has no process groups; -1 means every process the caller
  // may signal except itself and init, the rest its own group (itself).
  if (pid === -1) {
    const ns = k.nsOf(t);
    const targets = [...k.processByPid.values()].filter((p) => p.state === 'alive' && p !== t.proc
      && p.pid.nrIn(ns) > 1);
    for (const p of targets) sendSignal(k, t, p, sig);
    return targets.length ? 0 : -ESRCH;
  }
  return sendSignal(k, t, t.proc, sig);
};

export const tgkill: SyscallImpl = (k, t, a) => {
  const sig = a.int(2);
  if (a.int(0) <= 0 || a.int(1) <= 0 || sig < 0 || sig > NSIG) return -EINVAL;
  const target = taskIn(k, t, a.int(1));
  if (!target || target.proc.pid.nrIn(k.nsOf(t)) !== a.int(0)) return -ESRCH;
  return sendSignal(k, t, target.proc, sig);
};

export const tkill: SyscallImpl = (k, t, a) => {
  const sig = a.int(1);
  if (a.int(0) <= 0 || sig < 0 || sig > NSIG) return -EINVAL;
  const target = taskIn(k, t, a.int(0));
  return target ? sendSignal(k, t, target.proc, sig) : -ESRCH;
};

/** rt_sigaction keeps the struct sigaction bytes the guest set, and gives them back. */
export const rt_sigaction: SyscallImpl = (k, t, a) => {
  const sig = a.int(0);
  if (sig < 1 || sig > NSIG || a.u64(3) !== 8) return -EINVAL;
  const engine = t.proc.mm.engine;
  const KSIGACTION_SIZE = structLayout('sigaction', k.arch).size;
  const store = t.proc.sigactions;
  if (a.ptr(2)) {
    const old = store.get(sig) ?? new Uint8Array(KSIGACTION_SIZE);
    if (!engine.write(a.ptr(2), old)) return -EFAULT;
  }
  if (a.ptr(1)) {
    if (sig === SIGKILL || sig === SIGSTOP) return -EINVAL;
    const act = engine.read(a.ptr(1), KSIGACTION_SIZE);
    if (!act) return -EFAULT;
    store.set(sig, act);
  }
  return 0;
};

const SIG_BLOCK = 0;
const SIG_UNBLOCK = 1;
const SIG_SETMASK = 2;

export const rt_sigprocmask: SyscallImpl = (k, t, a) => {
  if (a.u64(3) !== 8) return -EINVAL;
  const engine = t.proc.mm.engine;
  const how = a.int(0);
  if (a.ptr(2) && !engine.write(a.ptr(2), t.sigmask.slice())) return -EFAULT;
  if (a.ptr(1)) {
    const set = engine.read(a.ptr(1), 8);
    if (!set) return -EFAULT;
    if (how !== SIG_BLOCK && how !== SIG_UNBLOCK && how !== SIG_SETMASK) return -EINVAL;
    for (let i = 0; i < 8; i++) {
      t.sigmask[i] = how === SIG_BLOCK ? t.sigmask[i] | set[i] : how === SIG_UNBLOCK ? t.sigmask[i] & ~set[i] : set[i];
    }
  }
  return 0;
};

export const sigaltstack: SyscallImpl = (_k, t, a) => {
  // stack_t is 24 bytes: report "disabled" (SS_DISABLE = 2) and accept any new one.
  const SS_DISABLE = 2;
  if (a.ptr(1)) {
    const old = new Uint8Array(24);
    const le = t.proc.mm.engine.arch.endian === 'little';
    new DataView(old.buffer).setInt32(8, SS_DISABLE, le);
    if (!t.proc.mm.engine.write(a.ptr(1), old)) return -EFAULT;
  }
  return 0;
};
