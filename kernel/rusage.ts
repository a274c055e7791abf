// Resource usage, as getrusage, times and wait4 report it. CPU time is the virtual clock's: a
// thread's scheduling slices are its user time and its system calls its system time
// (kernel/kernel.ts). ru_maxrss is the largest resident size an address space of the process
// reached, from the engine's count of touched memory; a reaped child's usage adds to its
// parent's RUSAGE_CHILDREN, as wait_task_zombie does.
import { structLayout } from './abi/structs.js';
import type { Kernel } from './kernel.js';
import type { Process } from './task.js';
import { NS } from './clock.js';

/** USER_HZ: the clock ticks times() and /proc count in. */
export const USER_HZ = 100;

export interface Usage { utimeNs: number; stimeNs: number; maxRss: number }

const timeval = (ns: number) => ({ tv_sec: Math.floor(ns / NS), tv_usec: Math.floor((ns % NS) / 1000) });

/** A struct rusage for this ABI: the times, ru_maxrss in KiB, every count zero (none is kept). */
export function rusageBytes(k: Kernel, u: Usage): Uint8Array {
  return structLayout('rusage', k.arch).encode({
    ru_utime: timeval(u.utimeNs), ru_stime: timeval(u.stimeNs), ru_maxrss: Math.floor(u.maxRss / 1024),
  });
}

/**
 * The process's own usage: the live address space counts towards its largest size, and the
 * slice its caller is running (`runningNs`) towards its user time.
 */
export function selfUsage(p: Process, runningNs = 0): Usage {
  const live = p.state === 'alive' ? p.mm.engine.peakResident() : 0;
  return { utimeNs: p.utimeNs + runningNs, stimeNs: p.stimeNs, maxRss: Math.max(p.maxRss, live) };
}

/** What wait4 reports of a child and getrusage(RUSAGE_BOTH) would: its own usage plus its reaped children's. */
export function childUsage(p: Process): Usage {
  const u = selfUsage(p);
  return { utimeNs: u.utimeNs + p.cutimeNs, stimeNs: u.stimeNs + p.cstimeNs, maxRss: Math.max(u.maxRss, p.cmaxRss) };
}

/** wait_task_zombie: a reaped child's usage (with its children's) adds to the parent's RUSAGE_CHILDREN. */
export function accountReaped(parent: Process, child: Process): void {
  const u = childUsage(child);
  parent.cutimeNs += u.utimeNs;
  parent.cstimeNs += u.stimeNs;
  parent.cmaxRss = Math.max(parent.cmaxRss, u.maxRss);
}

/** Nanoseconds as clock ticks (USER_HZ). */
export const ticks = (ns: number) => Math.floor((ns * USER_HZ) / NS);
