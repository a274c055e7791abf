// Sending and delivering signals, after Linux's kernel/signal.c: a signal is queued on a thread
// (tkill, faults) or on the thread group (kill); one thread that does not block it is woken;
// at the task's next return to user mode (the end of a trap, or when the scheduler resumes it)
// the pending signals it does not block are dequeued — synchronous ones first, then by number —
// and each either takes its default action or gets a frame built by signal-frame.ts.
// A blocked system call interrupted by a handler answers EINTR or is restarted, by its restart
// code and SA_RESTART, as Linux's handle_signal decides.

import type { Kernel } from './kernel.js';
import type { Process, Task } from './task.js';
import { structLayout } from './abi/structs.js';
import { formatSignalLine } from './abi/strace-signal.js';
import { signalName } from './abi/signal-names.js';
import { EINTR, ERESTARTNOINTR, ERESTARTSYS, ERESTART_RESTARTBLOCK } from './abi/errno.js';
import { writeScalar } from './abi/struct.js';
import { buildFrame } from './signal-frame.js';
import {
  CLD_CONTINUED, CLD_DUMPED, CLD_EXITED, CLD_KILLED, CLD_STOPPED, SA_NOCLDSTOP, SA_NOCLDWAIT, SA_NODEFER,
  SA_RESETHAND, SA_RESTART, SIGCHLD, SIGCONT, SIGKILL, SIGSEGV, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, SIG_DFL,
  SIG_IGN, SI_KERNEL, SI_TKILL, SI_USER, UNBLOCKABLE, bit, defaultAction, defaultActionOf, pidIn,
  type SigAction, type SigInfo,
} from './signal-state.js';

export function disposition(proc: Process, sig: number): SigAction {
  return proc.sigactions.get(sig) ?? defaultAction();
}

/** Would this signal be thrown away on arrival? (sig_ignored: SIG_IGN, or a default of "ignore".) */
function ignored(proc: Process, sig: number): boolean {
  if (sig === SIGKILL || sig === SIGSTOP) return false;
  const act = disposition(proc, sig);
  return act.handler === SIG_IGN || (act.handler === SIG_DFL && defaultActionOf(sig) === 'ignore');
}

const STOP_SIGNALS = bit(SIGSTOP) | bit(SIGTSTP) | bit(SIGTTIN) | bit(SIGTTOU);

/** siginfo for kill/tkill: the sender and its uid. */
export function userInfo(sig: number, sender: Task, code = SI_USER): SigInfo {
  return { signo: sig, code, pid: sender.proc.pid, uid: sender.proc.cred.uid, layout: 'kill' };
}

export function kernelInfo(sig: number): SigInfo {
  return { signo: sig, code: SI_KERNEL, layout: 'none' };
}

/** The siginfo's 128 bytes for the receiver's ABI, si_pid as the receiver's namespace sees it. */
export function encodeSiginfo(k: Kernel, info: SigInfo, receiver: Task): Uint8Array {
  const L = structLayout('siginfo', k.arch);
  if (info.raw) return info.raw.slice();
  const b = new Uint8Array(L.size);
  const put = (m: string, v: number | bigint) => {
    const at = L.locate(m);
    writeScalar(b, at.offset, at.size, v, L.endian === 'little');
  };
  put('si_signo', info.signo);
  put('si_errno', info.errno ?? 0);
  put('si_code', info.code);
  switch (info.layout) {
    case 'kill':
      put('_sifields._kill._pid', pidIn(info, k.nsOf(receiver)));
      put('_sifields._kill._uid', info.uid ?? 0);
      break;
    case 'rt':
      put('_sifields._rt._pid', pidIn(info, k.nsOf(receiver)));
      put('_sifields._rt._uid', info.uid ?? 0);
      put('_sifields._rt._sigval', info.value ?? 0n);
      break;
    case 'chld':
      put('_sifields._sigchld._pid', pidIn(info, k.nsOf(receiver)));
      put('_sifields._sigchld._uid', info.uid ?? 0);
      put('_sifields._sigchld._status', info.status ?? 0);
      break;
    case 'fault':
      put('_sifields._sigfault._addr', info.addr ?? 0);
      break;
    case 'timer':
      put('_sifields._timer._tid', info.timerId ?? 0);
      put('_sifields._timer._overrun', info.overrun ?? 0);
      put('_sifields._timer._sigval', info.value ?? 0n);
      break;
    default:
      break;
  }
  return b;
}

/**
 * Send a signal to a thread (`task` given) or to a process's thread group. Like Linux's
 * send_signal + complete_signal: ignored signals are dropped, standard ones coalesce, then a
 * thread that does not block it is woken — or the whole group killed at once when the
 * default action is fatal.
 */
export function sendSignal(k: Kernel, proc: Process, task: Task | null, info: SigInfo): void {
  const sig = info.signo;
  // A doomed group takes no more signals (prepare_signal's SIGNAL_GROUP_EXIT).
  if (proc.state !== 'alive' || proc.exiting) return;
  // Job control acts at once, whatever is blocked (prepare_signal).
  if (sig === SIGCONT || sig === SIGKILL) {
    proc.shared.flush(STOP_SIGNALS);
    for (const t of proc.threads) t.pending.flush(STOP_SIGNALS);
    continueGroup(k, proc, sig === SIGCONT);
  } else if ((bit(sig) & STOP_SIGNALS) !== 0n) {
    proc.shared.flush(bit(SIGCONT));
    for (const t of proc.threads) t.pending.flush(bit(SIGCONT));
  }
  const blockedByAll = task ? (task.sigmask & bit(sig)) !== 0n
    : proc.threads.every((t) => t.state === 'dead' || (t.sigmask & bit(sig)) !== 0n);
  if (ignored(proc, sig) && !blockedByAll) {
    // A traced process is sent even an ignored signal (sig_ignored is false under ptrace):
    // strace shows it when the task next leaves the kernel, then it is discarded.
    // Queued, it wakes an interruptible sleep too (signal_wake_up): the call answers its
    // restart code (`= ? ERESTARTSYS`), the signal is reported and dropped, and the call is
    // restarted — no handler runs, so the program sees nothing of it.
    const wakes = (x: Task) => x.state === 'blocked' && x.restartCode !== 0 && (x.sigmask & bit(sig)) === 0n;
    const t = task ?? proc.threads.find(wakes) ?? proc.threads.find((x) => x.state !== 'dead');
    if (k.tracer && t) {
      k.tracer.ignoredSignal(t, signalLine(k, encodeSiginfo(k, info, t)));
      if (wakes(t)) { t.sigWake = true; k.needResched = true; }
    }
    return;
  }
  const pending = task ? task.pending : proc.shared;
  if (!pending.add(info)) return;
  // Which thread takes it: the named one, else the main thread if it can, else the first that can.
  const wants = (t: Task) => t.state !== 'dead' && ((t.sigmask & bit(sig)) === 0n || (bit(sig) & UNBLOCKABLE) !== 0n);
  const target = task ? (wants(task) ? task : null) : proc.threads.find(wants) ?? null;
  if (!target) return;
  const act = disposition(proc, sig);
  if (act.handler === SIG_DFL) {
    const action = defaultActionOf(sig);
    // A stopped group takes only SIGKILL (which continued it above) and SIGCONT: a fatal
    // signal stays pending until it is continued (wants_signal).
    if ((action === 'terminate' || action === 'core') && k.current?.proc !== proc && !proc.stopped) {
      // complete_signal's group exit: another group is doomed now, and dies when one of its
      // threads next runs (deliverPending) — even from a stop or a blocked call, which the
      // signal wakes. The sender's call returns first; the caller's own group dies on its way
      // back to user mode.
      pending.take(sig);
      proc.exiting = info;
      // The sender runs on (no wakeup preemption): its call returns and it goes on until it
      // blocks or its slice ends, as on one CPU with SCHED_FIFO.
      for (const x of proc.threads) if (x.state === 'blocked') x.sigWake = true;
      return;
    }
    if (action === 'stop') {
      pending.take(sig);
      // The stop wakes every thread asleep in an interruptible call (signal_wake_up): each call
      // ends with its restart code (`= ? ERESTARTSYS`), to be restarted once continued.
      for (const x of proc.threads) {
        if (x.state !== 'blocked' || !x.restartCode) continue;
        interruptBlocked(x);
        k.tracer?.resumed(x, -x.interrupted);
      }
      // strace's signal-delivery stop (`--- SIGSTOP {…} ---`) comes before the group stop.
      k.traceSignal(target, encodeSiginfo(k, info, target), true);
      stopGroup(k, proc, sig, target);
      return;
    }
  }
  wakeForSignal(k, target);
}

/**
 * signal_wake_up: a task blocked in an interruptible call is marked to be woken if a handler
 * will run. The scheduler first lets its call finish if it can (a wait4 whose child just died
 * returns the child, as Linux's does), and otherwise interrupts it (interruptBlocked).
 */
function wakeForSignal(k: Kernel, t: Task): void {
  if (t.state !== 'blocked' || !t.restartCode) return;
  const sig = t.pending.next(t.sigmask) || t.proc.shared.next(t.sigmask);
  if (!sig || disposition(t.proc, sig).handler === SIG_IGN) return;
  t.sigWake = true;
  k.needResched = true;
}

/** The blocked call of a task a signal woke ends: its restart code is settled at delivery. */
export function interruptBlocked(t: Task): void {
  t.onInterrupt?.();
  t.onInterrupt = null;
  t.retry = null;
  t.wakeAt = Infinity;
  t.interrupted = t.restartCode;
  t.restartCode = 0;
  t.sigWake = false;
  t.state = 'runnable';
}

/**
 * Settle a call a signal interrupted: with a handler about to run, EINTR unless the code says
 * restart (ERESTARTSYS with SA_RESTART, ERESTARTNOINTR); with none, restart.
 */
function settleInterrupted(k: Kernel, t: Task, act: SigAction | null): void {
  const code = t.interrupted;
  t.interrupted = 0;
  k.tracer?.resumed(t, -code);
  const restart = act === null || code === ERESTARTNOINTR || (code === ERESTARTSYS && (act.flags & SA_RESTART) !== 0);
  const engine = t.proc.mm.engine;
  if (restart) {
    const pc = engine.getPc() - k.arch.syscall.trapSize;
    engine.setPc(pc);
    // ERESTART_RESTARTBLOCK: the trap runs restart_syscall, which goes on where the call stopped.
    if (code === ERESTART_RESTARTBLOCK && t.restartBlock) t.restartPending = { name: t.blockedName, pc };
  } else {
    k.setResult(engine, -EINTR);
    t.restartBlock = null;
  }
}

/** The return to user mode: deliver what `t` does not block. Its registers must be the live ones. */
export function deliverPending(k: Kernel, t: Task): void {
  const proc = t.proc;
  if (proc.notifyContinued && proc.state === 'alive') {
    proc.notifyContinued = false;
    notifyParent(k, proc, CLD_CONTINUED, SIGCONT);
  }
  if (proc.exiting && proc.state === 'alive' && t.state !== 'dead') {
    // The group was doomed by another's signal (sendSignal): this thread ends it.
    const info = proc.exiting;
    // SIGKILL makes no syscall-exit stop on its way: the call it woke ends `= ?` with the task
    // (Tracer.ended), not with its restart code.
    if (t.interrupted && info.signo !== SIGKILL) settleInterrupted(k, t, null);
    k.traceSignal(t, encodeSiginfo(k, info, t));
    killBySignal(k, proc, info.signo, info);
    return;
  }
  while (t.state !== 'dead' && proc.state === 'alive' && !proc.stopped) {
    let from = t.pending;
    let sig = from.next(t.sigmask);
    if (!sig) { from = proc.shared; sig = from.next(t.sigmask); }
    if (!sig) break;
    const info = from.take(sig)!;
    const act = disposition(proc, sig);
    if (act.handler === SIG_IGN) continue;
    const bytes = encodeSiginfo(k, info, t);
    if (act.handler === SIG_DFL) {
      const action = defaultActionOf(sig);
      if (action === 'ignore') continue;
      if (action === 'stop') { k.traceSignal(t, bytes); stopGroup(k, proc, sig, t); break; }
      if (t.interrupted) settleInterrupted(k, t, null);
      k.traceSignal(t, bytes);
      killBySignal(k, proc, sig, info);
      return;
    }
    if (t.interrupted) settleInterrupted(k, t, act);
    k.traceSignal(t, bytes);
    // A handler runs: a restart_syscall still to come answers EINTR (rt_sigreturn's
    // restart_block.fn = do_no_restart_syscall).
    t.restartBlock = null;
    const mask = t.savedMask ?? t.sigmask;
    t.savedMask = null;
    const ok = buildFrame(k.arch, proc.mm.engine, {
      sig, info: bytes, act, mask, altStack: t.altStack, trampoline: proc.mm.sigPage,
      faultAddr: info.layout === 'fault' ? info.addr ?? 0 : 0,
    });
    if (!ok) {
      // force_sigsegv: the frame could not be written.
      k.traceSignal(t, encodeSiginfo(k, kernelInfo(SIGSEGV), t));
      killBySignal(k, proc, SIGSEGV, kernelInfo(SIGSEGV));
      return;
    }
    t.sigmask = (t.sigmask | act.mask | ((act.flags & SA_NODEFER) ? 0n : bit(sig))) & ~UNBLOCKABLE;
    // SA_RESETHAND (SA_ONESHOT): get_signal resets only the handler; the flags, mask and
    // restorer stay, and sigaction() reads them back with SIG_DFL.
    if (act.flags & SA_RESETHAND) proc.sigactions.set(sig, { ...act, handler: SIG_DFL });
  }
  if (t.interrupted && t.state !== 'dead') settleInterrupted(k, t, null);
  if (t.savedMask !== null && t.state !== 'dead' && t.retry === null) {
    t.sigmask = t.savedMask;
    t.savedMask = null;
  }
}

/** Does `t` have a signal it would act on now (for rt_sigsuspend, pause, sigtimedwait)? */
export function hasDeliverable(t: Task): boolean {
  return t.pending.next(t.sigmask) !== 0 || t.proc.shared.next(t.sigmask) !== 0;
}

const CORE_BIT = 0x80;

/** End a process by a signal: wait status sig (| 0x80 when the default action dumps core). */
export function killBySignal(k: Kernel, proc: Process, sig: number, info: SigInfo | null): void {
  const core = defaultActionOf(sig) === 'core' && sig !== SIGKILL;
  if (proc === k.init && info && info.layout !== 'fault') {
    const by = info.code === SI_KERNEL || !info.pid ? 'the kernel' : `pid ${info.pid.numbers[0]}`;
    k.report(`tricorn: pid ${proc.pid.numbers[0]} killed by ${signalName(sig)} (sent by ${by})`);
  }
  k.exitGroup(proc, sig | (core ? CORE_BIT : 0));
}

/** SIGCHLD (or the child's exit signal) to the parent, with the child's siginfo. Returns true to reap at once. */
export function notifyParent(k: Kernel, child: Process, code: number, status: number, sig = SIGCHLD): boolean {
  const parent = child.parent;
  if (!parent || parent.state !== 'alive') return false;
  const act = disposition(parent, SIGCHLD);
  if (code === CLD_STOPPED || code === CLD_CONTINUED) {
    if (act.flags & SA_NOCLDSTOP) return false;
  }
  let autoreap = false;
  if ((code === CLD_EXITED || code === CLD_KILLED || code === CLD_DUMPED) && sig === SIGCHLD) {
    // SIGCHLD ignored or SA_NOCLDWAIT: the child is reaped by the kernel (do_notify_parent).
    if (act.handler === SIG_IGN || (act.flags & SA_NOCLDWAIT)) autoreap = true;
    if (act.handler === SIG_IGN) return true;
  }
  if (sig) {
    sendSignal(k, parent, null, { signo: sig, code, pid: child.pid, uid: child.cred.uid, status, layout: 'chld' });
  }
  return autoreap;
}

export function childExitCode(waitStatus: number): { code: number; status: number } {
  const sig = waitStatus & 0x7f;
  if (!sig) return { code: CLD_EXITED, status: (waitStatus >> 8) & 0xff };
  return { code: waitStatus & CORE_BIT ? CLD_DUMPED : CLD_KILLED, status: sig };
}

/** SIGSTOP & co. with the default action (`taker` took it): every thread stops; the parent hears CLD_STOPPED. */
export function stopGroup(k: Kernel, proc: Process, sig: number, taker: Task): void {
  if (proc.stopped) return;
  proc.stopped = true;
  proc.stopReport = sig;
  proc.continueReport = false;
  if (proc.threads.includes(k.current!)) k.needResched = true;
  k.tracer?.stopped(proc, sig, taker);
  notifyParent(k, proc, CLD_STOPPED, sig);
}

/**
 * SIGCONT (or SIGKILL) resumes a stopped group. SIGCONT's report is seen by wait4(WCONTINUED)
 * at once, but the parent's SIGCHLD comes from the continued process itself when it next runs
 * (get_signal's SIGNAL_CLD_CONTINUED), so the sender's kill() returns first.
 */
function continueGroup(k: Kernel, proc: Process, report: boolean): void {
  if (!proc.stopped) return;
  proc.stopped = false;
  proc.stopReport = 0;
  if (!report) return;
  proc.continueReport = true;
  // tricorn stops a group whose threads may sit in blocked calls (Linux stops them only on
  // their way to user mode): with none runnable, nobody would send the report soon, so now.
  if (proc.threads.some((t) => t.state === 'runnable')) proc.notifyContinued = true;
  else notifyParent(k, proc, CLD_CONTINUED, SIGCONT);
}

/** Work for `t`'s return to user mode: signals to deliver, a doom or a continue to act on. */
export function userReturnWork(t: Task): boolean {
  return t.interrupted !== 0 || !t.pending.empty || !t.proc.shared.empty || t.proc.exiting !== null
    || t.proc.notifyContinued;
}

/** tkill/tgkill's siginfo. */
export const tkillInfo = (sig: number, sender: Task): SigInfo => userInfo(sig, sender, SI_TKILL);

/** The strace line for a siginfo as this ABI encodes it. */
export function signalLine(k: Kernel, bytes: Uint8Array): string {
  return formatSignalLine(structLayout('siginfo', k.arch), bytes);
}
