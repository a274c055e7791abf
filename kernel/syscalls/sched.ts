// Scheduling attributes that programs set and read back: the nice value (getpriority,
// setpriority), the policy and its priority (sched_setscheduler, sched_getscheduler,
// sched_setparam, sched_getparam, the priority ranges, sched_rr_get_interval), CPU
// affinity and getcpu. tricorn runs every task on one CPU in one deterministic round-robin,
// so these are kept and answered as Linux would (its checks, its ranges) and change nothing.
import { EACCES, EFAULT, EINVAL, EPERM, ESRCH } from '../abi/errno.js';
import type { SyscallImpl } from '../dispatch.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';
import { readU32, writeU32 } from '../uaccess.js';
import { writeTimespec } from '../clock.js';
import { CAP_SYS_NICE } from '../creds.js';

const PRIO_PROCESS = 0, PRIO_PGRP = 1, PRIO_USER = 2;
const SCHED_OTHER = 0, SCHED_FIFO = 1, SCHED_RR = 2, SCHED_BATCH = 3, SCHED_IDLE = 5, SCHED_DEADLINE = 6;
const SCHED_RESET_ON_FORK = 0x40000000;
/** sched_rr_get_interval's answer: Linux's RR timeslice (100 ms) for SCHED_RR, and what CFS reports otherwise here (one slice). */
const RR_TIMESLICE_NS = 100_000_000;

/** The tasks a (which, who) pair names, or -errno. */
function targets(k: Kernel, t: Task, which: number, who: number): Task[] | number {
  if (which === PRIO_PROCESS) {
    const x = k.liveTask(t, who);
    return x ? [x] : -ESRCH;
  }
  if (which === PRIO_PGRP) {
    const g = who === 0 ? t.proc.pgrp : k.nsOf(t).used.get(who);
    const l = k.tasks.filter((x) => x.state !== 'dead' && g && x.proc.pgrp === g);
    return l.length ? l : -ESRCH;
  }
  if (which === PRIO_USER) {
    const uid = who === 0 ? t.proc.cred.uid : who;
    const l = k.tasks.filter((x) => x.state !== 'dead' && x.proc.cred.uid === uid);
    return l.length ? l : -ESRCH;
  }
  return -EINVAL;
}

/** getpriority: 20 - nice of the highest-priority target (the kernel's form; glibc turns it back into a nice value). */
export const getpriority: SyscallImpl = (k, t, a) => {
  const l = targets(k, t, a.int(0), a.int(1));
  if (typeof l === 'number') return l;
  return Math.max(...l.map((x) => 20 - x.nice));
};

/** setpriority: the nice value clamped to -20..19; lowering it needs root (EACCES). */
export const setpriority: SyscallImpl = (k, t, a) => {
  const l = targets(k, t, a.int(0), a.int(1));
  if (typeof l === 'number') return l;
  const nice = Math.min(19, Math.max(-20, a.int(2)));
  for (const x of l) {
    if (nice < x.nice && !t.proc.cred.capable(CAP_SYS_NICE)) return -EACCES;
    x.nice = nice;
  }
  return 0;
};

const priorityRange = (policy: number): [number, number] | null =>
  policy === SCHED_FIFO || policy === SCHED_RR ? [1, 99]
    : policy === SCHED_OTHER || policy === SCHED_BATCH || policy === SCHED_IDLE || policy === SCHED_DEADLINE ? [0, 0] : null;

export const sched_get_priority_max: SyscallImpl = (_k, _t, a) => priorityRange(a.int(0))?.[1] ?? -EINVAL;
export const sched_get_priority_min: SyscallImpl = (_k, _t, a) => priorityRange(a.int(0))?.[0] ?? -EINVAL;

export const sched_getscheduler: SyscallImpl = (k, t, a) => {
  if (a.int(0) < 0) return -EINVAL;
  return k.liveTask(t, a.int(0))?.policy ?? -ESRCH;
};

/** sched_setscheduler / sched_setparam (policy -1: keep the task's). */
function setScheduler(k: Kernel, t: Task, pid: number, policy: number, paramAddr: number): number {
  if (pid < 0 || !paramAddr) return -EINVAL;
  const prio = readU32(t.proc.mm.engine, paramAddr);
  if (prio === null) return -EFAULT;
  const x = k.liveTask(t, pid);
  if (!x) return -ESRCH;
  const p = policy === -1 ? x.policy : policy & ~SCHED_RESET_ON_FORK;
  const range = p === SCHED_DEADLINE ? null : priorityRange(p);
  if (!range || (prio | 0) < range[0] || (prio | 0) > range[1]) return -EINVAL;
  if (range[1] > 0 && !t.proc.cred.capable(CAP_SYS_NICE)) return -EPERM;
  x.policy = p;
  x.rtPriority = prio | 0;
  return 0;
}

export const sched_setscheduler: SyscallImpl = (k, t, a) => setScheduler(k, t, a.int(0), a.int(1), a.ptr(2));
export const sched_setparam: SyscallImpl = (k, t, a) => setScheduler(k, t, a.int(0), -1, a.ptr(1));

export const sched_getparam: SyscallImpl = (k, t, a) => {
  if (a.int(0) < 0 || !a.ptr(1)) return -EINVAL;
  const x = k.liveTask(t, a.int(0));
  if (!x) return -ESRCH;
  return writeU32(t.proc.mm.engine, a.ptr(1), x.rtPriority) ? 0 : -EFAULT;
};

export const sched_rr_get_interval: SyscallImpl = (k, t, a) => {
  if (a.int(0) < 0) return -EINVAL;
  const x = k.liveTask(t, a.int(0));
  if (!x) return -ESRCH;
  return writeTimespec(t.proc.mm.engine, a.ptr(1), x.policy === SCHED_FIFO ? 0 : RR_TIMESLICE_NS) ? 0 : -EFAULT;
};

/** sched_setaffinity: the one CPU must be in the mask (EINVAL otherwise). */
export const sched_setaffinity: SyscallImpl = (k, t, a) => {
  const len = a.u64(1);
  const x = k.liveTask(t, a.int(0));
  if (!x) return -ESRCH;
  if (len === 0) return -EINVAL;
  const b = t.proc.mm.engine.read(a.ptr(2), Math.min(len, 8));
  if (!b) return -EFAULT;
  // CPU 0 is bit 0 of the first unsigned long, in the guest's byte order.
  const first = k.arch.endian === 'little' ? b[0] : len >= 8 ? b[7] : 0;
  return first & 1 ? 0 : -EINVAL;
};

/** getcpu(cpu, node, tcache): CPU 0 of node 0. */
export const getcpu: SyscallImpl = (_k, t, a) => {
  const engine = t.proc.mm.engine;
  if (a.ptr(0) && !writeU32(engine, a.ptr(0), 0)) return -EFAULT;
  if (a.ptr(1) && !writeU32(engine, a.ptr(1), 0)) return -EFAULT;
  return 0;
};
