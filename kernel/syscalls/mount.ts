// mount and umount2 inside the guest: a bind mount of a directory already in the guest's tree,
// a fresh tmpfs, or a proc showing the mounter's PID namespace (what `unshare --pid --fork` then
// `mount -t proc proc /proc` does). There is one mount table (no mount namespaces: CLONE_NEWNS is
// refused), so every process sees the change. Propagation flags are accepted and change nothing
// (with one table there is nothing to propagate to). Other file-system types are ENODEV; a
// remount or a move is EINVAL (not modelled). Only root (uid 0) may mount: EPERM.
import { EFAULT, EINVAL, ENODEV, EPERM } from '../abi/errno.js';
import { readCString } from '../uaccess.js';
import type { SyscallImpl } from '../dispatch.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';
import { dirAt } from '../fs/at.js';
import { newTmpfs } from '../fs/memfs.js';
import { newProcfs } from '../fs/procfs.js';
import { CAP_SYS_ADMIN } from '../creds.js';

const MS_RDONLY = 0x1, MS_NOSUID = 0x2, MS_NODEV = 0x4, MS_NOEXEC = 0x8, MS_SYNCHRONOUS = 0x10;
const MS_REMOUNT = 0x20, MS_MANDLOCK = 0x40, MS_DIRSYNC = 0x80, MS_NOATIME = 0x400, MS_NODIRATIME = 0x800;
const MS_BIND = 0x1000, MS_MOVE = 0x2000, MS_REC = 0x4000, MS_SILENT = 0x8000;
const MS_UNBINDABLE = 1 << 17, MS_PRIVATE = 1 << 18, MS_SLAVE = 1 << 19, MS_SHARED = 1 << 20;
const MS_RELATIME = 1 << 21, MS_STRICTATIME = 1 << 24, MS_LAZYTIME = 1 << 25;
/** The magic number old mount(8)s put in the top half of the flags (Linux strips it). */
const MS_MGC_MSK = 0xffff0000, MS_MGC_VAL = 0xc0ed0000;
const PROPAGATION = MS_UNBINDABLE | MS_PRIVATE | MS_SLAVE | MS_SHARED;
/** Per-mount options Linux takes and tricorn records nowhere: they do not change what a guest reads. */
const IGNORED = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SYNCHRONOUS | MS_MANDLOCK | MS_DIRSYNC
  | MS_NOATIME | MS_NODIRATIME | MS_SILENT | MS_RELATIME | MS_STRICTATIME | MS_LAZYTIME;

const MNT_FORCE = 1, MNT_DETACH = 2, MNT_EXPIRE = 4, UMOUNT_NOFOLLOW = 8;

/** The guest path of an existing directory (the mount point), or -errno. */
function mountPoint(k: Kernel, t: Task, addr: number, follow = true): string | number {
  const d = dirAt(k, t, addr, follow);
  return typeof d === 'number' ? d : k.vfs.pathOf(d, k.vfs.root);
}

export const mount: SyscallImpl = (k, t, a) => {
  if (!t.proc.cred.capable(CAP_SYS_ADMIN)) return -EPERM;
  let flags = a.u32(3);
  if ((flags & MS_MGC_MSK) >>> 0 === MS_MGC_VAL) flags &= ~MS_MGC_MSK;
  const target = mountPoint(k, t, a.ptr(1));
  if (typeof target === 'number') return target;
  if (flags & (MS_REMOUNT | MS_MOVE)) return -EINVAL;
  if (flags & PROPAGATION) {
    // Exactly one propagation type (plus MS_REC / MS_SILENT), as do_change_type demands.
    const types = flags & PROPAGATION;
    if (types & (types - 1) || flags & ~(PROPAGATION | MS_REC | MS_SILENT)) return -EINVAL;
    return 0;
  }
  if (flags & ~(IGNORED | MS_BIND | MS_REC)) return -EINVAL;
  if (flags & MS_BIND) {
    const d = dirAt(k, t, a.ptr(0));
    if (typeof d === 'number') return d;
    k.vfs.mount(target, d.inode);
    return 0;
  }
  // No type: EINVAL (do_new_mount); an unreadable one: EFAULT.
  if (a.ptr(2) === 0) return -EINVAL;
  const typeBytes = a.ptr(2) < 0 ? null : readCString(t.proc.mm.engine, a.ptr(2), 4096);
  if (!typeBytes) return -EFAULT;
  const type = new TextDecoder().decode(typeBytes);
  if (type === 'tmpfs') k.vfs.mount(target, newTmpfs());
  else if (type === 'proc') k.vfs.mount(target, newProcfs(k, k.nsOf(t)));
  else return -ENODEV;
  return 0;
};

export const umount2: SyscallImpl = (k, t, a) => unmountAt(k, t, a.ptr(0), a.int(1));

/** ppc64's old umount(name): umount2(name, 0). */
export const umount: SyscallImpl = (k, t, a) => unmountAt(k, t, a.ptr(0), 0);

function unmountAt(k: Kernel, t: Task, pathAddr: number, flags: number): number {
  if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW)) return -EINVAL;
  if (!t.proc.cred.capable(CAP_SYS_ADMIN)) return -EPERM;
  const target = mountPoint(k, t, pathAddr, !(flags & UMOUNT_NOFOLLOW));
  if (typeof target === 'number') return target;
  // Nothing is ever busy: the unmount is lazy (MNT_DETACH's semantics), as files open below
  // it keep their inodes.
  return k.vfs.unmount(target) ? 0 : -EINVAL;
}
