// POSIX per-process timers (Linux's kernel/time/posix-timers.c): timer_create gives a process
// numbered timers (0, 1, ... as Linux numbers them per process), each on a clock (the virtual
// clock for the wall and monotonic clocks, the process's or a thread's CPU time for the CPU
// clocks) and notifying by a signal to the process or to one of its threads (SIGEV_SIGNAL,
// SIGEV_THREAD_ID), or not at all (SIGEV_NONE). The signal carries si_code SI_TIMER, the
// timer's id and sigev_value; while it is still pending, further expirations are counted in
// its si_overrun instead of queueing more. They fire where interval timers do (itimer.ts: at
// each scheduling point, and the idle clock jumps to the next one). Not inherited by fork;
// gone at execve.
import type { Kernel } from './kernel.js';
import type { Process, Task } from './task.js';
import type { SigInfo } from './signal-state.js';
import { sendSignal } from './signal-deliver.js';
import { expirations } from './clock.js';

export const CLOCK_PROCESS_CPUTIME_ID = 2, CLOCK_THREAD_CPUTIME_ID = 3;
export const SIGEV_SIGNAL = 0, SIGEV_NONE = 1, SIGEV_THREAD_ID = 4;
const SI_TIMER = -2;

export interface PosixTimer {
  readonly id: number;
  readonly clockid: number;
  readonly notify: number;
  readonly signo: number;
  readonly value: bigint;
  /** SIGEV_THREAD_ID's thread (and the thread whose CPU time a CLOCK_THREAD_CPUTIME_ID timer counts). */
  readonly thread: Task | null;
  /** Next expiry on its clock (Infinity: disarmed) and the period (0: once). */
  at: number;
  interval: number;
  /** The signal last sent, and the overrun of the one before it that was delivered. */
  info: SigInfo | null;
  delivered: number;
}

/** Now on a timer's clock. */
export function timerClock(k: Kernel, p: Process, clockid: number, thread: Task | null): number {
  if (clockid === CLOCK_PROCESS_CPUTIME_ID) return p.utimeNs + p.stimeNs;
  if (clockid === CLOCK_THREAD_CPUTIME_ID) return thread ? thread.utimeNs + thread.stimeNs : 0;
  return k.clockNs;
}

/** Whether the process has any armed timer, interval or POSIX (it must stay in k.timed). */
export function anyArmed(p: Process): boolean {
  return p.itimers.some((x) => x !== null) || [...p.posixTimers.values()].some((x) => x.at !== Infinity);
}

function pending(p: Process, info: SigInfo): boolean {
  return p.shared.queue.includes(info) || p.threads.some((t) => t.pending.queue.includes(info));
}

/** Fire the process's expired POSIX timers. */
export function firePosixTimers(k: Kernel, p: Process): void {
  for (const tm of p.posixTimers.values()) {
    const now = timerClock(k, p, tm.clockid, tm.thread);
    if (tm.at > now) continue;
    const { count: periods, next } = expirations(tm.at, tm.interval, now);
    tm.at = next;
    if (tm.notify === SIGEV_NONE) continue;
    if (tm.info && pending(p, tm.info)) {
      tm.info.overrun = (tm.info.overrun ?? 0) + periods;
      continue;
    }
    if (tm.info) tm.delivered = tm.info.overrun ?? 0;
    tm.info = { signo: tm.signo, code: SI_TIMER, layout: 'timer', timerId: tm.id, overrun: periods - 1, value: tm.value };
    sendSignal(k, p, tm.notify === SIGEV_THREAD_ID ? tm.thread : null, tm.info);
  }
}

/** The virtual-clock time of the process's next wall/monotonic POSIX timer expiry. */
export function nextPosixExpiry(p: Process): number {
  let next = Infinity;
  for (const tm of p.posixTimers.values()) {
    if (tm.clockid !== CLOCK_PROCESS_CPUTIME_ID && tm.clockid !== CLOCK_THREAD_CPUTIME_ID && tm.at < next) next = tm.at;
  }
  return next;
}

/** timer_getoverrun: the overrun of the last signal delivered. */
export function overrunOf(p: Process, tm: PosixTimer): number {
  return tm.info && !pending(p, tm.info) ? tm.info.overrun ?? 0 : tm.delivered;
}
