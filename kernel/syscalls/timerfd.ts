// timerfd_create, timerfd_settime, timerfd_gettime (the timer: kernel/fs/timerfd.ts), checked
// in fs/timerfd.c's order: the clock and flags, then the new value (EFAULT, EINVAL for a bad
// timespec), then the descriptor (EBADF, EINVAL when it is not a timerfd).
import { EBADF, EFAULT, EINVAL } from '../abi/errno.js';
import { O_CLOEXEC, O_NONBLOCK } from '../abi/flags.js';
import { expiryPoint, readItimerspec, writeItimerspec } from '../clock.js';
import type { SyscallImpl } from '../dispatch.js';
import { installNew } from '../fs/fdtable.js';
import { TimerFd } from '../fs/timerfd.js';
import type { Task } from '../task.js';

const CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_BOOTTIME = 7, CLOCK_REALTIME_ALARM = 8, CLOCK_BOOTTIME_ALARM = 9;
const CLOCKS = new Set([CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME, CLOCK_REALTIME_ALARM, CLOCK_BOOTTIME_ALARM]);
const REALTIME = new Set([CLOCK_REALTIME, CLOCK_REALTIME_ALARM]);
const TFD_TIMER_ABSTIME = 1, TFD_TIMER_CANCEL_ON_SET = 2;

export const timerfd_create: SyscallImpl = (k, t, a) => {
  const clockid = a.int(0), flags = a.int(1);
  if (flags & ~(O_CLOEXEC | O_NONBLOCK) || !CLOCKS.has(clockid)) return -EINVAL;
  const f = new TimerFd(clockid, () => k.clockNs, k.arch.endian === 'little').file(flags & O_NONBLOCK);
  return installNew(t, f, (flags & O_CLOEXEC) !== 0);
};

function timerOf(t: Task, fd: number): TimerFd | number {
  const f = t.proc.files.get(fd);
  if (!f) return -EBADF;
  return f.ops.timer ?? -EINVAL;
}

export const timerfd_settime: SyscallImpl = (k, t, a) => {
  const flags = a.int(1);
  const spec = readItimerspec(t.proc.mm.engine, a.ptr(2));
  if (typeof spec === 'number') return spec;
  if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) return -EINVAL;
  const timer = timerOf(t, a.int(0));
  if (typeof timer === 'number') return timer;
  const { value, interval } = spec;
  // An absolute time is a point on the timer's clock: the wall clocks count from the boot's date.
  const epoch = REALTIME.has(timer.clockid) ? k.bootRealtimeSec : 0;
  const old = timer.set(value && expiryPoint(value, (flags & TFD_TIMER_ABSTIME) !== 0, epoch, k.clockNs), interval);
  if (a.ptr(3) && !writeItimerspec(t.proc.mm.engine, a.ptr(3), old)) return -EFAULT;
  return 0;
};

export const timerfd_gettime: SyscallImpl = (_k, t, a) => {
  const timer = timerOf(t, a.int(0));
  if (typeof timer === 'number') return timer;
  return writeItimerspec(t.proc.mm.engine, a.ptr(1), timer.get()) ? 0 : -EFAULT;
};
