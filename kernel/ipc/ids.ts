// What System V's three kinds of IPC object share (ipc/util.c): an owner and permission record,
// a table of ids per kind and namespace, lookup by key or id, and the permission check.
//
// An id is seq * 32768 + slot. Slots are handed out cyclically below max(in_use * 3/2, 64), and
// seq grows each time the search wraps (ipc_id_alloc), so a fresh namespace hands out 0, 1, 2...
// and, after 64 create/remove pairs, 32768: a stale id stops matching its reused slot.
import type { Creds } from '../creds.js';
import { CAP_IPC_OWNER, CAP_SYS_ADMIN } from '../creds.js';
import { EACCES, EEXIST, ENOENT, ENOSPC } from '../abi/errno.js';

export const IPC_PRIVATE = 0;
export const IPC_CREAT = 0o1000, IPC_EXCL = 0o2000, IPC_NOWAIT = 0o4000;
export const IPC_RMID = 0, IPC_SET = 1, IPC_STAT = 2, IPC_INFO = 3;
/** The cmd bit asking for the 64-bit structs, which the ipc() multiplexer strips. */
export const IPC_64 = 0x100;

const IPCMNI_SHIFT = 15;
const IPCMNI = 1 << IPCMNI_SHIFT;
const IPC_MIN_CYCLE = 64;
const SEQ_MAX = 0x7fffffff >> IPCMNI_SHIFT;
const S_IRWXUGO = 0o777;

/** kern_ipc_perm: who owns an object and may use it. */
export class IpcPerm {
  id = -1;
  seq = 0;
  /** Set when the object is removed: waiters then see EIDRM. */
  deleted = false;
  uid: number; gid: number; cuid: number; cgid: number;
  constructor(public key: number, public mode: number, cred: Creds) {
    this.uid = this.cuid = cred.euid;
    this.gid = this.cgid = cred.egid;
  }
}

export interface IpcObject { readonly perm: IpcPerm }

/**
 * ipcperms(): may `cred` use the object for `flag` (an access mode such as 0o444 or 0o222)?
 * The owner's or creator's bits, else the group's, else the others'; CAP_IPC_OWNER overrides.
 */
export function ipcPermits(perm: IpcPerm, cred: Creds, flag: number): boolean {
  const requested = (flag >> 6) | (flag >> 3) | flag;
  let granted = perm.mode;
  if (cred.euid === perm.cuid || cred.euid === perm.uid) granted >>= 6;
  else if (cred.inGroup(perm.cgid) || cred.inGroup(perm.gid)) granted >>= 3;
  return (requested & ~granted & 7) === 0 || cred.capable(CAP_IPC_OWNER);
}

/** IPC_SET and IPC_RMID: the owner, the creator or CAP_SYS_ADMIN (ipcctl_obtain_check). */
export function ipcMayControl(perm: IpcPerm, cred: Creds): boolean {
  return cred.euid === perm.cuid || cred.euid === perm.uid || cred.capable(CAP_SYS_ADMIN);
}

/** IPC_SET's ipc_update_perm: new owner ids and permission bits (the rest of mode stays). */
export function ipcUpdatePerm(perm: IpcPerm, uid: number, gid: number, mode: number): void {
  perm.uid = uid;
  perm.gid = gid;
  perm.mode = (perm.mode & ~S_IRWXUGO) | (mode & S_IRWXUGO);
}

/** One kind's table of objects in one namespace (struct ipc_ids). */
export class IpcIds<T extends IpcObject> {
  private readonly slots = new Map<number, T>();
  private seq = 0;
  private nextIdx = 0;
  private maxIdx = -1;

  get inUse(): number { return this.slots.size; }

  /** Every object, by slot (for /proc/sysvipc and the *_STAT walk). */
  *all(): IterableIterator<[number, T]> {
    for (const idx of [...this.slots.keys()].sort((a, b) => a - b)) yield [idx, this.slots.get(idx)!];
  }

  /** ipc_get_maxidx: the highest slot in use, -1 when none. */
  get highestIdx(): number { return this.slots.size === 0 ? -1 : this.maxIdx; }

  /** ipc_addid: give `obj` a slot and id; -ENOSPC past `limit` objects. */
  add(obj: T, limit: number): number {
    if (this.slots.size >= Math.min(limit, IPCMNI)) return -ENOSPC;
    const top = Math.min(Math.max((this.slots.size * 3) >> 1, IPC_MIN_CYCLE), IPCMNI) - 1;
    // xa_alloc_cyclic from the slot after the last one handed out; a wrap to 0 bumps seq.
    let idx = this.freeFrom(this.nextIdx, top);
    if (idx < 0) {
      idx = this.freeFrom(0, top);
      if (idx < 0) return -ENOSPC;
      this.seq = this.seq + 1 >= SEQ_MAX ? 0 : this.seq + 1;
    }
    this.nextIdx = idx + 1;
    this.slots.set(idx, obj);
    if (idx > this.maxIdx) this.maxIdx = idx;
    obj.perm.seq = this.seq;
    obj.perm.id = (this.seq << IPCMNI_SHIFT) + idx;
    return obj.perm.id;
  }

  private freeFrom(from: number, top: number): number {
    for (let i = from; i <= top; i++) if (!this.slots.has(i)) return i;
    return -1;
  }

  /** ipc_rmid: the object leaves the table (its key can no longer be found). */
  remove(obj: T): void {
    const idx = obj.perm.id & (IPCMNI - 1);
    if (this.slots.get(idx) !== obj) return;
    this.slots.delete(idx);
    obj.perm.deleted = true;
    if (idx === this.maxIdx) {
      let m = -1;
      for (const i of this.slots.keys()) if (i > m) m = i;
      this.maxIdx = m;
    }
  }

  /** ipc_obtain_object_check: the object with this id (slot and seq), or null (EINVAL). */
  byId(id: number): T | null {
    if (id < 0) return null;
    const obj = this.slots.get(id & (IPCMNI - 1));
    return obj && obj.perm.seq === id >>> IPCMNI_SHIFT ? obj : null;
  }

  /** ipc_obtain_object_idr: the object in a slot (SHM_STAT and friends pass a slot). */
  bySlot(idx: number): T | null {
    return idx >= 0 ? this.slots.get(idx) ?? null : null;
  }

  /** ipc_findkey. */
  byKey(key: number): T | null {
    for (const o of this.slots.values()) if (o.perm.key === key) return o;
    return null;
  }
}

/**
 * ipcget: IPC_PRIVATE always makes a new object; a key finds its object (EEXIST with
 * IPC_CREAT|IPC_EXCL, then `check`, then the permission of flg's low bits) or, with IPC_CREAT,
 * makes one; otherwise ENOENT. Returns the id or -errno.
 */
export function ipcGet<T extends IpcObject>(ids: IpcIds<T>, key: number, flg: number, cred: Creds,
  create: () => number, check: (obj: T) => number): number {
  if (key === IPC_PRIVATE) return create();
  const obj = ids.byKey(key);
  if (!obj) return flg & IPC_CREAT ? create() : -ENOENT;
  if ((flg & IPC_CREAT) && (flg & IPC_EXCL)) return -EEXIST;
  const err = check(obj);
  if (err) return err;
  if (!ipcPermits(obj.perm, cred, flg)) return -EACCES;
  return obj.perm.id;
}
