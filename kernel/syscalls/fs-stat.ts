// Asking about files: fstat, newfstatat, stat, lstat, statx, statfs, fstatfs, readlinkat,
// readlink, faccessat, faccessat2, access.
import { EACCES, EBADF, EFAULT, EINVAL, EROFS } from '../abi/errno.js';
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW } from '../abi/flags.js';
import { structLayout } from '../abi/structs.js';
import type { SyscallImpl } from '../dispatch.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';
import { ctxOf, inodeAt, lookupAt, readPath } from '../fs/at.js';
import { isDir, isLink, type Attr, type Inode } from '../fs/inode.js';
import { CAP_DAC_OVERRIDE } from '../creds.js';

const major = (dev: number) => (dev >>> 8) & 0xfff;
const minor = (dev: number) => (dev & 0xff) | ((dev >>> 12) & 0xfff00);

function attrOf(k: Kernel, t: Task, inode: Inode): Attr | number {
  return inode.getattr(ctxOf(k, t));
}

function writeStat(k: Kernel, t: Task, addr: number, st: Attr): number {
  const bytes = structLayout('stat', k.arch).encode({
    st_dev: st.dev, st_ino: st.ino, st_mode: st.mode, st_nlink: st.nlink, st_uid: st.uid, st_gid: st.gid,
    st_rdev: st.rdev, st_size: st.size, st_blksize: st.blksize, st_blocks: st.blocks,
    st_atime: st.atime[0], st_atime_nsec: st.atime[1], st_mtime: st.mtime[0], st_mtime_nsec: st.mtime[1],
    st_ctime: st.ctime[0], st_ctime_nsec: st.ctime[1],
  });
  return t.proc.mm.engine.write(addr, bytes) ? 0 : -EFAULT;
}

function statAt(k: Kernel, t: Task, dirfd: number, pathAddr: number, addr: number, flags: number): number {
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800 /* AT_NO_AUTOMOUNT */)) return -EINVAL;
  const path = readPath(t, pathAddr);
  if (typeof path === 'number') return path;
  const inode = inodeAt(k, t, dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), flags);
  if (typeof inode === 'number') return inode;
  const st = attrOf(k, t, inode);
  return typeof st === 'number' ? st : writeStat(k, t, addr, st);
}

export const fstat: SyscallImpl = (k, t, a) => {
  const f = t.proc.files.get(a.int(0));
  if (!f) return -EBADF;
  const st = attrOf(k, t, f.inode);
  return typeof st === 'number' ? st : writeStat(k, t, a.ptr(1), st);
};
export const newfstatat: SyscallImpl = (k, t, a) => statAt(k, t, a.int(0), a.ptr(1), a.ptr(2), a.int(3));
export const stat: SyscallImpl = (k, t, a) => statAt(k, t, AT_FDCWD, a.ptr(0), a.ptr(1), 0);
export const lstat: SyscallImpl = (k, t, a) => statAt(k, t, AT_FDCWD, a.ptr(0), a.ptr(1), AT_SYMLINK_NOFOLLOW);

const STATX_BASIC_STATS = 0x7ff;
export const statx: SyscallImpl = (k, t, a) => {
  const dirfd = a.int(0), flags = a.int(2), addr = a.ptr(4);
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800 | 0x6000 /* AT_STATX_SYNC_TYPE */)) return -EINVAL;
  const path = readPath(t, a.ptr(1));
  if (typeof path === 'number') return path;
  const inode = inodeAt(k, t, dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), flags);
  if (typeof inode === 'number') return inode;
  const st = attrOf(k, t, inode);
  if (typeof st === 'number') return st;
  const bytes = structLayout('statx', k.arch).encode({
    stx_mask: STATX_BASIC_STATS, stx_blksize: st.blksize, stx_nlink: st.nlink, stx_uid: st.uid, stx_gid: st.gid,
    stx_mode: st.mode, stx_ino: st.ino, stx_size: st.size, stx_blocks: st.blocks,
    stx_atime: { tv_sec: st.atime[0], tv_nsec: st.atime[1] },
    stx_ctime: { tv_sec: st.ctime[0], tv_nsec: st.ctime[1] },
    stx_mtime: { tv_sec: st.mtime[0], tv_nsec: st.mtime[1] },
    stx_rdev_major: major(st.rdev), stx_rdev_minor: minor(st.rdev),
    stx_dev_major: major(st.dev), stx_dev_minor: minor(st.dev),
  });
  return t.proc.mm.engine.write(addr, bytes) ? 0 : -EFAULT;
};

function writeStatfs(k: Kernel, t: Task, inode: Inode, addr: number): number {
  // Linux's calculate_f_flags always adds ST_VALID (f_flags is meaningful).
  const ST_RDONLY = 1, ST_VALID = 0x20;
  const bytes = structLayout('statfs', k.arch).encode({
    f_type: inode.sb.magic, f_bsize: 4096, f_blocks: 262144, f_bfree: 131072, f_bavail: 131072,
    f_files: 65536, f_ffree: 32768, f_namelen: 255, f_frsize: 4096, f_flags: ST_VALID | (inode.sb.readOnly ? ST_RDONLY : 0),
  });
  return t.proc.mm.engine.write(addr, bytes) ? 0 : -EFAULT;
}

export const statfs: SyscallImpl = (k, t, a) => {
  const path = readPath(t, a.ptr(0));
  if (typeof path === 'number') return path;
  const d = lookupAt(k, t, AT_FDCWD, path, true);
  return typeof d === 'number' ? d : writeStatfs(k, t, d.inode, a.ptr(1));
};
export const fstatfs: SyscallImpl = (k, t, a) => {
  const f = t.proc.files.get(a.int(0));
  return f ? writeStatfs(k, t, f.inode, a.ptr(1)) : -EBADF;
};
/**
 * statfs64/fstatfs64 (the tables that have them: ppc64, s390x; glibc's statfs calls them there):
 * on a 64-bit ABI struct statfs64 is struct statfs, and the size argument must say so (EINVAL).
 */
const statfs64Size = (k: Kernel, sz: number) => sz === structLayout('statfs', k.arch).size;
export const statfs64: SyscallImpl = (k, t, a) => {
  if (!statfs64Size(k, a.u64(1))) return -EINVAL;
  const path = readPath(t, a.ptr(0));
  if (typeof path === 'number') return path;
  const d = lookupAt(k, t, AT_FDCWD, path, true);
  return typeof d === 'number' ? d : writeStatfs(k, t, d.inode, a.ptr(2));
};
export const fstatfs64: SyscallImpl = (k, t, a) => {
  if (!statfs64Size(k, a.u64(1))) return -EINVAL;
  const f = t.proc.files.get(a.int(0));
  return f ? writeStatfs(k, t, f.inode, a.ptr(2)) : -EBADF;
};

function readlinkAt(k: Kernel, t: Task, dirfd: number, pathAddr: number, buf: number, size: number): number {
  const path = readPath(t, pathAddr);
  if (typeof path === 'number') return path;
  if (size <= 0) return -EINVAL;
  const d = lookupAt(k, t, dirfd, path, false, path === '' ? AT_EMPTY_PATH : 0);
  if (typeof d === 'number') return d;
  if (!isLink(d.inode.mode()) || !d.inode.readlink) return -EINVAL;
  const target = d.inode.readlink(ctxOf(k, t));
  if (typeof target === 'number') return target;
  const bytes = new TextEncoder().encode(target);
  const n = Math.min(bytes.length, size);
  return t.proc.mm.engine.write(buf, bytes.subarray(0, n)) ? n : -EFAULT;
}

export const readlinkat: SyscallImpl = (k, t, a) => readlinkAt(k, t, a.int(0), a.ptr(1), a.ptr(2), a.int(3));
export const readlink: SyscallImpl = (k, t, a) => readlinkAt(k, t, AT_FDCWD, a.ptr(0), a.ptr(1), a.int(2));

const R_OK = 4, W_OK = 2, X_OK = 1;
const AT_EACCESS = 0x200;

function accessAt(k: Kernel, t: Task, dirfd: number, pathAddr: number, mode: number, flags: number): number {
  if (mode & ~(R_OK | W_OK | X_OK)) return -EINVAL;
  if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  const path = readPath(t, pathAddr);
  if (typeof path === 'number') return path;
  const inode = inodeAt(k, t, dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), flags);
  if (typeof inode === 'number') return inode;
  const st = attrOf(k, t, inode);
  if (typeof st === 'number') return st;
  if ((mode & W_OK) && inode.sb.readOnly && !isLink(st.mode)) return -EROFS;
  // access() asks with the real ids (access_override_creds): capabilities only if the real uid
  // is 0, from the permitted set; AT_EACCESS asks with the file-system ids and effective set.
  const c = t.proc.cred;
  const eff = (flags & AT_EACCESS) !== 0;
  const uid = eff ? c.fsuid : c.uid;
  const override = eff ? c.capable(CAP_DAC_OVERRIDE) : c.uid === 0 && (c.capPermitted & (1n << BigInt(CAP_DAC_OVERRIDE))) !== 0n;
  if (override) {
    // It may read and write anything; it may execute what has any x bit (or a directory).
    return (mode & X_OK) && !isDir(st.mode) && !(st.mode & 0o111) ? -EACCES : 0;
  }
  const inGroup = eff ? c.inGroup(st.gid) : st.gid === c.gid || c.groups.includes(st.gid);
  const shift = st.uid === uid ? 6 : inGroup ? 3 : 0;
  const granted = (st.mode >> shift) & 7;
  return (granted & mode) === mode ? 0 : -EACCES;
}

export const faccessat: SyscallImpl = (k, t, a) => accessAt(k, t, a.int(0), a.ptr(1), a.int(2), 0);
export const faccessat2: SyscallImpl = (k, t, a) => accessAt(k, t, a.int(0), a.ptr(1), a.int(2), a.int(3));
export const access: SyscallImpl = (k, t, a) => accessAt(k, t, AT_FDCWD, a.ptr(0), a.int(1), 0);

