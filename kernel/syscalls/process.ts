// Process identity and ending: exit, exit_group, getpid/getppid/gettid, set_tid_address,
// arch_prctl (x86_64's thread pointer), sched_yield, and the CPU affinity of a machine with one
// CPU (tricorn runs one task at a time).
import { EFAULT, EINVAL, ESRCH } from '../abi/errno.js';
import type { SyscallImpl } from '../dispatch.js';
import { NO_RESULT } from '../task.js';
import { writeU64 } from '../uaccess.js';
import { ARCH_GET_FS, ARCH_SET_FS } from '../abi/flags.js';

export const exit: SyscallImpl = (k, t, a) => {
  k.exitTask(t, (a.int(0) & 0xff) << 8);
  return NO_RESULT;
};

export const exit_group: SyscallImpl = (k, t, a) => {
  k.exitGroup(t.proc, (a.int(0) & 0xff) << 8);
  return NO_RESULT;
};

/** Pids answer in the caller's namespace; a process outside it reads as 0. */
export const getpid: SyscallImpl = (k, t) => t.proc.pid.nrIn(k.nsOf(t));
export const gettid: SyscallImpl = (k, t) => t.pid.nrIn(k.nsOf(t));
export const getppid: SyscallImpl = (k, t) => {
  const parent = t.proc.parent;
  return parent ? parent.pid.nrIn(k.nsOf(t)) : 0;
};

export const set_tid_address: SyscallImpl = (k, t, a) => {
  t.clearChildTid = a.ptr(0) < 0 ? 0 : a.ptr(0);
  return t.pid.nrIn(k.nsOf(t));
};

export const sched_yield: SyscallImpl = (k) => {
  k.needResched = true;
  return 0;
};


/** Only x86_64's table names arch_prctl; its thread pointer is the descriptor's (FS base). */
/**
 * riscv_flush_icache(start, end, flags): the guest's stores to code are seen at the next fetch
 * by the engine's own invalidation (all but a store through a second mapping of the same
 * shared memory: docs/unicorn.md), so there is nothing to flush; only flags are checked
 * (SYS_RISCV_FLUSH_ICACHE_LOCAL is the one Linux knows). glibc's __riscv_flush_icache, and so
 * GCC's __builtin___clear_cache, makes this call after writing code.
 */
export const riscv_flush_icache: SyscallImpl = (_k, _t, a) => (a.u64(2) & ~1 ? -EINVAL : 0);

export const arch_prctl: SyscallImpl = (k, t, a) => {
  const engine = t.proc.mm.engine;
  const tp = k.arch.regs.threadPointer;
  switch (a.int(0)) {
    case ARCH_SET_FS:
      if (a.ptr(1) < 0) return -EINVAL;
      engine.setReg(tp, a.big(1));
      return 0;
    case ARCH_GET_FS:
      return writeU64(engine, a.ptr(1), Number(engine.getReg(tp))) ? 0 : -EFAULT;
    default:
      return -EINVAL;
  }
};

/** The affinity mask's size: one unsigned long (cpumask_size() with nr_cpu_ids = 1). */
const CPUMASK_BYTES = 8;

/** sched_getaffinity(pid, len, mask): CPU 0 only; the bytes copied are the result. */
export const sched_getaffinity: SyscallImpl = (k, t, a) => {
  const len = a.u64(1);
  if (len < CPUMASK_BYTES || len % 8 !== 0) return -EINVAL;
  // A thread id of the caller's namespace (0: the caller).
  const pid = a.int(0);
  const p = pid === 0 ? t.pid : k.nsOf(t).used.get(pid);
  if (!p || !k.tasks.some((x) => x.pid === p)) return -ESRCH;
  const mask = new Uint8Array(CPUMASK_BYTES);
  mask[k.arch.endian === 'little' ? 0 : CPUMASK_BYTES - 1] = 1;
  return t.proc.mm.engine.write(a.ptr(2), mask) ? CPUMASK_BYTES : -EFAULT;
};
