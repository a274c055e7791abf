// System V semaphores (ipc/sem.c): sets of counters that semop changes atomically, all of an
// array's operations or none, sleeping until they can all be done (or failing with IPC_NOWAIT);
// SEM_UNDO records an adjustment that the process's exit applies. A sleeping semop is retried
// by the scheduler after every change, in the tasks' round-robin order (deterministic); Linux
// wakes its pending queue in FIFO order, which gives the same results whenever the order of the
// sleepers does not matter.
import { E2BIG, EACCES, EAGAIN, EFAULT, EFBIG, EIDRM, EINTR, EINVAL, ENOSPC, ERANGE } from '../abi/errno.js';
import { structLayout } from '../abi/structs.js';
import { readTimespec } from '../clock.js';
import type { Kernel } from '../kernel.js';
import type { Pid } from '../pidns.js';
import { BLOCK, type Task } from '../task.js';
import {
  IPC_64, IPC_INFO, IPC_NOWAIT, IPC_RMID, IPC_SET, IPC_STAT, ipcGet, ipcPermits, ipcUpdatePerm, IpcPerm,
} from './ids.js';
import { nowSec, SEMVMX, type IpcNamespace } from './namespace.js';
import { controlTarget, permValue, readPermSet, statTarget } from './perm-io.js';

export const GETPID = 11, GETVAL = 12, GETALL = 13, GETNCNT = 14, GETZCNT = 15, SETVAL = 16, SETALL = 17;
export const SEM_STAT = 18, SEM_INFO = 19, SEM_STAT_ANY = 20;
export const SEM_UNDO = 0x1000;
/** The largest adjustment an undo entry holds (SEMAEM). */
const SEMAEM = SEMVMX;

interface Sem { val: number; pid: Pid | null }
interface Sop { num: number; op: number; flg: number }

/** A sleeping semop: the operation that could not be done, for GETNCNT and GETZCNT. */
interface SemWaiter { blocking: Sop }

export class SemSet {
  readonly sems: Sem[];
  otime = 0;
  ctime: number;
  readonly waiters = new Set<SemWaiter>();
  /** The undo lists holding an entry for this set. */
  readonly undoLists = new Set<SemUndoList>();
  constructor(readonly perm: IpcPerm, nsems: number, now: number) {
    this.sems = Array.from({ length: nsems }, () => ({ val: 0, pid: null }));
    this.ctime = now;
  }
}

/**
 * A process's undo adjustments, per set (struct sem_undo_list): shared by the processes a
 * CLONE_SYSVSEM clone made, applied when the last of them exits.
 */
export class SemUndoList {
  users = 1;
  readonly adj = new Map<SemSet, Int32Array>();
}

/** Forget every undo entry for `set`'s semaphore `num` (or all of them): SETVAL, SETALL. */
function clearUndo(set: SemSet, num: number | null): void {
  for (const l of set.undoLists) {
    const a = l.adj.get(set)!;
    if (num === null) a.fill(0); else a[num] = 0;
  }
}

function removeSet(k: Kernel, ns: IpcNamespace, set: SemSet): void {
  ns.sem.remove(set);
  ns.usedSems -= set.sems.length;
  for (const l of set.undoLists) l.adj.delete(set);
  set.undoLists.clear();
  k.needResched = true;
}

/** exit_sem: the list's adjustments are applied, each semaphore kept within 0..SEMVMX. */
export function exitSem(k: Kernel, list: SemUndoList, pid: Pid): void {
  if (--list.users > 0) return;
  for (const [set, adj] of list.adj) {
    set.undoLists.delete(list);
    if (set.perm.deleted) continue;
    set.sems.forEach((s, i) => {
      if (!adj[i]) return;
      s.val = Math.min(Math.max(s.val + adj[i], 0), SEMVMX);
      s.pid = pid;
    });
  }
  list.adj.clear();
  k.needResched = true;
}

export function semget(k: Kernel, t: Task, key: number, nsems: number, flg: number): number {
  const ns = t.nsproxy.ipc;
  const [semmsl, semmns, , semmni] = ns.semCtls;
  if (nsems < 0 || nsems > semmsl) return -EINVAL;
  const create = (): number => {
    if (!nsems) return -EINVAL;
    if (ns.usedSems + nsems > semmns) return -ENOSPC;
    const id = ns.sem.add(new SemSet(new IpcPerm(key, flg & 0o777, t.proc.cred), nsems, nowSec(k)), semmni);
    if (id >= 0) ns.usedSems += nsems;
    return id;
  };
  return ipcGet(ns.sem, key, flg, t.proc.cred, create, (set) => (nsems > set.sems.length ? -EINVAL : 0));
}

/**
 * perform_atomic_semop: every operation or none. 0 done; -ERANGE; -EAGAIN (IPC_NOWAIT); or the
 * operation that must wait.
 */
function perform(set: SemSet, sops: readonly Sop[], undo: Int32Array | null, pid: Pid): number | Sop {
  const vals = set.sems.map((s) => s.val);
  const adj = undo ? Int32Array.from(undo) : null;
  for (const sop of sops) {
    const result = vals[sop.num] + sop.op;
    if ((sop.op === 0 && vals[sop.num] !== 0) || result < 0) return sop.flg & IPC_NOWAIT ? -EAGAIN : sop;
    if (result > SEMVMX) return -ERANGE;
    if (sop.flg & SEM_UNDO && adj) {
      const u = adj[sop.num] - sop.op;
      if (u < -SEMAEM - 1 || u > SEMAEM) return -ERANGE;
      adj[sop.num] = u;
    }
    vals[sop.num] = result;
  }
  for (const sop of sops) set.sems[sop.num].pid = pid;
  vals.forEach((v, i) => { set.sems[i].val = v; });
  if (undo && adj) undo.set(adj);
  return 0;
}

/** semtimedop (semop: no timeout). */
export function semtimedop(k: Kernel, t: Task, id: number, sopsAddr: number, nsops: number, timeoutAddr: number): number {
  const ns = t.nsproxy.ipc;
  if (nsops < 1 || id < 0) return -EINVAL;
  if (nsops > ns.semCtls[2]) return -E2BIG;
  const engine = t.proc.mm.engine;
  const L = structLayout('sembuf', k.arch);
  const raw = sopsAddr >= 0 ? engine.read(sopsAddr, nsops * L.size) : null;
  if (!raw) return -EFAULT;
  const sops: Sop[] = [];
  for (let i = 0; i < nsops; i++) {
    const b = raw.subarray(i * L.size, (i + 1) * L.size);
    sops.push({ num: L.get(b, 'sem_num'), op: L.get(b, 'sem_op'), flg: L.get(b, 'sem_flg') });
  }
  let deadline = Infinity;
  if (timeoutAddr) {
    const ts = readTimespec(engine, timeoutAddr, 0);
    if (ts < 0) return ts;
    deadline = k.clockNs + ts;
  }
  const max = Math.max(...sops.map((s) => s.num));
  const undos = sops.some((s) => s.flg & SEM_UNDO);
  const alter = sops.some((s) => s.op !== 0);
  const set = ns.sem.byId(id);
  if (!set) return -EINVAL;
  if (max >= set.sems.length) return -EFBIG;
  if (!ipcPermits(set.perm, t.proc.cred, alter ? 0o222 : 0o444)) return -EACCES;
  const list = t.proc.semUndo;
  let undo = list.adj.get(set) ?? null;
  if (undos && !undo) {
    list.adj.set(set, (undo = new Int32Array(set.sems.length)));
    set.undoLists.add(list);
  }
  const waiter: SemWaiter = { blocking: sops[0] };
  const attempt = (): number => {
    if (set.perm.deleted) return -EIDRM;
    const r = perform(set, sops, undos ? undo : null, t.proc.pid);
    if (typeof r === 'number') {
      if (r === 0) {
        set.otime = nowSec(k);
        if (alter) k.needResched = true;
      }
      return r;
    }
    waiter.blocking = r;
    return BLOCK;
  };
  const first = attempt();
  if (first !== BLOCK) return first;
  set.waiters.add(waiter);
  const done = () => set.waiters.delete(waiter);
  t.wakeAt = deadline;
  // Never restarted (signal(7)): a handler's signal ends the wait with EINTR.
  t.restartCode = EINTR;
  t.onInterrupt = done;
  t.retry = () => {
    const r = attempt();
    if (r !== BLOCK) { done(); t.wakeAt = Infinity; return r; }
    if (k.clockNs >= deadline) { done(); t.wakeAt = Infinity; return -EAGAIN; }
    return BLOCK;
  };
  return BLOCK;
}

/** semctl; `parseVersion` as for shmctl (the ipc() multiplexer's cmd carries IPC_64). */
export function semctl(k: Kernel, t: Task, id: number, semnum: number, cmdArg: number, arg: bigint, parseVersion: boolean): number {
  const old = parseVersion && !(cmdArg & IPC_64);
  const cmd = parseVersion ? cmdArg & ~IPC_64 : cmdArg;
  if (id < 0) return -EINVAL;
  if (old && (cmd === IPC_STAT || cmd === SEM_STAT || cmd === SEM_STAT_ANY || cmd === IPC_SET || cmd === IPC_INFO || cmd === SEM_INFO)) return -EINVAL;
  const ns = t.nsproxy.ipc;
  const engine = t.proc.mm.engine;
  const cred = t.proc.cred;
  // The union semun travels as one unsigned long: a pointer, or an int in its first four bytes,
  // which on a big-endian ABI are the upper half (ksys_semctl's SETVAL).
  const ptr = Number(arg);
  const val = Number(BigInt.asIntN(32, k.arch.endian === 'big' ? arg >> 32n : arg));
  switch (cmd) {
    case IPC_INFO: case SEM_INFO: {
      const [semmsl, semmns, semopm, semmni] = ns.semCtls;
      const info = cmd === SEM_INFO;
      const v = {
        semmap: 1024000000, semmni, semmns, semmnu: 1024000000, semmsl, semopm, semume: 500,
        semusz: info ? ns.sem.inUse : 20, semvmx: SEMVMX, semaem: info ? ns.usedSems : SEMAEM,
      };
      if (!engine.write(ptr, structLayout('seminfo', k.arch).encode(v))) return -EFAULT;
      return Math.max(ns.sem.highestIdx, 0);
    }
    case IPC_STAT: case SEM_STAT: case SEM_STAT_ANY: {
      const got = statTarget(ns.sem, id, cmd === IPC_STAT, cmd !== SEM_STAT_ANY, cred);
      if (typeof got === 'number') return got;
      const v = { sem_perm: permValue(got.perm), sem_otime: got.otime, sem_ctime: got.ctime, sem_nsems: got.sems.length };
      if (!engine.write(ptr, structLayout('semid64_ds', k.arch).encode(v))) return -EFAULT;
      return cmd === IPC_STAT ? 0 : got.perm.id;
    }
    case SETVAL: {
      if (val > SEMVMX || val < 0) return -ERANGE;
      const set = ns.sem.byId(id);
      if (!set) return -EINVAL;
      if (semnum < 0 || semnum >= set.sems.length) return -EINVAL;
      if (!ipcPermits(set.perm, cred, 0o222)) return -EACCES;
      clearUndo(set, semnum);
      set.sems[semnum].val = val;
      set.sems[semnum].pid = t.proc.pid;
      set.ctime = nowSec(k);
      k.needResched = true;
      return 0;
    }
    case GETALL: case SETALL: case GETVAL: case GETPID: case GETNCNT: case GETZCNT: {
      const set = ns.sem.byId(id);
      if (!set) return -EINVAL;
      const n = set.sems.length;
      if (!ipcPermits(set.perm, cred, cmd === SETALL ? 0o222 : 0o444)) return -EACCES;
      if (cmd === GETALL) {
        const out = new Uint8Array(2 * n);
        const dv = new DataView(out.buffer);
        set.sems.forEach((s, i) => dv.setUint16(2 * i, s.val, k.arch.endian === 'little'));
        return engine.write(ptr, out) ? 0 : -EFAULT;
      }
      if (cmd === SETALL) {
        const raw = ptr >= 0 ? engine.read(ptr, 2 * n) : null;
        if (!raw) return -EFAULT;
        const dv = new DataView(raw.buffer, raw.byteOffset, raw.length);
        const vals = set.sems.map((_, i) => dv.getUint16(2 * i, k.arch.endian === 'little'));
        if (vals.some((v) => v > SEMVMX)) return -ERANGE;
        clearUndo(set, null);
        vals.forEach((v, i) => { set.sems[i].val = v; set.sems[i].pid = t.proc.pid; });
        set.ctime = nowSec(k);
        k.needResched = true;
        return 0;
      }
      if (semnum < 0 || semnum >= n) return -EINVAL;
      const s = set.sems[semnum];
      if (cmd === GETVAL) return s.val;
      if (cmd === GETPID) return s.pid ? s.pid.nrIn(k.nsOf(t)) : 0;
      let count = 0;
      for (const w of set.waiters) {
        if (w.blocking.num === semnum && (cmd === GETZCNT ? w.blocking.op === 0 : w.blocking.op < 0)) count++;
      }
      return count;
    }
    case IPC_SET: case IPC_RMID: {
      const set0 = cmd === IPC_SET ? readPermSet(k, engine, ptr, 'semid64_ds', 'sem_perm') : null;
      if (set0 === -EFAULT) return -EFAULT;
      const set = controlTarget(ns.sem, id, cred);
      if (typeof set === 'number') return set;
      if (set0 && typeof set0 === 'object') {
        ipcUpdatePerm(set.perm, set0.uid, set0.gid, set0.mode);
        set.ctime = nowSec(k);
        return 0;
      }
      removeSet(k, ns, set);
      return 0;
    }
    default:
      return -EINVAL;
  }
}
