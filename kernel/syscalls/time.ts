// Time on a virtual clock: it advances with the work the guest does (a fixed step per
// scheduling slice and per syscall), never with the host's clock, so runs repeat exactly.
// Sleeping tasks are woken when the clock reaches their deadline; when every task sleeps the
// clock jumps straight to the earliest deadline.
import { EFAULT, EINVAL } from '../abi/errno.js';
import type { SyscallImpl } from '../dispatch.js';
import { BLOCK } from '../task.js';
import { ERESTART_RESTARTBLOCK } from '../abi/errno.js';
import { writeU64 } from '../uaccess.js';
import { structLayout } from '../abi/structs.js';
import { NS, readTimespec, writeTimespec } from '../clock.js';

const CLOCK_REALTIME = 0;
const CLOCK_MONOTONIC = 1;
const CLOCK_PROCESS_CPUTIME_ID = 2;
const CLOCK_THREAD_CPUTIME_ID = 3;
const CLOCK_MONOTONIC_RAW = 4;
const CLOCK_REALTIME_COARSE = 5;
const CLOCK_MONOTONIC_COARSE = 6;
const CLOCK_BOOTTIME = 7;
const TIMER_ABSTIME = 1;

const REALTIME = new Set([CLOCK_REALTIME, CLOCK_REALTIME_COARSE]);
const KNOWN = new Set([CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID,
  CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME]);

/** The wall clocks count from the boot's wall-clock time; the others from boot. */
function epochOf(k: Parameters<SyscallImpl>[0], id: number): number {
  return REALTIME.has(id) ? k.bootRealtimeSec : 0;
}

/**
 * What a clock reads: the CPU-time clocks count the CPU time charged to the process (all its
 * threads) or the calling thread, as getrusage reports it, so sleeping does not advance them;
 * every other clock is the virtual clock.
 */
function clockValueNs(k: Parameters<SyscallImpl>[0], t: Parameters<SyscallImpl>[1], id: number): number {
  const running = k.unchargedUserNs(t);
  if (id === CLOCK_PROCESS_CPUTIME_ID) return t.proc.utimeNs + t.proc.stimeNs + running;
  if (id === CLOCK_THREAD_CPUTIME_ID) return t.utimeNs + t.stimeNs + running;
  return k.clockNs;
}

export const clock_gettime: SyscallImpl = (k, t, a) => {
  const id = a.int(0);
  if (!KNOWN.has(id)) return -EINVAL;
  return writeTimespec(t.proc.mm.engine, a.ptr(1), clockValueNs(k, t, id), epochOf(k, id)) ? 0 : -EFAULT;
};

export const clock_getres: SyscallImpl = (_k, t, a) => {
  if (!KNOWN.has(a.int(0))) return -EINVAL;
  if (!a.ptr(1)) return 0;
  return writeTimespec(t.proc.mm.engine, a.ptr(1), 1) ? 0 : -EFAULT;
};

export const gettimeofday: SyscallImpl = (k, t, a) => {
  const tv = structLayout('timeval', k.arch).encode({
    tv_sec: k.bootRealtimeSec + Math.floor(k.clockNs / NS), tv_usec: Math.floor((k.clockNs % NS) / 1000),
  });
  if (a.ptr(0) && !t.proc.mm.engine.write(a.ptr(0), tv)) return -EFAULT;
  return 0;
};

export const time: SyscallImpl = (k, t, a) => {
  const sec = k.bootRealtimeSec + Math.floor(k.clockNs / NS);
  if (a.ptr(0) && !writeU64(t.proc.mm.engine, a.ptr(0), sec)) return -EFAULT;
  return sec;
};

/** Sleep until the virtual clock reaches `deadline` (in the clock's own terms: clockNs). */
function sleepUntil(k: Parameters<SyscallImpl>[0], t: Parameters<SyscallImpl>[1], deadline: number, rem = 0): number {
  if (k.clockNs >= deadline) return 0;
  t.wakeAt = deadline;
  // Interrupted by a handler: EINTR, with the time left stored in *rem (if given).
  t.restartCode = ERESTART_RESTARTBLOCK;
  t.onInterrupt = () => { if (rem) writeTimespec(t.proc.mm.engine, rem, Math.max(0, deadline - k.clockNs)); };
  // restart_syscall sleeps on to the same deadline (hrtimer_nanosleep_restart).
  t.restartBlock = () => sleepUntil(k, t, deadline, rem);
  t.retry = () => {
    if (k.clockNs < deadline) return BLOCK;
    t.wakeAt = Infinity;
    return 0;
  };
  return BLOCK;
}

export const nanosleep: SyscallImpl = (k, t, a) => {
  const ns = readTimespec(t.proc.mm.engine, a.ptr(0));
  if (ns < 0) return ns;
  return sleepUntil(k, t, k.clockNs + ns, a.ptr(1));
};

export const clock_nanosleep: SyscallImpl = (k, t, a) => {
  const id = a.int(0);
  if (!KNOWN.has(id) || id === CLOCK_THREAD_CPUTIME_ID) return -EINVAL;
  const abs = (a.int(1) & TIMER_ABSTIME) !== 0;
  const ns = readTimespec(t.proc.mm.engine, a.ptr(2), abs ? epochOf(k, id) : 0);
  if (ns < 0) return ns;
  return sleepUntil(k, t, abs ? ns : k.clockNs + ns, abs ? 0 : a.ptr(3));
};
