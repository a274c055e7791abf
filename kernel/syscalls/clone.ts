// The clone family: legacy clone (per-arch argument order), clone2 (the RFC's struct and
// pids[] from the oldest namespace to the youngest) and clone3 (Linux's extensible clone_args
// with set_tid[] from the youngest namespace to the oldest). Each decodes its own form into a
// CloneRequest; kernel/process-create.ts does the rest.

import { structLayout, readCloneArgs } from '../abi/structs.js';
import { EFAULT, EINVAL, errnoName } from '../abi/errno.js';
import type { SyscallImpl } from '../dispatch.js';
import { childNamespaceLevel, createTask, type CloneRequest } from '../process-create.js';
import {
  CLONE_CLEAR_SIGHAND_HI, CLONE_DETACHED, CLONE_INTO_CGROUP_HI, CLONE_NEWPID, CLONE_NEWTIME, CLONE_PARENT,
  CLONE_SIGHAND, CLONE_THREAD, CLONE_VFORK, CLONE_VM, CSIGNAL,
} from '../abi/flags.js';
import { SIGCHLD } from '../signals.js';
import { MAX_PID_NS_LEVEL } from '../pidns.js';

/** Highest valid signal number (_NSIG). */
const NSIG = 64;

/** clone(flags, stack, parent_tid, child_tid, tls) in the arch's register order. */
export const clone: SyscallImpl = (k, t, a) => {
  const order = k.arch.syscall.cloneArgs;
  const arg = (name: (typeof order)[number]) => order.indexOf(name);
  const flags = a.lo(arg('flags'));
  return createTask(k, t, {
    flags: flags & ~CSIGNAL,
    exitSignal: flags & CSIGNAL,
    stack: Math.max(a.ptr(arg('stack')), 0),
    parentTid: a.ptr(arg('parent_tid')),
    childTid: a.ptr(arg('child_tid')),
    tls: a.big(arg('tls')),
    wanted: [],
    inUse: 'EEXIST',
    pidfd: a.ptr(arg('parent_tid')),
  });
};

/** fork and vfork (x86_64's and ppc64's tables have them; glibc calls clone, busybox vfork): clone's special cases. */
const plainClone = (flags: number): CloneRequest => ({
  flags, exitSignal: SIGCHLD, stack: 0, parentTid: 0, childTid: 0, tls: 0n, wanted: [], inUse: 'EEXIST', pidfd: 0,
});
export const fork: SyscallImpl = (k, t) => createTask(k, t, plainClone(0));
/** The parent sleeps until the child execs or exits; they share memory meanwhile. */
export const vfork: SyscallImpl = (k, t) => createTask(k, t, plainClone(CLONE_VM | CLONE_VFORK));

/**
 * clone2(cs, pids[, tls]). The RFC's struct has no TLS field; its x86-32 patch took the thread
 * pointer from a register, so tricorn takes it from the next free argument (the third) when
 * CLONE_SETTLS is set. Nor has it a pidfd field: CLONE_PIDFD stores to parent_tid, as clone's does.
 */
export const clone2: SyscallImpl = (k, t, a) => {
  const engine = t.proc.mm.engine;
  const layout = structLayout('clone_struct', k.arch);
  const cs = engine.read(a.ptr(0), layout.size);
  if (!k.rule(cs !== null, 'cs: the whole struct is readable', () => `${layout.size} bytes at 0x${a.ptr(0).toString(16)}`, 'EFAULT') || !cs) return -EFAULT;
  k.explain?.({ kind: 'read', what: 'cs', struct: 'clone_struct', addr: a.ptr(0), bytes: cs });
  // Unknown flag bits (the RFC widened flags to u64 to make room for more) and nonzero
  // reserved fields are refused, so that giving them meaning later breaks nobody.
  if (!k.rule(layout.getHi(cs, 'flags') === 0, 'flags has no bits above the low 32', () => `high half 0x${layout.getHi(cs, 'flags').toString(16)}`, 'EINVAL')) return -EINVAL;
  if (!k.rule(layout.get(cs, 'reserved1') === 0, 'reserved1 == 0', () => `reserved1 = ${layout.get(cs, 'reserved1')}`, 'EINVAL')) return -EINVAL;
  if (!k.rule(layout.getLo(cs, 'reserved2') === 0 && layout.getHi(cs, 'reserved2') === 0, 'reserved2 == 0', () => `reserved2 = 0x${layout.getBig(cs, 'reserved2').toString(16)}`, 'EINVAL')) return -EINVAL;
  const flags = layout.getLo(cs, 'flags');
  const exitSignal = flags & CSIGNAL;
  if (!k.rule(exitSignal <= NSIG, 'exit signal ≤ 64', () => `exit signal ${exitSignal}`, 'EINVAL')) return -EINVAL;

  // pids[] runs from the oldest namespace to the youngest and covers at most the caller's own
  // levels (0..L); fewer entries apply to the youngest of those. A new namespace made by
  // CLONE_NEWPID is below L: its first process is always pid 1.
  const callerLevel = k.nsOf(t).level;
  const nr = layout.get(cs, 'nr_pids');
  if (!k.rule(nr <= callerLevel + 1, 'nr_pids ≤ caller\'s level + 1', () => `nr_pids ${nr} ≤ ${callerLevel} + 1 = ${callerLevel + 1}`, 'EINVAL')) return -EINVAL;
  const wanted: (number | undefined)[] = [];
  if (nr > 0) {
    const raw = engine.read(a.ptr(1), nr * 4);
    if (!k.rule(raw !== null, 'pids[]: nr_pids entries are readable', () => `${nr * 4} bytes at 0x${a.ptr(1).toString(16)}`, 'EFAULT') || !raw) return -EFAULT;
    k.explain?.({ kind: 'read', what: 'pids', addr: a.ptr(1), bytes: raw });
    const first = callerLevel + 1 - nr;
    for (let j = 0; j < nr; j++) {
      const v = readPidAt(raw, j, k.arch.endian === 'little');
      wanted[first + j] = v === 0 ? undefined : v;
    }
  }
  // Only the caller's levels may be chosen (the bound above); a negative pid or one at or
  // above pid_max is EINVAL — allocPid checks level by level, youngest first, as for clone3.
  const childStack = layout.get(cs, 'child_stack');
  return createTask(k, t, {
    flags: flags & ~CSIGNAL,
    exitSignal,
    stack: childStack,
    parentTid: layout.get(cs, 'parent_tid'),
    childTid: layout.get(cs, 'child_tid'),
    tls: a.big(2),
    wanted,
    inUse: 'EBUSY',
    // The RFC's struct has no pidfd field: as with clone, CLONE_PIDFD stores to parent_tid.
    pidfd: layout.get(cs, 'parent_tid'),
  });
};

/** pid_t number i of a raw array in guest byte order. */
function readPidAt(raw: Uint8Array, i: number, little: boolean): number {
  return new DataView(raw.buffer, raw.byteOffset, raw.byteLength).getInt32(i * 4, little);
}

/** clone3 accepts the legacy 32 flag bits (less CSIGNAL and DETACHED), CLEAR_SIGHAND and INTO_CGROUP. */
export const clone3: SyscallImpl = (k, t, a) => {
  const engine = t.proc.mm.engine;
  const bytes = readCloneArgs(engine, a.ptr(0), Math.min(a.u64(1), 0x7fffffff), k.arch);
  k.rule(typeof bytes !== 'number', 'uargs: a known size, readable, zero past what the kernel knows (copy_struct_from_user)',
    () => `size ${a.u64(1)} at 0x${a.ptr(0).toString(16)}`, typeof bytes === 'number' ? errnoName(-bytes) : undefined);
  if (typeof bytes === 'number') return bytes;
  k.explain?.({ kind: 'read', what: 'uargs', struct: 'clone_args', addr: a.ptr(0), bytes });
  const L = structLayout('clone_args', k.arch);
  const hi = (f: string) => L.getHi(bytes, f);
  const lo = (f: string) => L.getLo(bytes, f);
  const hex = (n: number) => `0x${n.toString(16)}`;

  // copy_clone_args_from_user: exit_signal and set_tid bounds.
  if (!k.rule(hi('exit_signal') === 0 && lo('exit_signal') <= NSIG, 'exit_signal ≤ 64', () => `exit_signal ${L.getBig(bytes, 'exit_signal')}`, 'EINVAL')) return -EINVAL;
  const setTidSize = hi('set_tid_size') ? Infinity : lo('set_tid_size');
  if (!k.rule(setTidSize <= MAX_PID_NS_LEVEL, 'set_tid_size ≤ MAX_PID_NS_LEVEL', () => `set_tid_size ${setTidSize} ≤ ${MAX_PID_NS_LEVEL}`, 'EINVAL')) return -EINVAL;
  const setTid = L.get(bytes, 'set_tid');
  if (!k.rule((setTid === 0) === (setTidSize === 0), 'set_tid and set_tid_size both given or both 0', () => `set_tid ${hex(setTid)}, set_tid_size ${setTidSize}`, 'EINVAL')) return -EINVAL;
  // clone3_args_valid: known flags only; CSIGNAL and DETACHED are not flags here.
  const flagsHi = hi('flags');
  const flags = lo('flags');
  if (!k.rule(!(flagsHi & ~(CLONE_CLEAR_SIGHAND_HI | CLONE_INTO_CGROUP_HI)), 'flags above 32 bits: only CLEAR_SIGHAND and INTO_CGROUP', () => `high half ${hex(flagsHi)}`, 'EINVAL')) return -EINVAL;
  if (!k.rule(!(flagsHi & CLONE_INTO_CGROUP_HI), 'no CLONE_INTO_CGROUP (tricorn has no cgroups)', () => `high half ${hex(flagsHi)}`, 'EINVAL')) return -EINVAL;
  if (!k.rule(!((flagsHi & CLONE_CLEAR_SIGHAND_HI) && (flags & CLONE_SIGHAND)), 'not CLEAR_SIGHAND with SIGHAND', () => `flags ${hex(flags)}, high half ${hex(flagsHi)}`, 'EINVAL')) return -EINVAL;
  if (!k.rule(!(flags & (CLONE_DETACHED | (CSIGNAL & ~CLONE_NEWTIME))), 'no CSIGNAL or DETACHED bits in flags', () => `flags ${hex(flags)}`, 'EINVAL')) return -EINVAL;
  if (!k.rule(!((flags & (CLONE_THREAD | CLONE_PARENT)) && lo('exit_signal')), 'no exit_signal with THREAD or PARENT', () => `flags ${hex(flags)}, exit_signal ${lo('exit_signal')}`, 'EINVAL')) return -EINVAL;
  const stack = L.get(bytes, 'stack');
  const stackSize = L.get(bytes, 'stack_size');
  if (!k.rule(stack === 0 ? stackSize === 0 : stackSize !== 0, 'stack and stack_size both given or both 0', () => `stack ${hex(stack)}, stack_size ${stackSize}`, 'EINVAL')) return -EINVAL;

  // set_tid[0] is the child's own (youngest) namespace; at most as many as its depth.
  const wanted: (number | undefined)[] = [];
  if (setTidSize > 0) {
    const childLevel = childNamespaceLevel(t, flags);
    if (!k.rule(setTidSize <= childLevel + 1, 'set_tid_size ≤ the child\'s level + 1', () => `set_tid_size ${setTidSize} ≤ ${childLevel} + 1 = ${childLevel + 1}`, 'EINVAL')) return -EINVAL;
    const raw = engine.read(setTid, setTidSize * 4);
    if (!k.rule(raw !== null, 'set_tid[]: set_tid_size entries are readable', () => `${setTidSize * 4} bytes at ${hex(setTid)}`, 'EFAULT') || !raw) return -EFAULT;
    k.explain?.({ kind: 'read', what: 'set_tid', addr: setTid, bytes: raw });
    for (let i = 0; i < setTidSize; i++) wanted[childLevel - i] = readPidAt(raw, i, k.arch.endian === 'little');
    // With CLONE_NEWPID the youngest entry is the new namespace's init, which must be 1.
    if (!k.rule(!(flags & CLONE_NEWPID) || wanted[childLevel] === 1, 'with NEWPID, set_tid[0] == 1', () => `set_tid[0] = ${wanted[childLevel]}`, 'EINVAL')) return -EINVAL;
  }

  const req: CloneRequest = {
    flags,
    exitSignal: lo('exit_signal'),
    stack: stack ? stack + stackSize : 0,
    parentTid: L.get(bytes, 'parent_tid'),
    childTid: L.get(bytes, 'child_tid'),
    tls: L.getBig(bytes, 'tls'),
    wanted,
    inUse: 'EEXIST',
    clearSighand: (flagsHi & CLONE_CLEAR_SIGHAND_HI) !== 0,
    pidfd: L.get(bytes, 'pidfd'),
  };
  return createTask(k, t, req);
};
