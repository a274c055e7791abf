// Signal system calls: sending (kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo),
// dispositions and masks (rt_sigaction, rt_sigprocmask, sigaltstack), returning from a handler
// (rt_sigreturn), and waiting (rt_sigsuspend, pause, rt_sigpending, rt_sigtimedwait). Delivery
// itself is kernel/signal-deliver.ts; the frame, kernel/signal-frame.ts.
import { EAGAIN, EBADF, EFAULT, EINTR, EINVAL, ENOMEM, EPERM, ESRCH, ERESTARTNOHAND } from '../abi/errno.js';
import { O_CLOEXEC, O_NONBLOCK } from '../abi/flags.js';
import { SignalFd } from '../fs/signalfd.js';
import { nofile } from '../fs/fdtable.js';
import type { SyscallImpl } from '../dispatch.js';
import { structLayout } from '../abi/structs.js';
import { readScalarBig, writeScalar } from '../abi/struct.js';
import type { Kernel } from '../kernel.js';
import { BLOCK, NO_RESULT, REGS_SET, type Process, type Task } from '../task.js';
import { altStackFlags, restoreFrame } from '../signal-frame.js';
import { disposition, encodeSiginfo, hasDeliverable, sendSignal, tkillInfo, userInfo } from '../signal-deliver.js';
import {
  NSIG, SIGKILL, SIGSEGV, SIGSTOP, SIG_DFL, SIG_IGN, SI_TKILL, SS_AUTODISARM, SS_DISABLE, SS_ONSTACK,
  UNBLOCKABLE, bit, defaultActionOf, onAltStack, type SigInfo, type SigSet,
} from '../signal-state.js';
import { readTimespec } from '../clock.js';
import { CAP_KILL, killAllowed } from '../creds.js';
import { pidfdTarget } from '../fs/pidfd.js';

const SIGSET_SIZE = 8;

/** The process `pid` names in the caller's namespace, a zombie included (it takes signals and drops them). */
function processIn(k: Kernel, t: Task, pid: number): Process | undefined {
  const p = k.nsOf(t).used.get(pid);
  if (!p) return undefined;
  const proc = k.processByPid.get(p);
  return proc && proc.state !== 'reaped' ? proc : undefined;
}

function taskIn(k: Kernel, t: Task, tid: number): Task | undefined {
  const p = k.nsOf(t).used.get(tid);
  return p ? k.tasks.find((x) => x.pid === p) : undefined;
}

/** kill_ok_by_cred: root, or the same uid. */
const mayKill = (t: Task, target: Process) => t.proc.cred.capable(CAP_KILL) || killAllowed(t.proc.cred, target.cred);

/**
 * Send to one process after the permission check; signal 0 only checks, and a zombie drops
 * what it is sent (prepare_signal: its group is exiting). Returns 0 or -errno.
 */
function sendTo(k: Kernel, t: Task, target: Process, task: Task | null, info: SigInfo): number {
  if (!mayKill(t, target)) return -EPERM;
  if (info.signo !== 0 && target.state === 'alive') sendSignal(k, target, task, info);
  return 0;
}

/** After sending: a caller that killed itself gets no result. */
const after = (t: Task, r: number) => (t.state === 'dead' ? NO_RESULT : r);

/** kill(pid, sig) and rt_sigqueueinfo's process targets: pid > 0, 0 (own group), -1 (all), -pgid. */
function killTargets(k: Kernel, t: Task, pid: number): Process[] | null {
  const ns = k.nsOf(t);
  const alive = [...k.processByPid.values()].filter((p) => p.state === 'alive' && p.pid.nrIn(ns) > 0);
  if (pid > 0) { const p = processIn(k, t, pid); return p ? [p] : null; }
  if (pid === -1) return alive.filter((p) => p !== t.proc && p.pid.nrIn(ns) !== 1);
  const pgrp = pid === 0 ? t.proc.pgrp : null;
  const list = alive.filter((p) => (pgrp ? p.pgrp === pgrp : p.pgrp.nrIn(ns) === -pid));
  return list.length ? list : null;
}

export const kill: SyscallImpl = (k, t, a) => {
  const pid = a.int(0);
  const sig = a.int(1);
  if (sig < 0 || sig > NSIG) return -EINVAL;
  if (pid === -0x80000000) return -ESRCH;
  const targets = killTargets(k, t, pid);
  if (!targets || targets.length === 0) return -ESRCH;
  let ok = false;
  let err = 0;
  for (const p of targets) {
    const r = sendTo(k, t, p, null, userInfo(sig, t));
    if (r === 0) ok = true; else err = r;
  }
  return after(t, ok ? 0 : err);
};

function threadKill(k: Kernel, t: Task, tgid: number, tid: number, sig: number, info: SigInfo | null): number {
  if (tid <= 0 || sig < 0 || sig > NSIG) return -EINVAL;
  const target = taskIn(k, t, tid);
  if (!target || target.state === 'dead') return -ESRCH;
  if (tgid > 0 && target.proc.pid.nrIn(k.nsOf(t)) !== tgid) return -ESRCH;
  return after(t, sendTo(k, t, target.proc, target, info ?? tkillInfo(sig, t)));
}

export const tgkill: SyscallImpl = (k, t, a) => (a.int(0) <= 0 ? -EINVAL : threadKill(k, t, a.int(0), a.int(1), a.int(2), null));
export const tkill: SyscallImpl = (k, t, a) => threadKill(k, t, 0, a.int(0), a.int(1), null);

/**
 * A guest-built siginfo: another process may not pretend to be the kernel (si_code >= 0) or
 * tkill. pidfd_send_signal also wants its si_signo to be the signal sent (`sameSigno`).
 */
function queuedInfo(k: Kernel, t: Task, addr: number, sig: number, self: boolean, sameSigno = false): SigInfo | number {
  const L = structLayout('siginfo', k.arch);
  const raw = t.proc.mm.engine.read(addr, L.size);
  if (!raw) return -EFAULT;
  if (sameSigno && L.get(raw, 'si_signo') !== sig) return -EINVAL;
  const code = L.get(raw, 'si_code');
  if ((code >= 0 || code === SI_TKILL) && !self) return -EPERM;
  const b = raw.slice();
  writeScalar(b, L.offsetOf('si_signo'), 4, sig, k.arch.endian === 'little');
  return { signo: sig, code, layout: 'raw', raw: b };
}

export const rt_sigqueueinfo: SyscallImpl = (k, t, a) => {
  const sig = a.int(1);
  if (sig < 0 || sig > NSIG) return -EINVAL;
  const target = processIn(k, t, a.int(0));
  if (!target) return -ESRCH;
  const info = queuedInfo(k, t, a.ptr(2), sig, target === t.proc);
  if (typeof info === 'number') return info;
  return after(t, sendTo(k, t, target, null, info));
};

export const rt_tgsigqueueinfo: SyscallImpl = (k, t, a) => {
  const sig = a.int(2);
  if (a.int(0) <= 0) return -EINVAL;
  const target = taskIn(k, t, a.int(1));
  const info = queuedInfo(k, t, a.ptr(3), sig, target?.proc === t.proc);
  if (typeof info === 'number') return info;
  return threadKill(k, t, a.int(0), a.int(1), sig, info);
};

/**
 * pidfd_send_signal(pidfd, sig, info, flags): kill() of the process a pidfd names (a zombie takes
 * and drops it; a reaped one is ESRCH), or rt_sigqueueinfo's with a siginfo. No flag is known
 * (Linux 6.9's PIDFD_SIGNAL_* are not modelled); /proc/PID directory descriptors, which Linux
 * also takes, are EBADF here. The pid must be visible in the caller's namespace (else EINVAL).
 */
export const pidfd_send_signal: SyscallImpl = (k, t, a) => {
  const sig = a.int(1);
  if (a.u32(3) !== 0) return -EINVAL;
  const target = pidfdTarget(t, a.int(0));
  if (typeof target === 'number') return target;
  if (target.pid.nrIn(k.nsOf(t)) === 0) return -EINVAL;
  let info: SigInfo | number;
  if (a.ptr(2)) info = queuedInfo(k, t, a.ptr(2), sig, target === t.proc, true);
  else info = userInfo(sig, t);
  if (typeof info === 'number') return info;
  if (target.state === 'reaped') return -ESRCH;
  if (sig < 0 || sig > NSIG) return -EINVAL;
  return after(t, sendTo(k, t, target, null, info));
};

// ---- dispositions and masks ----

function readSigset(t: Task, addr: number, k: Kernel): SigSet | null {
  const b = t.proc.mm.engine.read(addr, SIGSET_SIZE);
  return b ? readScalarBig(b, 0, 8, false, k.arch.endian === 'little') : null;
}

function writeSigset(t: Task, addr: number, set: SigSet, k: Kernel): boolean {
  const b = new Uint8Array(SIGSET_SIZE);
  writeScalar(b, 0, 8, set, k.arch.endian === 'little');
  return t.proc.mm.engine.write(addr, b);
}

export const rt_sigaction: SyscallImpl = (k, t, a) => {
  const sig = a.int(0);
  if (sig < 1 || sig > NSIG || a.u64(3) !== SIGSET_SIZE) return -EINVAL;
  const engine = t.proc.mm.engine;
  const L = structLayout('sigaction', k.arch);
  let act = null;
  if (a.ptr(1)) {
    const b = engine.read(a.ptr(1), L.size);
    if (!b) return -EFAULT;
    if (sig === SIGKILL || sig === SIGSTOP) return -EINVAL;
    act = {
      // An ABI without SA_RESTORER (riscv64) has no sa_restorer member.
      handler: L.get(b, 'sa_handler'), flags: L.getLo(b, 'sa_flags'), restorer: L.has('sa_restorer') ? L.get(b, 'sa_restorer') : 0,
      mask: L.getBig(b, 'sa_mask') & ~UNBLOCKABLE,
    };
  }
  if (a.ptr(2)) {
    const old = disposition(t.proc, sig);
    const b = L.encode({ sa_handler: old.handler, sa_flags: old.flags, sa_mask: old.mask,
      ...(L.has('sa_restorer') ? { sa_restorer: old.restorer } : {}) });
    if (!engine.write(a.ptr(2), b)) return -EFAULT;
  }
  if (act) {
    t.proc.sigactions.set(sig, act);
    // Setting a disposition that ignores the signal discards it where it is pending (POSIX).
    if (act.handler === SIG_IGN || (act.handler === SIG_DFL && defaultActionOf(sig) === 'ignore')) {
      t.proc.shared.flush(bit(sig));
      for (const x of t.proc.threads) x.pending.flush(bit(sig));
    }
  }
  return 0;
};

const SIG_BLOCK = 0;
const SIG_UNBLOCK = 1;
const SIG_SETMASK = 2;

export const rt_sigprocmask: SyscallImpl = (k, t, a) => {
  if (a.u64(3) !== SIGSET_SIZE) return -EINVAL;
  const how = a.int(0);
  let set: SigSet | null = null;
  if (a.ptr(1)) {
    set = readSigset(t, a.ptr(1), k);
    if (set === null) return -EFAULT;
    if (how !== SIG_BLOCK && how !== SIG_UNBLOCK && how !== SIG_SETMASK) return -EINVAL;
  }
  if (a.ptr(2) && !writeSigset(t, a.ptr(2), t.sigmask, k)) return -EFAULT;
  if (set !== null) {
    const m = how === SIG_BLOCK ? t.sigmask | set : how === SIG_UNBLOCK ? t.sigmask & ~set : set;
    t.sigmask = m & ~UNBLOCKABLE;
  }
  return 0;
};

export const rt_sigpending: SyscallImpl = (k, t, a) => {
  if (a.u64(1) > SIGSET_SIZE) return -EINVAL;
  const set = (t.pending.mask | t.proc.shared.mask) & t.sigmask;
  return writeSigset(t, a.ptr(0), set, k) ? 0 : -EFAULT;
};

export const sigaltstack: SyscallImpl = (k, t, a) => {
  const L = structLayout('stack_t', k.arch);
  const engine = t.proc.mm.engine;
  const sp = Number(engine.getReg(k.arch.regs.sp));
  const alt = t.altStack;
  let next = null;
  if (a.ptr(0)) {
    const b = engine.read(a.ptr(0), L.size);
    if (!b) return -EFAULT;
    if (onAltStack(alt, sp)) return -EPERM;
    const flags = L.get(b, 'ss_flags');
    const mode = flags & ~SS_AUTODISARM;
    if (mode !== 0 && mode !== SS_DISABLE && mode !== SS_ONSTACK) return -EINVAL;
    if (mode === SS_DISABLE) next = { sp: 0, size: 0, flags: SS_DISABLE };
    else {
      const size = L.get(b, 'ss_size');
      if (size < k.arch.signal.minSigStkSz) return -ENOMEM;
      next = { sp: L.get(b, 'ss_sp'), size, flags: flags & SS_AUTODISARM };
    }
  }
  if (a.ptr(1)) {
    const old = L.encode({ ss_sp: alt.sp, ss_size: alt.size, ss_flags: altStackFlags(alt, sp) | (alt.flags & SS_AUTODISARM) });
    if (!engine.write(a.ptr(1), old)) return -EFAULT;
  }
  if (next) t.altStack = next;
  return 0;
};

// ---- return from a handler ----

export const rt_sigreturn: SyscallImpl = (k, t) => {
  const r = restoreFrame(k.arch, t.proc.mm.engine);
  if (!r) {
    // A frame that cannot be read or does not check out: SIGSEGV, as Linux's bad frame.
    k.killProcess(t.proc, SIGSEGV);
    return NO_RESULT;
  }
  t.sigmask = r.mask & ~UNBLOCKABLE;
  // restore_altstack: the frame's uc_stack is applied as sigaltstack would (errors ignored).
  const sp = Number(t.proc.mm.engine.getReg(k.arch.regs.sp));
  if (!onAltStack(t.altStack, sp) && (r.stack.flags & ~SS_AUTODISARM & ~SS_ONSTACK) !== SS_DISABLE
    && r.stack.size >= k.arch.signal.minSigStkSz) {
    t.altStack = { sp: r.stack.sp, size: r.stack.size, flags: r.stack.flags & SS_AUTODISARM };
  }
  k.tracer?.sigreturnMask(r.mask);
  return REGS_SET;
};

// ---- waiting for signals ----

/**
 * Sleep until a signal the (temporary) mask lets through arrives. Only a signal ends the wait,
 * and the call's answer is always -ERESTARTNOHAND, as Linux's sys_pause/sigsuspend return it
 * (strace shows `= ? ERESTARTNOHAND`): EINTR once a handler runs, a restart when none does.
 */
function waitForSignal(k: Kernel, t: Task, mask: SigSet | null): number {
  if (mask !== null) {
    t.savedMask = t.sigmask;
    t.sigmask = mask & ~UNBLOCKABLE;
  }
  t.retry = () => BLOCK;
  t.restartCode = ERESTARTNOHAND;
  // Already pending: the call ends at once (the trap settles it before returning to the guest).
  if (hasDeliverable(t)) t.sigWake = true;
  return BLOCK;
}

export const pause: SyscallImpl = (k, t) => waitForSignal(k, t, null);

export const rt_sigsuspend: SyscallImpl = (k, t, a) => {
  if (a.u64(1) !== SIGSET_SIZE) return -EINVAL;
  const mask = readSigset(t, a.ptr(0), k);
  if (mask === null) return -EFAULT;
  return waitForSignal(k, t, mask);
};

/** rt_sigtimedwait(set, info, timeout, sigsetsize): take a pending signal of `set` without running a handler. */
export const rt_sigtimedwait: SyscallImpl = (k, t, a) => {
  if (a.u64(3) !== SIGSET_SIZE) return -EINVAL;
  const set = readSigset(t, a.ptr(0), k);
  if (set === null) return -EFAULT;
  const want = set & ~UNBLOCKABLE;
  let deadline = Infinity;
  if (a.ptr(2)) {
    const ns = readTimespec(t.proc.mm.engine, a.ptr(2));
    if (ns < 0) return ns;
    deadline = k.clockNs + ns;
  }
  // Read now: `a` holds whichever call trapped last by the time a retry runs.
  const infoAddr = a.ptr(1);
  const attempt = (): number => {
    for (const from of [t.pending, t.proc.shared]) {
      const sig = from.next(~want & ((1n << 64n) - 1n));
      if (!sig) continue;
      const info = from.take(sig)!;
      if (infoAddr && !t.proc.mm.engine.write(infoAddr, encodeSiginfo(k, info, t))) return -EFAULT;
      t.wakeAt = Infinity;
      return sig;
    }
    if (k.clockNs >= deadline) { t.wakeAt = Infinity; return -EAGAIN; }
    return BLOCK;
  };
  const r = attempt();
  if (r !== BLOCK) return r;
  // While waiting, the awaited signals are not blocked from waking us, but a handler never runs for them.
  t.wakeAt = deadline;
  t.retry = attempt;
  t.restartCode = 0;
  return BLOCK;
};

// ---- signalfd ----

/** signalfd4(fd, mask, sizemask, flags): a new signalfd (fd -1) or a new mask for an existing one. */
function doSignalfd(k: Kernel, t: Task, fd: number, maskAddr: number, size: number, flags: number): number {
  if (flags & ~(O_CLOEXEC | O_NONBLOCK)) return -EINVAL;
  if (size !== SIGSET_SIZE) return -EINVAL;
  const set = readSigset(t, maskAddr, k);
  if (set === null) return -EFAULT;
  const mask = set & ~UNBLOCKABLE;
  if (fd === -1) {
    const file = new SignalFd(k, mask).open(flags & O_NONBLOCK);
    return t.proc.files.alloc(file, (flags & O_CLOEXEC) !== 0, nofile(t));
  }
  const f = t.proc.files.get(fd);
  if (!f) return -EBADF;
  const s = SignalFd.of(f);
  if (!s) return -EINVAL;
  s.mask = mask;
  return fd;
}

export const signalfd4: SyscallImpl = (k, t, a) => doSignalfd(k, t, a.int(0), a.ptr(1), a.u64(2), a.int(3));
export const signalfd: SyscallImpl = (k, t, a) => doSignalfd(k, t, a.int(0), a.ptr(1), a.u64(2), 0);

// ---- process groups and sessions ----

export const getpgid: SyscallImpl = (k, t, a) => {
  const pid = a.int(0);
  const p = pid === 0 ? t.proc : processIn(k, t, pid);
  return p ? p.pgrp.nrIn(k.nsOf(t)) : -ESRCH;
};

export const getpgrp: SyscallImpl = (k, t) => t.proc.pgrp.nrIn(k.nsOf(t));

export const getsid: SyscallImpl = (k, t, a) => {
  const pid = a.int(0);
  const p = pid === 0 ? t.proc : processIn(k, t, pid);
  return p ? p.session.nrIn(k.nsOf(t)) : -ESRCH;
};

export const setsid: SyscallImpl = (k, t) => {
  const p = t.proc;
  // A group leader may not start a session (its group would straddle two).
  if ([...k.processByPid.values()].some((x) => x.state !== 'reaped' && x.pgrp === p.pid)) return -EPERM;
  p.session = p.pid;
  p.pgrp = p.pid;
  p.ctty = null;
  return p.pid.nrIn(k.nsOf(t));
};

export const setpgid: SyscallImpl = (k, t, a) => {
  const pid = a.int(0);
  const pgid = a.int(1);
  if (pgid < 0) return -EINVAL;
  const p = pid === 0 ? t.proc : processIn(k, t, pid);
  if (!p || (p !== t.proc && p.parent !== t.proc)) return -ESRCH;
  if (p.session === p.pid) return -EPERM;
  if (p.session !== t.proc.session) return -EPERM;
  if (pgid === 0 || pgid === p.pid.nrIn(k.nsOf(t))) { p.pgrp = p.pid; return 0; }
  const leader = [...k.processByPid.values()].find((x) => x.state === 'alive' && x.pgrp.nrIn(k.nsOf(t)) === pgid
    && x.session === t.proc.session);
  if (!leader) return -EPERM;
  p.pgrp = leader.pgrp;
  return 0;
};

/**
 * restart_syscall: the call a signal interrupted (with no handler to run) goes on with its
 * restart_block — nanosleep to its deadline, a timed futex wait, poll with the time left; with
 * none (a handler ran since), EINTR as do_no_restart_syscall answers.
 */
export const restart_syscall: SyscallImpl = (_k, t) => {
  const fn = t.restartBlock;
  t.restartBlock = null;
  return fn ? fn() : -EINTR;
};
