// timer_create, timer_settime, timer_gettime, timer_getoverrun, timer_delete (the timers:
// kernel/posix-timers.ts), with posix-timers.c's checks: the clock, the sigevent (a signal in
// 1..64; SIGEV_THREAD_ID's thread in the caller's process; SIGEV_THREAD is glibc's, never the
// kernel's: EINVAL), an id of one of the caller's timers, valid timespecs.
import { EFAULT, EINVAL } from '../abi/errno.js';
import { readScalar } from '../abi/struct.js';
import { structLayout } from '../abi/structs.js';
import { expiryPoint, readItimerspec, writeItimerspec } from '../clock.js';
import type { SyscallImpl } from '../dispatch.js';
import { timersChanged } from '../itimer.js';
import type { Kernel } from '../kernel.js';
import {
  CLOCK_THREAD_CPUTIME_ID, SIGEV_NONE, SIGEV_SIGNAL, SIGEV_THREAD_ID, overrunOf, timerClock, type PosixTimer,
} from '../posix-timers.js';
import type { Task } from '../task.js';
import { writeU32 } from '../uaccess.js';

const CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2, CLOCK_BOOTTIME = 7,
  CLOCK_REALTIME_ALARM = 8, CLOCK_BOOTTIME_ALARM = 9, CLOCK_TAI = 11;
const CLOCKS = new Set([CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID,
  CLOCK_BOOTTIME, CLOCK_REALTIME_ALARM, CLOCK_BOOTTIME_ALARM, CLOCK_TAI]);
const WALL = new Set([CLOCK_REALTIME, CLOCK_REALTIME_ALARM, CLOCK_TAI]);
const SIGALRM = 14, NSIG = 64;
const TIMER_ABSTIME = 1;

export const timer_create: SyscallImpl = (k, t, a) => {
  const clockid = a.int(0);
  let notify = SIGEV_SIGNAL, signo = SIGALRM, value: bigint | null = null, thread: Task | null = null;
  if (a.ptr(1)) {
    const L = structLayout('sigevent', k.arch);
    const b = t.proc.mm.engine.read(a.ptr(1), L.size);
    if (!b) return -EFAULT;
    const at = (f: string) => { const l = L.locate(f); return readScalar(b, l.offset, l.size, true, k.arch.endian === 'little'); };
    notify = at('sigev_notify');
    signo = at('sigev_signo');
    value = BigInt.asUintN(64, BigInt(at('sigev_value.sival_ptr')));
    if (notify === SIGEV_THREAD_ID || notify === (SIGEV_THREAD_ID | SIGEV_SIGNAL)) {
      const tid = k.nsOf(t).used.get(at('_sigev_un._tid'));
      thread = t.proc.threads.find((x) => x.pid === tid && x.state !== 'dead') ?? null;
      if (!thread) return -EINVAL;
      notify = SIGEV_THREAD_ID;
    } else if (notify !== SIGEV_SIGNAL && notify !== SIGEV_NONE) {
      return -EINVAL;
    }
    if (notify !== SIGEV_NONE && (signo < 1 || signo > NSIG)) return -EINVAL;
  }
  if (!CLOCKS.has(clockid)) return -EINVAL;
  const id = t.proc.nextTimerId;
  // With no sigevent the signal is SIGALRM and its value the timer's id.
  const tm: PosixTimer = {
    id, clockid, notify, signo, value: value ?? BigInt(id), thread: thread ?? (clockid === CLOCK_THREAD_CPUTIME_ID ? t : null),
    at: Infinity, interval: 0, info: null, delivered: 0,
  };
  if (!writeU32(t.proc.mm.engine, a.ptr(2), id)) return -EFAULT;
  t.proc.nextTimerId++;
  t.proc.posixTimers.set(id, tm);
  return 0;
};

function timerOf(t: Task, id: number): PosixTimer | null {
  return t.proc.posixTimers.get(id) ?? null;
}

function writeSetting(k: Kernel, t: Task, addr: number, tm: PosixTimer): boolean {
  const now = timerClock(k, t.proc, tm.clockid, tm.thread);
  const left = tm.at === Infinity ? 0 : Math.max(1, tm.at - now);
  return writeItimerspec(t.proc.mm.engine, addr, { value: left, interval: tm.interval });
}

export const timer_settime: SyscallImpl = (k, t, a) => {
  if (!a.ptr(2)) return -EINVAL;
  const spec = readItimerspec(t.proc.mm.engine, a.ptr(2));
  // A bad pointer is EFAULT; a bad timespec, like a bad id, EINVAL.
  if (spec === -EFAULT) return spec;
  const tm = timerOf(t, a.int(0));
  if (!tm || typeof spec === 'number') return -EINVAL;
  if (a.ptr(3) && !writeSetting(k, t, a.ptr(3), tm)) return -EFAULT;
  const { value, interval } = spec;
  if (value === 0) {
    tm.at = Infinity;
    tm.interval = 0;
  } else {
    // An absolute wall-clock time counts from the boot's date.
    const epoch = WALL.has(tm.clockid) ? k.bootRealtimeSec : 0;
    tm.at = expiryPoint(value, (a.int(1) & TIMER_ABSTIME) !== 0, epoch, timerClock(k, t.proc, tm.clockid, tm.thread));
    tm.interval = interval;
  }
  tm.info = null;
  tm.delivered = 0;
  timersChanged(k, t.proc);
  return 0;
};

export const timer_gettime: SyscallImpl = (k, t, a) => {
  const tm = timerOf(t, a.int(0));
  if (!tm) return -EINVAL;
  return writeSetting(k, t, a.ptr(1), tm) ? 0 : -EFAULT;
};

export const timer_getoverrun: SyscallImpl = (_k, t, a) => {
  const tm = timerOf(t, a.int(0));
  return tm ? overrunOf(t.proc, tm) : -EINVAL;
};

export const timer_delete: SyscallImpl = (k, t, a) => {
  if (!t.proc.posixTimers.delete(a.int(0))) return -EINVAL;
  timersChanged(k, t.proc);
  return 0;
};
