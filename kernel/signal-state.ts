// Signal bookkeeping shared by every architecture: dispositions, pending sets, what a pending
// signal carries (its siginfo, before it is encoded for an ABI), and each signal's default action.
// Signal numbers are the same on x86_64, aarch64 and PowerPC.

import type { Pid, PidNamespace } from './pidns.js';
import { SA_NOCLDSTOP, SA_NOCLDWAIT, SA_NODEFER, SA_ONSTACK, SA_RESETHAND, SA_RESTART, SA_RESTORER, SA_SIGINFO } from './abi/flags.js';

export { SA_NOCLDSTOP, SA_NOCLDWAIT, SA_NODEFER, SA_ONSTACK, SA_RESETHAND, SA_RESTART, SA_RESTORER, SA_SIGINFO };

export const NSIG = 64;
export const SIGRTMIN = 32;
export const SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7, SIGFPE = 8,
  SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGPIPE = 13, SIGALRM = 14, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19,
  SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22, SIGSYS = 31;

export const SIG_DFL = 0;
export const SIG_IGN = 1;

// si_code values (<asm-generic/siginfo.h>).
export const SI_USER = 0;
export const SI_KERNEL = 0x80;
export const SI_QUEUE = -1;
export const SI_TIMER = -2;
export const SI_TKILL = -6;
export const CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3, CLD_STOPPED = 5, CLD_CONTINUED = 6;

/** A 64-signal set as a bigint: bit (sig - 1). */
export type SigSet = bigint;
export const bit = (sig: number): SigSet => 1n << BigInt(sig - 1);
/** SIGKILL and SIGSTOP can be neither blocked nor caught. */
export const UNBLOCKABLE = bit(SIGKILL) | bit(SIGSTOP);
export const ALL_SIGNALS: SigSet = (1n << 64n) - 1n;

export interface SigAction {
  handler: number;
  flags: number;
  restorer: number;
  mask: SigSet;
}

export const defaultAction = (): SigAction => ({ handler: SIG_DFL, flags: 0, restorer: 0, mask: 0n });

/**
 * Linux's flush_signal_handlers(), for execve and clone3's CLONE_CLEAR_SIGHAND: every caught
 * signal back to SIG_DFL, an ignored one still ignored, and of either its flags, restorer and
 * mask cleared (sigaction then reads back `{SIG_IGN, [], 0}`).
 */
export function flushSignalHandlers(actions: Map<number, SigAction>): Map<number, SigAction> {
  const out = new Map<number, SigAction>();
  for (const [sig, act] of actions) if (act.handler === SIG_IGN) out.set(sig, { ...defaultAction(), handler: SIG_IGN });
  return out;
}

/**
 * What a signal carries until it is encoded for the receiver's ABI. Pids are kept as Pid objects:
 * si_pid is the sender's number in the *receiver's* namespace, known only at delivery.
 */
export interface SigInfo {
  signo: number;
  code: number;
  errno?: number;
  /** The sending process (kill, tkill, sigqueue) or the child (SIGCHLD). */
  pid?: Pid | null;
  uid?: number;
  /** sigval of rt_sigqueueinfo / timers. */
  value?: bigint;
  /** SIGCHLD: exit code or signal. */
  status?: number;
  /** Faults: the address. */
  addr?: number;
  /** Which member of the union is live. */
  layout: 'kill' | 'rt' | 'chld' | 'fault' | 'timer' | 'none' | 'raw';
  /** POSIX timers: the timer's id, and the expirations this signal stands for beyond the first. */
  timerId?: number;
  overrun?: number;
  /** rt_sigqueueinfo with a siginfo the guest built: its 128 bytes, delivered as given. */
  raw?: Uint8Array;
}

type Action = 'terminate' | 'core' | 'ignore' | 'stop';

const CORE = new Set([SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, 24 /* XCPU */, 25 /* XFSZ */, SIGSYS]);
const IGNORE = new Set([SIGCHLD, SIGCONT, 23 /* URG */, 28 /* WINCH */]);
const STOP = new Set([SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU]);

/** The default action of a signal (signal(7)). */
export function defaultActionOf(sig: number): Action {
  if (CORE.has(sig)) return 'core';
  if (IGNORE.has(sig)) return 'ignore';
  if (STOP.has(sig)) return 'stop';
  return 'terminate';
}

/** Signals Linux dequeues first: the synchronous ones a fault raises. */
const SYNCHRONOUS = bit(SIGSEGV) | bit(SIGBUS) | bit(SIGILL) | bit(SIGTRAP) | bit(SIGFPE) | bit(SIGSYS);

/** A pending set: standard signals coalesce (one each), real-time ones queue in order. */
export class SigPending {
  mask: SigSet = 0n;
  readonly queue: SigInfo[] = [];

  get empty(): boolean { return this.queue.length === 0; }

  has(sig: number): boolean { return (this.mask & bit(sig)) !== 0n; }

  add(info: SigInfo): boolean {
    if (info.signo < SIGRTMIN && this.has(info.signo)) return false;
    this.queue.push(info);
    this.mask |= bit(info.signo);
    return true;
  }

  /** The signal to deliver next among those not in `blocked`: synchronous first, then the lowest number. */
  next(blocked: SigSet): number {
    const ready = this.mask & ~blocked;
    if (ready === 0n) return 0;
    const sync = ready & SYNCHRONOUS;
    const pick = sync !== 0n ? sync : ready;
    let sig = 1;
    while (((pick >> BigInt(sig - 1)) & 1n) === 0n) sig++;
    return sig;
  }

  /** Take the oldest queued instance of `sig`. */
  take(sig: number): SigInfo | null {
    const i = this.queue.findIndex((q) => q.signo === sig);
    if (i < 0) return null;
    const [info] = this.queue.splice(i, 1);
    if (!this.queue.some((q) => q.signo === sig)) this.mask &= ~bit(sig);
    return info;
  }

  /** Drop every instance of the signals in `set` (SIG_IGN set, SIGCONT's stop flush…). */
  flush(set: SigSet): void {
    for (let i = this.queue.length - 1; i >= 0; i--) if ((bit(this.queue[i].signo) & set) !== 0n) this.queue.splice(i, 1);
    this.mask &= ~set;
  }
}

/** sigaltstack state of a task. */
export interface AltStack {
  sp: number;
  size: number;
  /** SS_AUTODISARM etc. as given (SS_DISABLE when there is none). */
  flags: number;
}

export const SS_ONSTACK = 1;
export const SS_DISABLE = 2;
export const SS_AUTODISARM = 1 << 31;

/** Is `sp` on the alternate stack? (sas_ss_flags' test: the top itself is not.) */
export function onAltStack(alt: AltStack, sp: number): boolean {
  return alt.flags !== SS_DISABLE && sp > alt.sp && sp - alt.sp <= alt.size;
}

/** si_pid as the receiver's namespace sees the sender (0 when it cannot). */
export function pidIn(info: SigInfo, ns: PidNamespace): number {
  return info.pid ? info.pid.nrIn(ns) : 0;
}
