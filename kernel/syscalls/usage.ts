// Resource usage and system figures: getrusage, times, sysinfo (the accounting is in
// kernel/rusage.ts).
import { EFAULT, EINVAL } from '../abi/errno.js';
import { structLayout } from '../abi/structs.js';
import type { SyscallImpl } from '../dispatch.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';
import { NS } from '../clock.js';
import { rusageBytes, selfUsage, ticks, type Usage } from '../rusage.js';

const RUSAGE_SELF = 0;
const RUSAGE_CHILDREN = -1;
const RUSAGE_THREAD = 1;

function usageOf(k: Kernel, t: Task, who: number): Usage | null {
  const p = t.proc;
  const running = k.unchargedUserNs(t);
  switch (who) {
    case RUSAGE_SELF: return selfUsage(p, running);
    case RUSAGE_CHILDREN: return { utimeNs: p.cutimeNs, stimeNs: p.cstimeNs, maxRss: p.cmaxRss };
    case RUSAGE_THREAD: return { ...selfUsage(p), utimeNs: t.utimeNs + running, stimeNs: t.stimeNs };
    default: return null;
  }
}

export const getrusage: SyscallImpl = (k, t, a) => {
  const u = usageOf(k, t, a.int(0));
  if (!u) return -EINVAL;
  return t.proc.mm.engine.write(a.ptr(1), rusageBytes(k, u)) ? 0 : -EFAULT;
};

/** times: the caller's and its reaped children's CPU times in clock ticks; returns the ticks since boot. */
export const times: SyscallImpl = (k, t, a) => {
  const p = t.proc;
  if (a.ptr(0)) {
    const b = structLayout('tms', k.arch).encode({
      tms_utime: ticks(p.utimeNs + k.unchargedUserNs(t)), tms_stime: ticks(p.stimeNs), tms_cutime: ticks(p.cutimeNs), tms_cstime: ticks(p.cstimeNs),
    });
    if (!p.mm.engine.write(a.ptr(0), b)) return -EFAULT;
  }
  return ticks(k.clockNs);
};

/**
 * sysinfo: uptime from the virtual clock (whole seconds, rounded up as Linux does), memory from
 * the run's own limit (--memory-limit) and what the guests' touched pages take of it, no swap,
 * no load, `procs` the tasks that exist (threads and unreaped zombies, as Linux's nr_threads).
 * Sizes in bytes: mem_unit 1, as a 64-bit Linux reports them.
 */
export const sysinfo: SyscallImpl = (k, t, a) => {
  const { limit, used } = k.memoryUse();
  const b = structLayout('sysinfo', k.arch).encode({
    uptime: Math.ceil(k.clockNs / NS), loads: [0, 0, 0], totalram: limit, freeram: Math.max(0, limit - used),
    sharedram: 0, bufferram: 0, totalswap: 0, freeswap: 0, procs: Math.min(k.taskCount(), 0xffff), pad: 0,
    totalhigh: 0, freehigh: 0, mem_unit: 1,
  });
  return t.proc.mm.engine.write(a.ptr(0), b) ? 0 : -EFAULT;
};
