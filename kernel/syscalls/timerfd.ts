// timerfd_create, timerfd_settime, timerfd_gettime (the timer: kernel/fs/timerfd.ts), checked
// in fs/timerfd.c's order: the clock and flags, then the new value (EFAULT, EINVAL for a bad
// timespec), then the descriptor (EBADF, EINVAL when it is not a timerfd).
import { EBADF, EFAULT, EINVAL } from '../abi/errno.js';
import { O_CLOEXEC, O_NONBLOCK } from '../abi/flags.js';
import { structLayout } from '../abi/structs.js';
import { readScalar } from '../abi/struct.js';
import { NS } from '../clock.js';
import type { SyscallImpl } from '../dispatch.js';
import { nofile } from '../fs/fdtable.js';
import { TimerFd } from '../fs/timerfd.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';

const CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_BOOTTIME = 7, CLOCK_REALTIME_ALARM = 8, CLOCK_BOOTTIME_ALARM = 9;
const CLOCKS = new Set([CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME, CLOCK_REALTIME_ALARM, CLOCK_BOOTTIME_ALARM]);
const REALTIME = new Set([CLOCK_REALTIME, CLOCK_REALTIME_ALARM]);
const TFD_TIMER_ABSTIME = 1, TFD_TIMER_CANCEL_ON_SET = 2;

export const timerfd_create: SyscallImpl = (k, t, a) => {
  const clockid = a.int(0), flags = a.int(1);
  if (flags & ~(O_CLOEXEC | O_NONBLOCK) || !CLOCKS.has(clockid)) return -EINVAL;
  const f = new TimerFd(clockid, () => k.clockNs, k.arch.endian === 'little').file(flags & O_NONBLOCK);
  const fd = t.proc.files.alloc(f, (flags & O_CLOEXEC) !== 0, nofile(t));
  if (fd < 0) f.get().put();
  return fd;
};

function timerOf(t: Task, fd: number): TimerFd | number {
  const f = t.proc.files.get(fd);
  if (!f) return -EBADF;
  return f.ops.timer ?? -EINVAL;
}

/** An itimerspec of durations in nanoseconds. */
function writeItimerspec(k: Kernel, t: Task, addr: number, v: { value: number; interval: number }): boolean {
  const ts = (ns: number) => ({ tv_sec: Math.floor(ns / NS), tv_nsec: ns % NS });
  return t.proc.mm.engine.write(addr, structLayout('itimerspec', k.arch).encode({ it_interval: ts(v.interval), it_value: ts(v.value) }));
}

export const timerfd_settime: SyscallImpl = (k, t, a) => {
  const flags = a.int(1);
  const L = structLayout('itimerspec', k.arch);
  const b = t.proc.mm.engine.read(a.ptr(2), L.size);
  if (!b) return -EFAULT;
  const little = k.arch.endian === 'little';
  const field = (f: string) => { const at = L.locate(f); return readScalar(b, at.offset, at.size, true, little); };
  const sec = (f: string) => field(`${f}.tv_sec`), nsec = (f: string) => field(`${f}.tv_nsec`);
  for (const f of ['it_interval', 'it_value']) if (sec(f) < 0 || nsec(f) < 0 || nsec(f) >= NS) return -EINVAL;
  if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) return -EINVAL;
  const timer = timerOf(t, a.int(0));
  if (typeof timer === 'number') return timer;
  let value = sec('it_value') * NS + nsec('it_value');
  const interval = sec('it_interval') * NS + nsec('it_interval');
  if (value !== 0) {
    // An absolute time is a point on the timer's clock: the wall clocks count from the boot's date.
    if (flags & TFD_TIMER_ABSTIME) value = Math.max(1, value - (REALTIME.has(timer.clockid) ? k.bootRealtimeSec * NS : 0));
    else value += k.clockNs;
  }
  const old = timer.set(value, interval);
  if (a.ptr(3) && !writeItimerspec(k, t, a.ptr(3), old)) return -EFAULT;
  return 0;
};

export const timerfd_gettime: SyscallImpl = (k, t, a) => {
  const timer = timerOf(t, a.int(0));
  if (typeof timer === 'number') return timer;
  return writeItimerspec(k, t, a.ptr(1), timer.get()) ? 0 : -EFAULT;
};
