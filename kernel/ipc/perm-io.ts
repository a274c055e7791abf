// The parts of the three *ctl calls that are the same for every kind of object: the ipc64_perm
// a STAT writes, the owner and mode an IPC_SET reads, and which object a STAT names.
import type { CpuEngine } from '../../emu/engine.js';
import { EACCES, EFAULT, EINVAL, EPERM } from '../abi/errno.js';
import { structLayout } from '../abi/structs.js';
import type { Creds } from '../creds.js';
import type { Kernel } from '../kernel.js';
import { ipcMayControl, ipcPermits, type IpcIds, type IpcObject, type IpcPerm } from './ids.js';

/** kernel_to_ipc64_perm. */
export function permValue(p: IpcPerm): Record<string, number> {
  return { key: p.key, uid: p.uid, gid: p.gid, cuid: p.cuid, cgid: p.cgid, mode: p.mode, seq: p.seq };
}

/** IPC_SET's input: the new owner and mode from the *id64_ds at buf, or -EFAULT. */
export function readPermSet(k: Kernel, engine: CpuEngine, buf: number, struct: string, permField: string,
): { uid: number; gid: number; mode: number; bytes: Uint8Array } | number {
  const L = structLayout(struct, k.arch);
  const bytes = buf >= 0 ? engine.read(buf, L.size) : null;
  if (!bytes) return -EFAULT;
  const P = structLayout('ipc64_perm', k.arch);
  const base = L.offsetOf(permField);
  const get = (f: string) => P.get(bytes, f, base);
  return { uid: get('uid'), gid: get('gid'), mode: get('mode'), bytes };
}

/**
 * The object an IPC_STAT (an id) or a *_STAT / *_STAT_ANY (a slot) names, after the read
 * permission check the first two make; -EINVAL or -EACCES.
 */
export function statTarget<T extends IpcObject>(ids: IpcIds<T>, id: number, byId: boolean, checkRead: boolean,
  cred: Creds): T | number {
  const obj = byId ? ids.byId(id) : ids.bySlot(id);
  if (!obj) return -EINVAL;
  if (checkRead && !ipcPermits(obj.perm, cred, 0o444)) return -EACCES;
  return obj;
}

/** The object IPC_SET and IPC_RMID act on (ipcctl_obtain_check): -EINVAL, or -EPERM unless owner, creator or CAP_SYS_ADMIN. */
export function controlTarget<T extends IpcObject>(ids: IpcIds<T>, id: number, cred: Creds): T | number {
  const obj = ids.byId(id);
  if (!obj) return -EINVAL;
  return ipcMayControl(obj.perm, cred) ? obj : -EPERM;
}
