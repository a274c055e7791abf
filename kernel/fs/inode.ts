// The VFS's node model (after gVisor's vfs and Linux's struct inode): every file system — the
// in-memory one for /tmp, the host passthrough, /proc, /dev — presents its files as Inodes. An
// Inode answers the directory operations if it is a directory, readlink if it is a symlink, and
// open() for everything that can be opened. Results are values or -errno.
import type { Kernel } from '../kernel.js';
import type { Task } from '../task.js';
import type { FileOps } from './file.js';
import { BOOT_REALTIME_SEC as BOOT_SEC } from '../clock.js';

export const S_IFMT = 0o170000;
export const S_IFSOCK = 0o140000;
export const S_IFLNK = 0o120000;
export const S_IFREG = 0o100000;
export const S_IFBLK = 0o060000;
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;

export const isDir = (mode: number) => (mode & S_IFMT) === S_IFDIR;
export const isLink = (mode: number) => (mode & S_IFMT) === S_IFLNK;
export const isReg = (mode: number) => (mode & S_IFMT) === S_IFREG;

/** d_type values of getdents64 (DT_*): the file type bits shifted down. */
export const dtype = (mode: number) => (mode & S_IFMT) >> 12;

/** Who is asking: /proc answers per caller (self, per-namespace pids). */
export interface FsCtx { k: Kernel; t: Task }

/** What stat reports (times as seconds + nanoseconds: wall-clock nanoseconds exceed 2^53). */
export interface Attr {
  dev: number; ino: number; mode: number; nlink: number; uid: number; gid: number; rdev: number;
  size: number; blksize: number; blocks: number;
  atime: [number, number]; mtime: [number, number]; ctime: [number, number];
}

export interface DirEnt { name: string; ino: number; mode: number }

export interface SetAttr { mode?: number; uid?: number; gid?: number; size?: number; atime?: [number, number]; mtime?: [number, number] }

/** One mounted file system: its device number and whether it refuses writes (EROFS). */
export interface SuperBlock {
  dev: number;
  readOnly: boolean;
  /** statfs f_type (TMPFS_MAGIC, PROC_SUPER_MAGIC, …). */
  magic: number;
}

export interface Inode {
  readonly sb: SuperBlock;
  /** Type and permission bits, as st_mode. */
  mode(): number;
  getattr(ctx: FsCtx): Attr | number;
  setattr?(ctx: FsCtx, a: SetAttr): number;
  /** Same file? (Host inodes are made afresh per lookup; identity is dev+ino.) */
  readonly key: string;

  // Directories.
  lookup?(ctx: FsCtx, name: string): Inode | number;
  readdir?(ctx: FsCtx): DirEnt[] | number;
  create?(ctx: FsCtx, name: string, mode: number): Inode | number;
  mkdir?(ctx: FsCtx, name: string, mode: number): number;
  mknod?(ctx: FsCtx, name: string, mode: number): number;
  symlink?(ctx: FsCtx, name: string, target: string): number;
  link?(ctx: FsCtx, name: string, target: Inode): number;
  unlink?(ctx: FsCtx, name: string): number;
  rmdir?(ctx: FsCtx, name: string): number;
  rename?(ctx: FsCtx, name: string, newDir: Inode, newName: string, flags: number): number;

  // Symlinks.
  readlink?(ctx: FsCtx): string | number;

  /** Open for I/O: the operations of the new open file description, or -errno. */
  open?(ctx: FsCtx, flags: number): FileOps | number;
}

let nextIno = 1000;
/** Inode numbers for kernel-made files (tmpfs, /proc, /dev, pipes): unique per run, deterministic. */
export function newIno(): number { return nextIno++; }

let nextDev = 0x20;
/** Device numbers for the kernel's own file systems. */
export function newDev(): number { return nextDev++; }

/** An Attr with the defaults of kernel-made files: timestamps at boot. */
export function baseAttr(sb: SuperBlock, ino: number, mode: number, size = 0, nlink = 1): Attr {
  return {
    dev: sb.dev, ino, mode, nlink, uid: 0, gid: 0, rdev: 0, size, blksize: 4096, blocks: Math.ceil(size / 512),
    atime: [BOOT_SEC, 0], mtime: [BOOT_SEC, 0], ctime: [BOOT_SEC, 0],
  };
}
