// The virtual clock's fixed points and timespec access in guest memory.
import type { CpuEngine } from '../emu/engine.js';
import { EFAULT, EINVAL } from './abi/errno.js';
import { structLayout } from './abi/structs.js';

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

