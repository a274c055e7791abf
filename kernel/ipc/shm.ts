// System V shared memory (ipc/shm.c): shmget makes a segment of MAP_SHARED memory (the engines'
// SharedBacking, as mmap's MAP_SHARED uses); shmat maps it, shmdt unmaps it; shmctl reads and
// changes its record. A segment lives until IPC_RMID and its last detach. Each address space
// records what it attached (`AddressSpace.shm`): fork copies the attaches, exit and exec detach
// them, munmap detaches one it removes entirely.
import { PROT_EXEC, PROT_READ, PROT_WRITE, type SharedBacking } from '../../emu/engine.js';
import { EACCES, EFAULT, EIDRM, EINVAL, ENOMEM, ENOSPC, EPERM } from '../abi/errno.js';
import { structLayout } from '../abi/structs.js';
import { CAP_IPC_LOCK } from '../creds.js';
import type { Kernel } from '../kernel.js';
import type { Pid } from '../pidns.js';
import type { AddressSpace, Task } from '../task.js';
import { addMapped } from '../mapped-files.js';
import { unmapAll } from '../unmap.js';
import { findFreeTopDown, isFree, mappedPieces, MMAP_MIN, mayMap } from '../vm.js';
import { TASK_SIZE } from '../exec/elf.js';

import {
  IPC_64, IPC_INFO, IPC_RMID, IPC_SET, IPC_STAT, ipcGet, ipcPermits, ipcUpdatePerm, IpcPerm,
} from './ids.js';
import { nowSec, type IpcNamespace } from './namespace.js';
import { controlTarget, permValue, readPermSet, statTarget } from './perm-io.js';

export const SHM_RDONLY = 0o10000, SHM_RND = 0o20000, SHM_REMAP = 0o40000, SHM_EXEC = 0o100000;
export const SHM_LOCK = 11, SHM_UNLOCK = 12, SHM_STAT = 13, SHM_INFO = 14, SHM_STAT_ANY = 15;
/** mode bits of a segment: removed but still attached; locked in memory. */
export const SHM_DEST = 0o1000, SHM_LOCKED = 0o2000;

export class ShmSegment {
  atime = 0;
  dtime = 0;
  ctime: number;
  lpid: Pid | null = null;
  nattch = 0;
  /** The namespace it lives in (an attach reaches it from any task, in any namespace). */
  constructor(readonly ns: IpcNamespace, readonly perm: IpcPerm, readonly size: number, readonly mem: SharedBacking,
    readonly cpid: Pid, now: number) {
    this.ctime = now;
    mem.refs++;
  }
}

/** One shmat of an address space: where, how long, which segment. */
export interface ShmAttach { addr: number; len: number; seg: ShmSegment }

const pagesOf = (k: Kernel, size: number) => Math.ceil(size / k.arch.pageSize);

function destroy(k: Kernel, ns: IpcNamespace, seg: ShmSegment): void {
  ns.shm.remove(seg);
  ns.shmTot -= pagesOf(k, seg.size);
  if (--seg.mem.refs === 0) seg.mem.release();
}

/** shm_open: an attach made (shmat, or fork copying one). */
function opened(k: Kernel, seg: ShmSegment, pid: Pid): void {
  seg.nattch++;
  seg.atime = nowSec(k);
  seg.lpid = pid;
}

/** shm_close: an attach gone; a removed segment goes with its last one. */
function closed(k: Kernel, ns: IpcNamespace, seg: ShmSegment, pid: Pid): void {
  seg.nattch--;
  seg.dtime = nowSec(k);
  seg.lpid = pid;
  if (seg.nattch === 0 && seg.perm.mode & SHM_DEST && !seg.perm.deleted) destroy(k, ns, seg);
}


/** Fork: the child's copies of the parent's attaches count as attaches (dup_mmap's vm_ops->open). */
export function forkAttaches(k: Kernel, from: readonly ShmAttach[], pid: Pid): ShmAttach[] {
  for (const a of from) opened(k, a.seg, pid);
  return from.map((a) => ({ ...a }));
}

/** Exit and exec: every attach of the address space ends. */
export function detachAll(k: Kernel, mm: AddressSpace, pid: Pid): void {
  for (const a of mm.shm.splice(0)) closed(k, a.seg.ns, a.seg, pid);
}

/** After munmap (or a MAP_FIXED mapping) over [addr, addr+len): attaches no longer mapped end. */
export function unmappedAttaches(k: Kernel, mm: AddressSpace, addr: number, len: number, pid: Pid): void {
  for (let i = mm.shm.length - 1; i >= 0; i--) {
    const a = mm.shm[i];
    if (a.addr >= addr + len || a.addr + a.len <= addr) continue;
    const still = mappedPieces(mm.engine, a.addr, a.len).some((p) => mm.engine.sharedAt(p.addr)?.mem === a.seg.mem);
    if (still) continue;
    mm.shm.splice(i, 1);
    closed(k, a.seg.ns, a.seg, pid);
  }
}

export function shmget(k: Kernel, t: Task, key: number, size: number, flg: number): number {
  const ns = t.nsproxy.ipc;
  const create = (): number => {
    // newseg: SHMMIN is 1; shm_ctlmax and shm_ctlall bound it; a segment larger than the run's
    // memory is refused as Linux's overcommit refuses one larger than the machine.
    if (size < 1 || BigInt(size) > ns.shmCtlMax) return -EINVAL;
    const pages = pagesOf(k, size);
    if (BigInt(ns.shmTot + pages) > ns.shmCtlAll) return -ENOSPC;
    if (ns.shm.inUse >= ns.shmCtlMni) return -ENOSPC;
    if (pages * k.arch.pageSize > k.memoryLimit) return -ENOMEM;
    const mem = t.proc.mm.engine.createShared(pages * k.arch.pageSize);
    if (!mem) return -ENOMEM;
    const seg = new ShmSegment(ns, new IpcPerm(key, flg & 0o777, t.proc.cred), size, mem, t.proc.pid, nowSec(k));
    const id = ns.shm.add(seg, ns.shmCtlMni);
    if (id < 0) { if (--mem.refs === 0) mem.release(); return id; }
    ns.shmTot += pages;
    return id;
  };
  return ipcGet(ns.shm, key, flg, t.proc.cred, create, (seg) => (seg.size < size ? -EINVAL : 0));
}

/** do_shmat: the address it attached at, or -errno. */
export function shmat(k: Kernel, t: Task, id: number, shmaddr: number, flg: number): number {
  const page = k.arch.pageSize;
  const shmlba = page;
  const mm = t.proc.mm;
  let addr = shmaddr;
  if (id < 0) return -EINVAL;
  if (addr) {
    if (addr % shmlba) {
      if (!(flg & SHM_RND)) return -EINVAL;
      addr -= addr % shmlba;
      if (!addr && flg & SHM_REMAP) return -EINVAL;
    }
  } else if (flg & SHM_REMAP) return -EINVAL;
  let prot = PROT_READ, acc = 0o444;
  if (!(flg & SHM_RDONLY)) { prot |= PROT_WRITE; acc |= 0o222; }
  if (flg & SHM_EXEC) { prot |= PROT_EXEC; acc |= 0o111; }
  const ns = t.nsproxy.ipc;
  const seg = ns.shm.byId(id);
  if (!seg) return -EINVAL;
  if (!ipcPermits(seg.perm, t.proc.cred, acc)) return -EACCES;
  if (seg.perm.deleted) return -EIDRM;
  const len = pagesOf(k, seg.size) * page;
  if (addr) {
    if (addr + len > TASK_SIZE) return -EINVAL;
    if (!(flg & SHM_REMAP) && !isFree(mm.engine, addr, len)) return -EINVAL;
  }
  const refused = mayMap(k, t, len, prot);
  if (refused) return refused;
  if (addr) {
    if (!isFree(mm.engine, addr, len)) {
      unmapAll(k, mm, addr, len, t.proc.pid);
    }
  } else {
    addr = findFreeTopDown(mm.engine, len, mm.mmapTop, MMAP_MIN);
    if (addr < 0) return -ENOMEM;
  }
  mm.engine.mapShared(addr, len, prot, seg.mem, 0);
  // /proc/PID/maps names a segment as Linux does: its key, and "(deleted)" (the file is internal).
  addMapped(mm.files, {
    addr, len, path: `/SYSV${(seg.perm.key >>> 0).toString(16).padStart(8, '0')} (deleted)`, offset: 0,
    dev: 1, ino: seg.perm.id, sharedNoWrite: !(prot & PROT_WRITE),
  });
  mm.shm.push({ addr, len, seg });
  opened(k, seg, t.proc.pid);
  return addr;
}

export function shmdt(k: Kernel, t: Task, addr: number): number {
  const mm = t.proc.mm;
  if (addr < 0 || addr % k.arch.pageSize) return -EINVAL;
  const a = mm.shm.find((x) => x.addr === addr);
  if (!a) return -EINVAL;
  unmapAll(k, mm, a.addr, a.len, t.proc.pid);
  return 0;
}

/**
 * shmctl; `parseVersion` for the ipc() multiplexer's form, whose cmd carries IPC_64 when the
 * caller passes the 64-bit structs. Without it the caller means the old structs, which tricorn
 * does not declare: commands that copy one are EINVAL (glibc always passes IPC_64).
 */
export function shmctl(k: Kernel, t: Task, id: number, cmdArg: number, buf: number, parseVersion: boolean): number {
  const old = parseVersion && !(cmdArg & IPC_64);
  const cmd = parseVersion ? cmdArg & ~IPC_64 : cmdArg;
  if (cmd < 0 || id < 0) return -EINVAL;
  if (old && cmd !== IPC_RMID && cmd !== SHM_LOCK && cmd !== SHM_UNLOCK) return -EINVAL;
  const ns = t.nsproxy.ipc;
  const engine = t.proc.mm.engine;
  const cred = t.proc.cred;
  switch (cmd) {
    case IPC_INFO: {
      const L = structLayout('shminfo64', k.arch);
      const v = { shmmax: ns.shmCtlMax, shmmin: 1, shmmni: ns.shmCtlMni, shmseg: ns.shmCtlMni, shmall: ns.shmCtlAll };
      if (!engine.write(buf, L.encode(v))) return -EFAULT;
      return Math.max(ns.shm.highestIdx, 0);
    }
    case SHM_INFO: {
      let rss = 0;
      for (const [, seg] of ns.shm.all()) rss += pagesOf(k, seg.mem.resident());
      const v = { used_ids: ns.shm.inUse, shm_tot: ns.shmTot, shm_rss: rss, shm_swp: 0, swap_attempts: 0, swap_successes: 0 };
      if (!engine.write(buf, structLayout('shm_info', k.arch).encode(v))) return -EFAULT;
      return Math.max(ns.shm.highestIdx, 0);
    }
    case IPC_STAT: case SHM_STAT: case SHM_STAT_ANY: {
      const got = statTarget(ns.shm, id, cmd === IPC_STAT, cmd !== SHM_STAT_ANY, cred);
      if (typeof got === 'number') return got;
      const seg = got;
      const vnr = (p: Pid | null) => (p ? p.nrIn(k.nsOf(t)) : 0);
      const v = {
        shm_perm: permValue(seg.perm), shm_segsz: seg.size, shm_atime: seg.atime, shm_dtime: seg.dtime,
        shm_ctime: seg.ctime, shm_cpid: vnr(seg.cpid), shm_lpid: vnr(seg.lpid), shm_nattch: seg.nattch,
      };
      if (!engine.write(buf, structLayout('shmid64_ds', k.arch).encode(v))) return -EFAULT;
      return cmd === IPC_STAT ? 0 : seg.perm.id;
    }
    case IPC_SET: case IPC_RMID: {
      const set = cmd === IPC_SET ? readPermSet(k, engine, buf, 'shmid64_ds', 'shm_perm') : null;
      if (set === -EFAULT) return -EFAULT;
      const seg = controlTarget(ns.shm, id, cred);
      if (typeof seg === 'number') return seg;
      if (set && typeof set === 'object') {
        ipcUpdatePerm(seg.perm, set.uid, set.gid, set.mode);
        seg.ctime = nowSec(k);
        return 0;
      }
      // Removed: the key is free at once; the memory goes with the last detach.
      seg.perm.mode |= SHM_DEST;
      seg.perm.key = 0;
      if (seg.nattch === 0) destroy(k, ns, seg);
      return 0;
    }
    case SHM_LOCK: case SHM_UNLOCK: {
      const seg = ns.shm.byId(id);
      if (!seg) return -EINVAL;
      if (!cred.capable(CAP_IPC_LOCK) && cred.euid !== seg.perm.uid && cred.euid !== seg.perm.cuid) return -EPERM;
      if (cmd === SHM_LOCK) seg.perm.mode |= SHM_LOCKED;
      else seg.perm.mode &= ~SHM_LOCKED;
      return 0;
    }
    default:
      return -EINVAL;
  }
}
