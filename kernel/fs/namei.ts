// Mounts, dentries and path lookup, after Linux's fs/namei.c. A Dentry is a name in the
// guest's tree: its inode, its parent, and the mount it lives on. The root of a mount hangs
// where its mount point is (same name, same parent), so `..` out of a mount is just `parent`.
// Lookup walks component by component from the process's root or a starting directory:
// `.` stays, `..` goes up (never above the root), a symlink is followed when it is not the last
// component or when the caller follows (at most 40 per lookup: ELOOP), a trailing slash
// demands a directory.
import { ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR } from '../abi/errno.js';
import { isDir, isLink, type FsCtx, type Inode } from './inode.js';

export const PATH_MAX = 4096;
export const NAME_MAX = 255;
/** Symlinks followed in one lookup (Linux's MAXSYMLINKS). */
export const MAXSYMLINKS = 40;

export class Dentry {
  constructor(readonly name: string, readonly parent: Dentry | null, readonly inode: Inode) {}
}

export class Vfs {
  /** Guest absolute path -> the root inode of what is mounted there. */
  private readonly mounts = new Map<string, Inode>();
  /** Mounts stack, as Linux's: what each one at a path covered, for umount to uncover. */
  private readonly covered = new Map<string, Inode[]>();
  readonly root: Dentry;
  constructor(rootInode: Inode) {
    this.root = new Dentry('', null, rootInode);
  }

  /**
   * Mount `inode` at the absolute `path`. The mount point need not exist in the file system
   * below (a --root sysroot has no /proc): the mount supplies the name.
   */
  mount(path: string, inode: Inode): void {
    const norm = '/' + path.split('/').filter((c) => c && c !== '.').join('/');
    const below = this.mounts.get(norm);
    if (below) this.covered.set(norm, [...(this.covered.get(norm) ?? []), below]);
    this.mounts.set(norm, inode);
  }

  /** Remove the last mount at `path` (what it covered shows again); false if none is there. */
  unmount(path: string): boolean {
    if (!this.mounts.has(path)) return false;
    const below = this.covered.get(path)?.pop();
    if (below) this.mounts.set(path, below);
    else this.mounts.delete(path);
    return true;
  }

  isMountPoint(path: string): boolean { return this.mounts.has(path); }

  /** Every mount, the root's first, then in the order made: what /proc/mounts lists. */
  mountTable(): Array<[string, Inode]> { return [['/', this.root.inode], ...this.mounts]; }

  /**
   * The names mounted directly in directory `dir`. A mount point is a directory of its parent on
   * Linux, so it is listed there even when the file system below has no such name (a --root
   * sysroot without /proc, the empty root of --sandbox).
   */
  mountedNamesIn(dir: Dentry): Array<[string, Inode]> {
    const base = this.pathOf(dir, this.root);
    const out: Array<[string, Inode]> = [];
    for (const [path, inode] of this.mounts) {
      const cut = path.lastIndexOf('/');
      if ((cut === 0 ? '/' : path.slice(0, cut)) === base) out.push([path.slice(cut + 1), inode]);
    }
    return out;
  }

  /** The absolute path of `d` as seen from `root` (what getcwd and /proc/PID/cwd say). */
  pathOf(d: Dentry, root: Dentry): string {
    const parts: string[] = [];
    for (let x: Dentry | null = d; x && x !== root && x.parent; x = x.parent) parts.push(x.name);
    return '/' + parts.reverse().join('/');
  }

  /** The child `name` of directory `dir`, or what is mounted on it. */
  child(ctx: FsCtx, dir: Dentry, name: string): Dentry | number {
    if (this.mounts.size) {
      const base = this.pathOf(dir, this.root);
      const m = this.mounts.get(base === '/' ? `/${name}` : `${base}/${name}`);
      if (m) return new Dentry(name, dir, m);
    }
    const inode = dir.inode.lookup ? dir.inode.lookup(ctx, name) : -ENOTDIR;
    if (typeof inode === 'number') return inode;
    return new Dentry(name, dir, inode);
  }

  /**
   * Resolve `path` from `base` (relative paths) or `root` (absolute ones). `follow`: whether a
   * symlink as the last component is followed (open without O_NOFOLLOW, stat; not lstat).
   */
  lookup(ctx: FsCtx, root: Dentry, base: Dentry, path: string, follow: boolean, budget = { links: MAXSYMLINKS }): Dentry | number {
    const p = this.walkParent(ctx, root, base, path, budget);
    if (typeof p === 'number') return p;
    if (p.last === null) return p.dir;
    return this.finish(ctx, root, p, follow, budget);
  }

  /** The last step of a lookup: the child, followed if it is a symlink and wanted, checked against a trailing slash. */
  finish(ctx: FsCtx, root: Dentry, p: ParentResult, follow: boolean, budget = { links: MAXSYMLINKS }): Dentry | number {
    let d = this.step(ctx, root, p.dir, p.last!);
    if (typeof d === 'number') return d;
    if (isLink(d.inode.mode()) && (follow || p.trailingSlash)) {
      d = this.followLink(ctx, root, d, budget);
      if (typeof d === 'number') return d;
    }
    if (p.trailingSlash && !isDir(d.inode.mode())) return -ENOTDIR;
    return d;
  }

  /**
   * Walk every component but the last; the last is returned unresolved (null when the path
   * names its directory itself: "/", ".", "a/.."). For creating and removing names.
   */
  walkParent(ctx: FsCtx, root: Dentry, base: Dentry, path: string, budget = { links: MAXSYMLINKS }): ParentResult | number {
    if (path.length === 0) return -ENOENT;
    if (new TextEncoder().encode(path).length >= PATH_MAX) return -ENAMETOOLONG;
    const parts = path.split('/').filter((c) => c.length > 0);
    const trailingSlash = path.endsWith('/');
    let dir = path.startsWith('/') ? root : base;
    for (let i = 0; i < parts.length - 1; i++) {
      let d = this.step(ctx, root, dir, parts[i]);
      if (typeof d === 'number') return d;
      if (isLink(d.inode.mode())) {
        d = this.followLink(ctx, root, d, budget);
        if (typeof d === 'number') return d;
      }
      if (!isDir(d.inode.mode())) return -ENOTDIR;
      dir = d;
    }
    if (!isDir(dir.inode.mode())) return -ENOTDIR;
    const last = parts.length ? parts[parts.length - 1] : null;
    if (last === '.' || last === '..') {
      const d = this.step(ctx, root, dir, last);
      if (typeof d === 'number') return d;
      return { dir: d, last: null, trailingSlash, dotLast: true, dotDot: last === '..' };
    }
    if (last !== null && new TextEncoder().encode(last).length > NAME_MAX) return -ENAMETOOLONG;
    return { dir, last, trailingSlash, dotLast: false, dotDot: false };
  }

  /**
   * Where O_CREAT makes the file `p` names: `p` itself, or, when its last component is a
   * symlink (one whose target is missing, since the caller found nothing), the parent and name
   * that target names, link after link, as Linux's open_last_lookups follows it and creates there.
   */
  createParent(ctx: FsCtx, root: Dentry, p: ParentResult, budget = { links: MAXSYMLINKS }): ParentResult | number {
    for (;;) {
      if (p.last === null) return p;
      const d = this.step(ctx, root, p.dir, p.last);
      if (typeof d === 'number' || !isLink(d.inode.mode())) return p;
      if (--budget.links < 0) return -ELOOP;
      const target = d.inode.readlink!(ctx);
      if (typeof target === 'number') return target;
      if (target.length === 0) return -ENOENT;
      const next = this.walkParent(ctx, root, p.dir, target, budget);
      if (typeof next === 'number') return next;
      p = next;
    }
  }

  /** One component from a directory: `.`, `..` or a name. */
  private step(ctx: FsCtx, root: Dentry, dir: Dentry, name: string): Dentry | number {
    if (!isDir(dir.inode.mode())) return -ENOTDIR;
    if (name === '.') return dir;
    if (name === '..') return dir === root || !dir.parent ? dir : dir.parent;
    if (new TextEncoder().encode(name).length > NAME_MAX) return -ENAMETOOLONG;
    return this.child(ctx, dir, name);
  }

  private followLink(ctx: FsCtx, root: Dentry, link: Dentry, budget: { links: number }): Dentry | number {
    let d: Dentry | number = link;
    while (typeof d !== 'number' && isLink(d.inode.mode())) {
      if (--budget.links < 0) return -ELOOP;
      const target = d.inode.readlink!(ctx);
      if (typeof target === 'number') return target;
      // /proc's magic links (fd/N, exe, cwd) jump straight to a dentry.
      const jump: Dentry | null | undefined = (d.inode as { jumpTo?: (ctx: FsCtx) => Dentry | null }).jumpTo?.(ctx);
      if (jump) { d = jump; continue; }
      if (target.length === 0) return -ENOENT;
      d = this.lookup(ctx, root, d.parent ?? root, target, true, budget);
    }
    return d;
  }
}

export interface ParentResult {
  dir: Dentry;
  /** The last component, or null when the path ends in its directory itself. */
  last: string | null;
  trailingSlash: boolean;
  /** The path ended in `.` or `..` (mkdir says EEXIST, rmdir EINVAL/ENOTEMPTY). */
  dotLast: boolean;
  /** It ended in `..` (rmdir says ENOTEMPTY, not EINVAL). */
  dotDot: boolean;
}

