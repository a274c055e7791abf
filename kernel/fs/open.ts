// open(2)'s core, shared by openat/open/creat and exec: resolve, create if asked, check the
// type against the flags, and make the open file description.
import { EACCES, EEXIST, EISDIR, ELOOP, ENOENT, ENOTDIR, ENXIO, EOPNOTSUPP, EROFS } from '../abi/errno.js';
import { O_ACCMODE, O_CREAT, O_EXCL, O_PATH, O_RDONLY, O_TRUNC, O_CLOEXEC, __O_TMPFILE } from '../abi/flags.js';
import type { ArchDescriptor } from '../../arch/types.js';
import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';
import { ctxOf, startDir } from './at.js';
import { OpenFile, type FileOps } from './file.js';
import { isDir, isLink, S_IFMT, S_IFREG, type FsCtx } from './inode.js';
import { Dentry } from './namei.js';

/**
 * The four open flags whose values differ between architectures, in the kernel's own form
 * (x86_64's values). Guest flags are translated at the syscall boundary, both ways.
 */
export const O_DIRECT = 0o40000, O_LARGEFILE = 0o100000, O_DIRECTORY = 0o200000, O_NOFOLLOW = 0o400000;
const MOVED = O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW;

/** Guest open flags -> the kernel's form. */
export function openFlagsIn(arch: ArchDescriptor, f: number): number {
  const a = arch.flags;
  return (f & ~(a.O_DIRECT | a.O_LARGEFILE | a.O_DIRECTORY | a.O_NOFOLLOW))
    | (f & a.O_DIRECT ? O_DIRECT : 0) | (f & a.O_LARGEFILE ? O_LARGEFILE : 0)
    | (f & a.O_DIRECTORY ? O_DIRECTORY : 0) | (f & a.O_NOFOLLOW ? O_NOFOLLOW : 0);
}

/** The kernel's open flags -> the guest's (F_GETFL). */
export function openFlagsOut(arch: ArchDescriptor, f: number): number {
  const a = arch.flags;
  return (f & ~MOVED) | (f & O_DIRECT ? a.O_DIRECT : 0) | (f & O_LARGEFILE ? a.O_LARGEFILE : 0)
    | (f & O_DIRECTORY ? a.O_DIRECTORY : 0) | (f & O_NOFOLLOW ? a.O_NOFOLLOW : 0);
}

/** Open file flags kept on the description (F_GETFL): everything but the open-time ones. */
const OPEN_TIME = O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC | 0o400 /* O_NOCTTY */;

export function openPath(k: Kernel, t: Task, dirfd: number, path: string, flags: number, mode: number): OpenFile | number {
  const ctx = ctxOf(k, t);
  if ((flags & __O_TMPFILE) === __O_TMPFILE) return -EOPNOTSUPP; // no O_TMPFILE yet
  const base = startDir(t, dirfd, path);
  if (typeof base === 'number') return base;
  const root = t.proc.fs.root;
  let d: Dentry | number;
  if (flags & O_CREAT) {
    const p = k.vfs.walkParent(ctx, root, base, path);
    if (typeof p === 'number') return p;
    if (p.last === null) return -EISDIR;
    const follow = !(flags & (O_EXCL | O_NOFOLLOW));
    const existing = k.vfs.finish(ctx, root, p, follow);
    if (typeof existing === 'number' && existing !== -ENOENT) return existing;
    if (typeof existing !== 'number') {
      if (flags & O_EXCL) return -EEXIST;
      d = existing;
    } else {
      if (p.trailingSlash) return -EISDIR;
      // A dangling symlink is followed: the file is made where it points.
      const at = follow ? k.vfs.createParent(ctx, root, p) : p;
      if (typeof at === 'number') return at;
      if (at.last === null || at.trailingSlash) return -EISDIR;
      const dir = at.dir.inode;
      if (dir.sb.readOnly) return -EROFS;
      if (!dir.create) return -EACCES;
      const made = dir.create(ctx, at.last, (mode & ~t.proc.fs.umask) & 0o7777);
      if (typeof made === 'number') return made;
      return finishOpen(ctx, { dentryOf: at.dir, name: at.last, inode: made }, flags & ~O_TRUNC);
    }
  } else {
    d = k.vfs.lookup(ctx, root, base, path, !(flags & O_NOFOLLOW));
    if (typeof d === 'number') return d;
  }
  return finishOpen(ctx, d, flags);
}

/** Type checks, truncation and the description, for a resolved dentry. */
function finishOpen(ctx: FsCtx, target: Dentry | { dentryOf: Dentry; name: string; inode: Dentry['inode'] }, flags: number): OpenFile | number {
  const d: Dentry = 'dentryOf' in target ? new Dentry(target.name, target.dentryOf, target.inode) : target;
  const inode = d.inode;
  const mode = inode.mode();
  const acc = flags & O_ACCMODE;
  if (flags & O_PATH) return new OpenFile({}, flags & ~OPEN_TIME, d, inode);
  // do_open checks O_DIRECTORY before may_open refuses a symlink left by O_NOFOLLOW.
  if ((flags & O_DIRECTORY) && !isDir(mode)) return -ENOTDIR;
  if (isLink(mode)) return -ELOOP; // O_NOFOLLOW on a symlink
  if (isDir(mode) && (acc !== O_RDONLY || (flags & O_CREAT))) return -EISDIR;
  if (inode.sb.readOnly && (acc !== O_RDONLY || (flags & O_TRUNC)) && (mode & S_IFMT) === S_IFREG) return -EROFS;
  let ops: FileOps | number;
  if (isDir(mode)) ops = {};
  else if (!inode.open) return -ENXIO;
  else ops = inode.open(ctx, flags);
  if (typeof ops === 'number') return ops;
  if ((flags & O_TRUNC) && acc !== O_RDONLY && (mode & S_IFMT) === S_IFREG) {
    const r = ops.truncate ? ops.truncate(0) : 0;
    if (r < 0) { ops.release?.(new OpenFile(ops, flags, d, inode)); return r; }
    ctx.k.filePages.truncated(inode, 0);
  }
  return new OpenFile(ops, flags & ~OPEN_TIME, d, inode);
}
