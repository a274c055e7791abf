// Interval timers (setitimer, getitimer, alarm), as Linux's kernel/time/itimer.c keeps them per
// process: ITIMER_REAL counts down on the virtual clock and sends SIGALRM; ITIMER_VIRTUAL on the
// process's user time (SIGVTALRM); ITIMER_PROF on its user and system time (SIGPROF). User
// time is the virtual time of the scheduling slices its threads ran, system time that of its
// system calls, so the three stay deterministic. A timer is checked at every scheduling point
// (at most one slice late, as a tick-driven kernel is) and, when every task sleeps, the
// virtual clock jumps to the next expiry as it jumps to a sleeper's deadline. The signal comes
// from the kernel (si_code SI_KERNEL). Forked children start with none; execve keeps them.
import type { Kernel } from './kernel.js';
import type { Process } from './task.js';
import { kernelInfo, sendSignal } from './signal-deliver.js';
import { expirations } from './clock.js';
import { anyArmed, firePosixTimers, nextPosixExpiry } from './posix-timers.js';

export const ITIMER_REAL = 0;
export const ITIMER_VIRTUAL = 1;
export const ITIMER_PROF = 2;
const SIGNAL_OF = [14 /* SIGALRM */, 26 /* SIGVTALRM */, 27 /* SIGPROF */];

/** An armed timer: when it expires (on its own clock, in ns) and its reload interval (0: once). */
export interface Itimer {
  at: number;
  interval: number;
}

/** Now on the clock `which` counts, for process `p`. */
export function itimerClock(k: Kernel, p: Process, which: number): number {
  if (which === ITIMER_REAL) return k.clockNs;
  return which === ITIMER_VIRTUAL ? p.utimeNs : p.utimeNs + p.stimeNs;
}

/** The time left and the interval of a timer, in ns (0, 0 when disarmed; an expired one reads 1 µs). */
export function itimerGet(k: Kernel, p: Process, which: number): { value: number; interval: number } {
  const tm = p.itimers[which];
  if (!tm) return { value: 0, interval: 0 };
  const rem = tm.at - itimerClock(k, p, which);
  return { value: rem > 0 ? rem : 1000, interval: tm.interval };
}

/** Arm (value > 0) or disarm (value 0) a timer. */
export function itimerSet(k: Kernel, p: Process, which: number, value: number, interval: number): void {
  p.itimers[which] = value > 0 ? { at: itimerClock(k, p, which) + value, interval } : null;
  timersChanged(k, p);
}

/** After a process's timers changed: it is watched by the scheduler while any is armed. */
export function timersChanged(k: Kernel, p: Process): void {
  if (anyArmed(p)) {
    k.timed.add(p);
    // The caller may be running without an instruction budget: back to the scheduler, which
    // slices runs while a timer is armed.
    k.needResched = true;
  } else {
    k.timed.delete(p);
  }
}

/** Send the signal of every timer that has expired; periodic ones move past now (overruns drop). */
export function fireTimers(k: Kernel): void {
  for (const p of [...k.timed]) {
    if (p.state !== 'alive') { k.timed.delete(p); continue; }
    for (let which = 0; which < 3; which++) {
      const tm = p.itimers[which];
      if (!tm) continue;
      const now = itimerClock(k, p, which);
      if (tm.at > now) continue;
      const { next } = expirations(tm.at, tm.interval, now);
      if (next === Infinity) p.itimers[which] = null;
      else tm.at = next;
      sendSignal(k, p, null, kernelInfo(SIGNAL_OF[which]));
    }
    if (p.posixTimers.size) firePosixTimers(k, p);
    if (!anyArmed(p)) k.timed.delete(p);
  }
}

/** The virtual-clock time of the next ITIMER_REAL expiry (Infinity: none armed). */
export function nextRealExpiry(k: Kernel): number {
  let next = Infinity;
  for (const p of k.timed) {
    if (p.state !== 'alive') continue;
    const tm = p.itimers[ITIMER_REAL];
    if (tm && tm.at < next) next = tm.at;
    if (p.posixTimers.size) next = Math.min(next, nextPosixExpiry(p));
  }
  return next;
}
