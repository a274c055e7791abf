// The virtual clock's fixed points and timespec access in guest memory.
import type { CpuEngine } from '../emu/engine.js';
import { EFAULT, EINVAL } from './abi/errno.js';
import { structLayout } from './abi/structs.js';
import { readScalar } from './abi/struct.js';

export const NS = 1e9;

/**
 * CLOCK_REALTIME at boot, in seconds: 2026-01-01T00:00:00Z. Kept in seconds because wall-clock
 * nanoseconds exceed 2^53; the virtual clock itself counts nanoseconds since boot.
 */
export const BOOT_REALTIME_SEC = 1767225600;

/**
 * A timespec at addr as nanoseconds after `epochSec` seconds (0 for durations, BOOT_REALTIME_SEC
 * for absolute wall-clock times), or -errno: EFAULT, or EINVAL for a negative or malformed one.
 * Absolute times before the epoch come back clamped to 0 (already past).
 */
export function readTimespec(engine: CpuEngine, addr: number, epochSec = 0): number {
  const L = structLayout('timespec', engine.arch);
  const b = engine.read(addr, L.size);
  if (!b) return -EFAULT;
  const sec = L.get(b, 'tv_sec');
  const nsec = L.get(b, 'tv_nsec');
  if (nsec < 0 || nsec >= NS || sec < 0 || sec > 0x7fffffffffff) return -EINVAL;
  return Math.max(0, (sec - epochSec) * NS + nsec);
}

/** Store `ns` nanoseconds after `epochSec` seconds as a timespec. */
export function writeTimespec(engine: CpuEngine, addr: number, ns: number, epochSec = 0): boolean {
  const bytes = structLayout('timespec', engine.arch).encode({ tv_sec: epochSec + Math.floor(ns / NS), tv_nsec: ns % NS });
  return engine.write(addr, bytes);
}


/**
 * A timer due at `at` with period `interval` (0: once) that the clock has reached (`now` >=
 * `at`): how many expirations that is, and when the next falls (Infinity: none).
 */
export function expirations(at: number, interval: number, now: number): { count: number; next: number } {
  if (interval <= 0) return { count: 1, next: Infinity };
  const count = Math.floor((now - at) / interval) + 1;
  return { count, next: at + count * interval };
}

/**
 * An itimerspec at addr as nanoseconds, or -EFAULT, or -EINVAL for a timespec that is
 * negative or has nanoseconds out of range (itimerspec64_valid; no upper bound on seconds).
 */
export function readItimerspec(engine: CpuEngine, addr: number): { value: number; interval: number } | number {
  const L = structLayout('itimerspec', engine.arch);
  const b = engine.read(addr, L.size);
  if (!b) return -EFAULT;
  const field = (f: string) => { const at = L.locate(f); return readScalar(b, at.offset, at.size, true, engine.arch.endian === 'little'); };
  const ns: number[] = [];
  for (const f of ['it_value', 'it_interval']) {
    const sec = field(`${f}.tv_sec`), nsec = field(`${f}.tv_nsec`);
    if (sec < 0 || nsec < 0 || nsec >= NS) return -EINVAL;
    ns.push(sec * NS + nsec);
  }
  return { value: ns[0], interval: ns[1] };
}

/** Store a time left and a period (nanoseconds) as an itimerspec. */
export function writeItimerspec(engine: CpuEngine, addr: number, v: { value: number; interval: number }): boolean {
  const ts = (ns: number) => ({ tv_sec: Math.floor(ns / NS), tv_nsec: ns % NS });
  return engine.write(addr, structLayout('itimerspec', engine.arch).encode({ it_interval: ts(v.interval), it_value: ts(v.value) }));
}

/**
 * Where on its clock a timer set to `value` ns (not 0) fires: `now` + value, or with
 * TIMER_ABSTIME the point itself, a wall clock's counted from `epochSec` (one already past
 * is 1: due at once).
 */
export function expiryPoint(value: number, absolute: boolean, epochSec: number, now: number): number {
  return absolute ? Math.max(1, value - epochSec * NS) : now + value;
}
