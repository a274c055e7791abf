// What every path-taking syscall does first: read the path from guest memory and pick where a
// relative lookup starts (AT_FDCWD: the cwd; otherwise the directory open at dirfd).
import { EBADF, EFAULT, ENAMETOOLONG, ENOENT, ENOTDIR } from '../abi/errno.js';
import { readCString } from '../abi/quote.js';
import { AT_EMPTY_PATH, AT_FDCWD } from '../abi/flags.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';
import { isDir, type FsCtx, type Inode } from './inode.js';
import { PATH_MAX, type Dentry } from './namei.js';

export const ctxOf = (k: Kernel, t: Task): FsCtx => ({ k, t });

/** A path argument as a string, or -EFAULT / -ENAMETOOLONG. */
export function readPath(t: Task, addr: number): string | number {
  const s = readCString(t.proc.mm.engine, addr, PATH_MAX);
  if (!s) return -EFAULT;
  if (!s.terminated) return -ENAMETOOLONG;
  return new TextDecoder().decode(s.bytes);
}

/** The directory a relative path starts from: the cwd for AT_FDCWD, else dirfd's directory. */
export function startDir(t: Task, dirfd: number, path: string): Dentry | number {
  const fs = t.proc.fs;
  if (path.startsWith('/')) return fs.root;
  if (dirfd === AT_FDCWD) return fs.cwd;
  const f = t.proc.files.get(dirfd);
  if (!f) return -EBADF;
  if (!f.dentry || !isDir(f.inode.mode())) return -ENOTDIR;
  return f.dentry;
}

/** Resolve (dirfd, path) as *at() calls do; AT_EMPTY_PATH with "" names dirfd itself. */
export function lookupAt(k: Kernel, t: Task, dirfd: number, path: string, follow: boolean, flags = 0): Dentry | number {
  if (path === '' ) {
    if (!(flags & AT_EMPTY_PATH)) return -ENOENT;
    if (dirfd === AT_FDCWD) return t.proc.fs.cwd;
    const f = t.proc.files.get(dirfd);
    if (!f) return -EBADF;
    return f.dentry ?? -ENOENT;
  }
  const base = startDir(t, dirfd, path);
  if (typeof base === 'number') return base;
  return k.vfs.lookup(ctxOf(k, t), t.proc.fs.root, base, path, follow);
}

/** Resolve all but the last component of (dirfd, path): for creating and removing names. */
export function parentAt(k: Kernel, t: Task, dirfd: number, path: string) {
  const base = startDir(t, dirfd, path);
  if (typeof base === 'number') return base;
  return k.vfs.walkParent(ctxOf(k, t), t.proc.fs.root, base, path);
}

/**
 * The inode (dirfd, path) names, for calls that need only the inode (stat, access, chmod):
 * AT_EMPTY_PATH with "" is the open file itself, which need not have a name (a pipe, a socket).
 */
export function inodeAt(k: Kernel, t: Task, dirfd: number, path: string, follow: boolean, flags = 0): Inode | number {
  if (path === '' && (flags & AT_EMPTY_PATH) && dirfd !== AT_FDCWD) {
    const f = t.proc.files.get(dirfd);
    return f ? f.inode : -EBADF;
  }
  const d = lookupAt(k, t, dirfd, path, follow, flags);
  return typeof d === 'number' ? d : d.inode;
}

/** The directory a path argument names (chdir, chroot, a mount point), or -errno (ENOTDIR). */
export function dirAt(k: Kernel, t: Task, pathAddr: number, follow = true): Dentry | number {
  const path = readPath(t, pathAddr);
  if (typeof path === 'number') return path;
  const d = lookupAt(k, t, AT_FDCWD, path, follow);
  if (typeof d === 'number') return d;
  return isDir(d.inode.mode()) ? d : -ENOTDIR;
}
