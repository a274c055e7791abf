// Interval timers: getitimer, setitimer, alarm (x86_64's table has it; elsewhere glibc's alarm
// is setitimer). The timers themselves are kernel/itimer.ts.
import { EFAULT, EINVAL } from '../abi/errno.js';
import { structLayout } from '../abi/structs.js';
import type { SyscallImpl } from '../dispatch.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';
import { ITIMER_PROF, ITIMER_REAL, itimerGet, itimerSet } from '../itimer.js';

const US = 1000;
const SEC = 1e9;

function encodeItimerval(k: Kernel, value: number, interval: number): Uint8Array {
  const tv = (ns: number) => ({ tv_sec: Math.floor(ns / SEC), tv_usec: Math.floor((ns % SEC) / US) });
  return structLayout('itimerval', k.arch).encode({ it_interval: tv(interval), it_value: tv(value) });
}

/** An itimerval from the guest as [value, interval] in ns, or -errno (EFAULT; EINVAL out of range). */
function readItimerval(k: Kernel, t: Task, addr: number): [number, number] | number {
  const L = structLayout('itimerval', k.arch);
  const T = structLayout('timeval', k.arch);
  const b = t.proc.mm.engine.read(addr, L.size);
  if (!b) return -EFAULT;
  const out: number[] = [];
  for (const m of ['it_value', 'it_interval']) {
    const sec = T.get(b, 'tv_sec', L.offsetOf(m)), usec = T.get(b, 'tv_usec', L.offsetOf(m));
    if (sec < 0 || usec < 0 || usec >= 1e6 || sec > 0x7fffffff) return -EINVAL;
    out.push(sec * SEC + usec * US);
  }
  return [out[0], out[1]];
}

const validWhich = (which: number) => which >= ITIMER_REAL && which <= ITIMER_PROF;

export const getitimer: SyscallImpl = (k, t, a) => {
  const which = a.int(0);
  if (!validWhich(which)) return -EINVAL;
  const { value, interval } = itimerGet(k, t.proc, which);
  return t.proc.mm.engine.write(a.ptr(1), encodeItimerval(k, value, interval)) ? 0 : -EFAULT;
};

export const setitimer: SyscallImpl = (k, t, a) => {
  const which = a.int(0);
  if (!validWhich(which)) return -EINVAL;
  // A null new value disarms, as Linux still allows.
  const next = a.ptr(1) ? readItimerval(k, t, a.ptr(1)) : [0, 0] as [number, number];
  if (typeof next === 'number') return next;
  if (a.ptr(2)) {
    const old = itimerGet(k, t.proc, which);
    if (!t.proc.mm.engine.write(a.ptr(2), encodeItimerval(k, old.value, old.interval))) return -EFAULT;
  }
  itimerSet(k, t.proc, which, next[0], next[0] > 0 ? next[1] : 0);
  return 0;
};

/** alarm(seconds): ITIMER_REAL once; returns the seconds left of the previous one, rounded as Linux's alarm_setitimer. */
export const alarm: SyscallImpl = (k, t, a) => {
  const old = itimerGet(k, t.proc, ITIMER_REAL).value;
  itimerSet(k, t.proc, ITIMER_REAL, a.u32(0) * SEC, 0);
  let secs = Math.floor(old / SEC);
  const ns = old % SEC;
  if ((secs === 0 && ns > 0) || ns >= SEC / 2) secs++;
  return secs;
};
