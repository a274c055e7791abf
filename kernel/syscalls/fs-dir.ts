// Changing the tree and its files: getdents64 (and getdents), mkdir(at), unlink(at), rmdir, rename(at/at2),
// mknod(at), link(at), symlink(at), chmod family, chown family, utimensat, truncate, ftruncate, fsync,
// fdatasync, fallocate, getcwd, chdir, fchdir, umask.
import {
  EBADF, EBUSY, EEXIST, EFAULT, EINVAL, EISDIR, ENOENT, ENOTDIR, ENOTEMPTY, EOPNOTSUPP, EPERM, ERANGE, EROFS, EXDEV,
} from '../abi/errno.js';
import { AT_EMPTY_PATH, AT_FDCWD, AT_REMOVEDIR, AT_SYMLINK_FOLLOW, AT_SYMLINK_NOFOLLOW } from '../abi/flags.js';
import type { SyscallImpl } from '../dispatch.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';
import { NS } from '../clock.js';
import { ctxOf, dirAt, inodeAt, lookupAt, parentAt, readPath } from '../fs/at.js';
import { S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFMT, S_IFREG, S_IFSOCK, dtype, isDir, type Inode, type SetAttr } from '../fs/inode.js';
import type { ParentResult } from '../fs/namei.js';
import { structLayout } from '../abi/structs.js';
import { CAP_MKNOD, CAP_SYS_CHROOT } from '../creds.js';

/**
 * getdents64, and the older getdents some tables still have (x86_64's): the same directory
 * stream, each record as its struct lays it out.
 *   linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
 *   linux_dirent   { unsigned long d_ino, d_off; u16 d_reclen; char d_name[]; ... u8 d_type at d_reclen-1 }
 */
function readDirents(k: Kernel, t: Task, fd: number, buf: number, size: number, legacy: boolean): number {
  const f = t.proc.files.get(fd);
  if (!f) return -EBADF;
  if (!isDir(f.inode.mode()) || !f.inode.readdir) return -ENOTDIR;
  if (!f.dirents) {
    const list = f.inode.readdir(ctxOf(k, t));
    if (typeof list === 'number') return list;
    f.dirents = list.map((e) => ({ name: e.name, ino: e.ino, type: dtype(e.mode) }));
    if (f.dentry) {
      for (const [name, inode] of k.vfs.mountedNamesIn(f.dentry)) {
        if (f.dirents.some((e) => e.name === name)) continue;
        const attr = inode.getattr(ctxOf(k, t));
        f.dirents.push({ name, ino: typeof attr === 'number' ? 0 : attr.ino, type: dtype(S_IFDIR) });
      }
    }
  }
  const le = k.arch.endian === 'little';
  const out = new Uint8Array(Math.min(size, 1 << 20));
  const dv = new DataView(out.buffer);
  const enc = new TextEncoder();
  let off = 0;
  while (f.pos < f.dirents.length) {
    const e = f.dirents[f.pos];
    const name = enc.encode(e.name);
    // d_name starts at 19 (dirent64) or 18 (dirent, whose d_type byte follows the name's NUL).
    const nameAt = legacy ? 18 : 19;
    const reclen = (nameAt + name.length + (legacy ? 2 : 1) + 7) & ~7;
    if (off + reclen > out.length) {
      if (off === 0) return -EINVAL;
      break;
    }
    dv.setBigUint64(off, BigInt(e.ino), le);
    dv.setBigInt64(off + 8, BigInt(f.pos + 1), le);
    dv.setUint16(off + 16, reclen, le);
    out[legacy ? off + reclen - 1 : off + 18] = e.type;
    out.set(name, off + nameAt);
    off += reclen;
    f.pos++;
  }
  return off === 0 || t.proc.mm.engine.write(buf, out.subarray(0, off)) ? off : -EFAULT;
}

export const getdents64: SyscallImpl = (k, t, a) => readDirents(k, t, a.int(0), a.ptr(1), a.u32(2), false);
export const getdents: SyscallImpl = (k, t, a) => readDirents(k, t, a.int(0), a.ptr(1), a.u32(2), true);

/** Resolve the parent of a name to create or remove; a path ending in `.`/`..` gives `dot`. */
function parentOf(k: Kernel, t: Task, dirfd: number, pathAddr: number): ParentResult | number {
  const path = readPath(t, pathAddr);
  if (typeof path === 'number') return path;
  return parentAt(k, t, dirfd, path);
}

function writable(dir: Inode): number { return dir.sb.readOnly ? -EROFS : 0; }

/**
 * Linux's filename_create: the parent of a name to make, and the name, which must not exist
 * (EEXIST, checked before the mount's EROFS).
 */
function filenameCreate(k: Kernel, t: Task, dirfd: number, pathAddr: number): { dir: Inode; last: string } | number {
  const p = parentOf(k, t, dirfd, pathAddr);
  if (typeof p === 'number') return p;
  if (p.last === null) return -EEXIST;
  const exists = p.dir.inode.lookup?.(ctxOf(k, t), p.last);
  if (exists !== undefined && typeof exists !== 'number') return -EEXIST;
  const ro = writable(p.dir.inode);
  return ro || { dir: p.dir.inode, last: p.last };
}

function mkdirAt(k: Kernel, t: Task, dirfd: number, pathAddr: number, mode: number): number {
  const p = filenameCreate(k, t, dirfd, pathAddr);
  if (typeof p === 'number') return p;
  if (!p.dir.mkdir) return -EPERM;
  return p.dir.mkdir(ctxOf(k, t), p.last, mode & ~t.proc.fs.umask & 0o7777);
}
export const mkdirat: SyscallImpl = (k, t, a) => mkdirAt(k, t, a.int(0), a.ptr(1), a.u32(2));

/**
 * mknodat, as do_mknodat: the type first (0 means a regular file; a directory or an unknown
 * type is EINVAL, S_IFDIR EPERM), then the name (EEXIST) and the mount (EROFS); a device
 * node needs root. A regular file is made as open(O_CREAT|O_EXCL) makes it. FIFOs, sockets and
 * device nodes are not kept by these file systems: EPERM, as a file system without ->mknod says.
 */
function mknodAt(k: Kernel, t: Task, dirfd: number, pathAddr: number, mode: number): number {
  const type = mode & S_IFMT;
  if (type === S_IFDIR) return -EPERM;
  if (type !== 0 && type !== S_IFREG && type !== S_IFCHR && type !== S_IFBLK && type !== S_IFIFO && type !== S_IFSOCK) return -EINVAL;
  const p = filenameCreate(k, t, dirfd, pathAddr);
  if (typeof p === 'number') return p;
  if ((type === S_IFCHR || type === S_IFBLK) && !t.proc.cred.capable(CAP_MKNOD)) return -EPERM;
  const ctx = ctxOf(k, t), perm = mode & ~t.proc.fs.umask & 0o7777;
  if (type === 0 || type === S_IFREG) {
    if (!p.dir.create) return -EPERM;
    const made = p.dir.create(ctx, p.last, perm);
    return typeof made === 'number' ? made : 0;
  }
  return p.dir.mknod ? p.dir.mknod(ctx, p.last, type | perm) : -EPERM;
}
export const mknodat: SyscallImpl = (k, t, a) => mknodAt(k, t, a.int(0), a.ptr(1), a.u32(2));
export const mknod: SyscallImpl = (k, t, a) => mknodAt(k, t, AT_FDCWD, a.ptr(0), a.u32(1));
export const mkdir: SyscallImpl = (k, t, a) => mkdirAt(k, t, AT_FDCWD, a.ptr(0), a.u32(1));

function removeAt(k: Kernel, t: Task, dirfd: number, pathAddr: number, dir: boolean): number {
  const p = parentOf(k, t, dirfd, pathAddr);
  if (typeof p === 'number') return p;
  // As do_rmdir/do_unlinkat: the kind of last component, then the mount's write access (so a
  // missing name on a read-only mount is EROFS, as Linux says it), then the lookup.
  if (p.last === null) return dir ? (p.dotDot ? -ENOTEMPTY : p.dotLast ? -EINVAL : -EBUSY) : -EISDIR;
  const ro = writable(p.dir.inode);
  if (ro) return ro;
  const ctx = ctxOf(k, t);
  const target = p.dir.inode.lookup?.(ctx, p.last) ?? -ENOTDIR;
  if (typeof target === 'number') return target;
  if (!dir && p.trailingSlash) return isDir(target.mode()) ? -EISDIR : -ENOTDIR;
  if (k.vfs.isMountPoint(k.vfs.pathOf(p.dir, k.vfs.root) + '/' + p.last)) return -EBUSY;
  if (dir) return p.dir.inode.rmdir ? p.dir.inode.rmdir(ctx, p.last) : -EPERM;
  if (isDir(target.mode())) return -EISDIR;
  return p.dir.inode.unlink ? p.dir.inode.unlink(ctx, p.last) : -EPERM;
}
export const unlinkat: SyscallImpl = (k, t, a) => {
  if (a.int(2) & ~AT_REMOVEDIR) return -EINVAL;
  return removeAt(k, t, a.int(0), a.ptr(1), (a.int(2) & AT_REMOVEDIR) !== 0);
};
export const unlink: SyscallImpl = (k, t, a) => removeAt(k, t, AT_FDCWD, a.ptr(0), false);
export const rmdir: SyscallImpl = (k, t, a) => removeAt(k, t, AT_FDCWD, a.ptr(0), true);

function renameAt(k: Kernel, t: Task, ofd: number, oaddr: number, nfd: number, naddr: number, flags: number): number {
  if (flags & ~7) return -EINVAL;
  const from = parentOf(k, t, ofd, oaddr);
  if (typeof from === 'number') return from;
  const to = parentOf(k, t, nfd, naddr);
  if (typeof to === 'number') return to;
  // As do_renameat2: EXDEV and the kinds of last component, then the mount's write access
  // (EROFS even for a missing source), then the lookups.
  if (from.dir.inode.sb !== to.dir.inode.sb) return -EXDEV;
  if (from.last === null || to.last === null) return -EBUSY;
  const ro = writable(from.dir.inode);
  if (ro) return ro;
  const ctx = ctxOf(k, t);
  const src = from.dir.inode.lookup?.(ctx, from.last) ?? -ENOTDIR;
  if (typeof src === 'number') return src;
  if ((from.trailingSlash || to.trailingSlash) && !isDir(src.mode())) return -ENOTDIR;
  const dst = to.dir.inode.lookup?.(ctx, to.last);
  if (dst !== undefined && typeof dst !== 'number' && dst.key === src.key) return 0;
  if (dst !== undefined && typeof dst !== 'number' && isDir(dst.mode()) && !isDir(src.mode())) return -EISDIR;
  return from.dir.inode.rename ? from.dir.inode.rename(ctx, from.last, to.dir.inode, to.last, flags) : -EPERM;
}
export const renameat2: SyscallImpl = (k, t, a) => renameAt(k, t, a.int(0), a.ptr(1), a.int(2), a.ptr(3), a.u32(4));
export const renameat: SyscallImpl = (k, t, a) => renameAt(k, t, a.int(0), a.ptr(1), a.int(2), a.ptr(3), 0);
export const rename: SyscallImpl = (k, t, a) => renameAt(k, t, AT_FDCWD, a.ptr(0), AT_FDCWD, a.ptr(1), 0);

function linkAt(k: Kernel, t: Task, ofd: number, oaddr: number, nfd: number, naddr: number, flags: number): number {
  if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  const opath = readPath(t, oaddr);
  if (typeof opath === 'number') return opath;
  const src = lookupAt(k, t, ofd, opath, (flags & AT_SYMLINK_FOLLOW) !== 0, flags);
  if (typeof src === 'number') return src;
  if (isDir(src.inode.mode())) return -EPERM;
  const to = parentOf(k, t, nfd, naddr);
  if (typeof to === 'number') return to;
  if (to.last === null) return -EEXIST;
  const ctx = ctxOf(k, t);
  const dst = to.dir.inode.lookup?.(ctx, to.last);
  if (dst !== undefined && typeof dst !== 'number') return -EEXIST;
  if (src.inode.sb !== to.dir.inode.sb) return -EXDEV;
  const ro = writable(to.dir.inode);
  if (ro) return ro;
  return to.dir.inode.link ? to.dir.inode.link(ctx, to.last, src.inode) : -EPERM;
}
export const linkat: SyscallImpl = (k, t, a) => linkAt(k, t, a.int(0), a.ptr(1), a.int(2), a.ptr(3), a.int(4));
export const link: SyscallImpl = (k, t, a) => linkAt(k, t, AT_FDCWD, a.ptr(0), AT_FDCWD, a.ptr(1), 0);

function symlinkAt(k: Kernel, t: Task, targetAddr: number, dirfd: number, pathAddr: number): number {
  const target = readPath(t, targetAddr);
  if (typeof target === 'number') return target;
  if (target === '') return -ENOENT;
  const p = filenameCreate(k, t, dirfd, pathAddr);
  if (typeof p === 'number') return p;
  return p.dir.symlink ? p.dir.symlink(ctxOf(k, t), p.last, target) : -EPERM;
}
export const symlinkat: SyscallImpl = (k, t, a) => symlinkAt(k, t, a.ptr(0), a.int(1), a.ptr(2));
export const symlink: SyscallImpl = (k, t, a) => symlinkAt(k, t, a.ptr(0), AT_FDCWD, a.ptr(1));

/** Change attributes of the file at (dirfd, path), or of an open file when path is null. */
function setattrAt(k: Kernel, t: Task, dirfd: number, pathAddr: number | null, follow: boolean, flags: number, change: SetAttr): number {
  let inode: Inode;
  if (pathAddr === null) {
    const f = t.proc.files.get(dirfd);
    if (!f) return -EBADF;
    inode = f.inode;
  } else {
    const path = readPath(t, pathAddr);
    if (typeof path === 'number') return path;
    const found = inodeAt(k, t, dirfd, path, follow, flags);
    if (typeof found === 'number') return found;
    inode = found;
  }
  if (inode.sb.readOnly) return -EROFS;
  if (!inode.setattr) return -EPERM;
  const r = inode.setattr(ctxOf(k, t), change);
  if (r === 0 && change.size !== undefined) k.filePages.truncated(inode, change.size);
  return r;
}

export const fchmod: SyscallImpl = (k, t, a) => setattrAt(k, t, a.int(0), null, true, 0, { mode: a.u32(1) });
export const fchmodat: SyscallImpl = (k, t, a) => setattrAt(k, t, a.int(0), a.ptr(1), true, 0, { mode: a.u32(2) });
export const chmod: SyscallImpl = (k, t, a) => setattrAt(k, t, AT_FDCWD, a.ptr(0), true, 0, { mode: a.u32(1) });
export const fchown: SyscallImpl = (k, t, a) => setattrAt(k, t, a.int(0), null, true, 0, { uid: a.int(1), gid: a.int(2) });
export const fchownat: SyscallImpl = (k, t, a) => {
  const flags = a.int(4);
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  return setattrAt(k, t, a.int(0), a.ptr(1), !(flags & AT_SYMLINK_NOFOLLOW), flags, { uid: a.int(2), gid: a.int(3) });
};
export const chown: SyscallImpl = (k, t, a) => setattrAt(k, t, AT_FDCWD, a.ptr(0), true, 0, { uid: a.int(1), gid: a.int(2) });
export const lchown: SyscallImpl = (k, t, a) => setattrAt(k, t, AT_FDCWD, a.ptr(0), false, 0, { uid: a.int(1), gid: a.int(2) });

const UTIME_NOW = (1 << 30) - 1, UTIME_OMIT = (1 << 30) - 2;

/** 0 when (dirfd, path) names a file (a null path: dirfd itself), else the lookup's -errno. */
function lookedUp(k: Kernel, t: Task, dirfd: number, pathAddr: number, flags: number): number {
  if (!pathAddr) return t.proc.files.get(dirfd) ? 0 : -EBADF;
  const path = readPath(t, pathAddr);
  if (typeof path === 'number') return path;
  const i = inodeAt(k, t, dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), flags);
  return typeof i === 'number' ? i : 0;
}
export const utimensat: SyscallImpl = (k, t, a) => {
  const flags = a.int(3);
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -EINVAL;
  const nowNs = k.clockNs;
  const now: [number, number] = [k.bootRealtimeSec + Math.floor(nowNs / NS), nowNs % NS];
  const change: SetAttr = {};
  if (a.ptr(2)) {
    const L = structLayout('timespec', k.arch);
    const b = t.proc.mm.engine.read(a.ptr(2), 2 * L.size);
    if (!b) return -EFAULT;
    const times = [0, 1].map((i) => [L.get(b, 'tv_sec', i * L.size), L.get(b, 'tv_nsec', i * L.size)] as [number, number]);
    // A bad time is EINVAL once the file is found (vfs_utimes checks it after the lookup).
    if (times.some(([, n]) => n !== UTIME_NOW && n !== UTIME_OMIT && (n < 0 || n >= NS))) return lookedUp(k, t, a.int(0), a.ptr(1), flags) || -EINVAL;
    if (times[0][1] !== UTIME_OMIT) change.atime = times[0][1] === UTIME_NOW ? now : times[0];
    if (times[1][1] !== UTIME_OMIT) change.mtime = times[1][1] === UTIME_NOW ? now : times[1];
  } else {
    change.atime = now;
    change.mtime = now;
  }
  // A null path means the open file dirfd (Linux's futimens form).
  return setattrAt(k, t, a.int(0), a.ptr(1) ? a.ptr(1) : null, !(flags & AT_SYMLINK_NOFOLLOW), flags, change);
};

/**
 * utimes / futimesat: two timevals (microseconds; 0..999999 or EINVAL), or NULL for now; as
 * utimensat on the path.
 */
function utimesAt(k: Kernel, t: Task, dirfd: number, pathAddr: number, tvAddr: number): number {
  const nowNs = k.clockNs;
  const now: [number, number] = [k.bootRealtimeSec + Math.floor(nowNs / NS), nowNs % NS];
  if (!tvAddr) return setattrAt(k, t, dirfd, pathAddr, true, 0, { atime: now, mtime: now });
  const L = structLayout('timeval', k.arch);
  const b = t.proc.mm.engine.read(tvAddr, 2 * L.size);
  if (!b) return -EFAULT;
  const times = [0, 1].map((i) => [L.get(b, 'tv_sec', i * L.size), L.get(b, 'tv_usec', i * L.size)]);
  for (const [, us] of times) if (us < 0 || us >= 1e6) return -EINVAL;
  return setattrAt(k, t, dirfd, pathAddr, true, 0, {
    atime: [times[0][0], times[0][1] * 1000], mtime: [times[1][0], times[1][1] * 1000],
  });
}
export const utimes: SyscallImpl = (k, t, a) => utimesAt(k, t, AT_FDCWD, a.ptr(0), a.ptr(1));
export const futimesat: SyscallImpl = (k, t, a) => utimesAt(k, t, a.int(0), a.ptr(1), a.ptr(2));

/** utime(path, struct utimbuf { long actime, modtime; } or NULL): whole seconds. */
export const utime: SyscallImpl = (k, t, a) => {
  if (!a.ptr(1)) return utimesAt(k, t, AT_FDCWD, a.ptr(0), 0);
  const L = structLayout('utimbuf', k.arch);
  const b = t.proc.mm.engine.read(a.ptr(1), L.size);
  if (!b) return -EFAULT;
  return setattrAt(k, t, AT_FDCWD, a.ptr(0), true, 0, { atime: [L.get(b, 'actime'), 0], mtime: [L.get(b, 'modtime'), 0] });
};

/** readahead(fd, offset, count): a hint; a descriptor of something but a regular file is EINVAL. */
export const readahead: SyscallImpl = (_k, t, a) => {
  const f = t.proc.files.get(a.int(0));
  if (!f) return -EBADF;
  return f.seekable && (f.inode.mode() & S_IFMT) === S_IFREG ? 0 : -EINVAL;
};

export const truncate: SyscallImpl = (k, t, a) => {
  if (a.s64(1) < 0) return -EINVAL;
  return setattrAt(k, t, AT_FDCWD, a.ptr(0), true, 0, { size: a.s64(1) });
};
export const ftruncate: SyscallImpl = (k, t, a) => {
  const f = t.proc.files.get(a.int(0));
  if (!f) return -EBADF;
  if (a.s64(1) < 0 || !f.writable || !f.ops.truncate) return -EINVAL;
  const r = f.ops.truncate(a.s64(1));
  if (r === 0) k.filePages.truncated(f.inode, a.s64(1));
  return r;
};
export const fsync: SyscallImpl = (_k, t, a) => (t.proc.files.get(a.int(0)) ? 0 : -EBADF);
export const fdatasync = fsync;
export const syncfs = fsync;
/** Nothing is buffered between the guest and its files: sync has nothing to wait for. */
export const sync: SyscallImpl = () => 0;

const LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;
/** flock: granted at once (one process's view: no other holder ever conflicts); the operation is checked. */
export const flock: SyscallImpl = (_k, t, a) => {
  if (!t.proc.files.get(a.int(0))) return -EBADF;
  const op = a.int(1) & ~LOCK_NB;
  return op === LOCK_SH || op === LOCK_EX || op === LOCK_UN ? 0 : -EINVAL;
};
export const fallocate: SyscallImpl = (_k, t, a) => {
  const f = t.proc.files.get(a.int(0));
  if (!f) return -EBADF;
  const mode = a.int(1), off = a.s64(2), len = a.s64(3);
  if (mode !== 0) return -EOPNOTSUPP; // only plain allocation
  if (off < 0 || len <= 0) return -EINVAL;
  if (!f.writable || !f.ops.truncate || !f.ops.size) return -EBADF;
  const end = off + len;
  const r = end > f.ops.size() ? f.ops.truncate(end) : 0;
  if (r === 0) f.ops.allocate?.(off, len);
  return r;
};

export const getcwd: SyscallImpl = (k, t, a) => {
  const fs = t.proc.fs;
  const path = new TextEncoder().encode(k.vfs.pathOf(fs.cwd, fs.root) + '\0');
  if (a.u64(1) < path.length) return -ERANGE;
  return t.proc.mm.engine.write(a.ptr(0), path) ? path.length : -EFAULT;
};

export const chdir: SyscallImpl = (k, t, a) => {
  const d = dirAt(k, t, a.ptr(0));
  if (typeof d === 'number') return d;
  t.proc.fs.cwd = d;
  return 0;
};
/** chroot: the caller's root (and its children's) becomes the directory; only root may (EPERM). */
export const chroot: SyscallImpl = (k, t, a) => {
  const d = dirAt(k, t, a.ptr(0));
  if (typeof d === 'number') return d;
  if (!t.proc.cred.capable(CAP_SYS_CHROOT)) return -EPERM;
  t.proc.fs.root = d;
  return 0;
};
export const fchdir: SyscallImpl = (_k, t, a) => {
  const f = t.proc.files.get(a.int(0));
  if (!f) return -EBADF;
  if (!f.dentry || !isDir(f.inode.mode())) return -ENOTDIR;
  t.proc.fs.cwd = f.dentry;
  return 0;
};
export const umask: SyscallImpl = (_k, t, a) => {
  const old = t.proc.fs.umask;
  t.proc.fs.umask = a.u32(0) & 0o777;
  return old;
};

