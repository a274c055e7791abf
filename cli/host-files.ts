// The kernel's HostFiles through node:fs: synchronous calls (the kernel runs synchronously),
// errors turned into Linux errno numbers.
// Named imports: `import * as fs` made the bundle copy every export of node:fs into a namespace
// object of getters on each start.
import {
  chmodSync, closeSync, constants, fstatSync, ftruncateSync, lchownSync, linkSync, lstatSync, lutimesSync, mkdirSync,
  openSync, readSync, readdirSync, readlinkSync, renameSync, rmdirSync, symlinkSync, truncateSync, unlinkSync, writeSync,
  type BigIntStats,
} from 'node:fs';
import { constants as osc } from 'node:os';
import type { HostFiles, HostStat } from '../kernel/fs/host-files.js';

const EIO = 5;

function errno(e: unknown): number {
  const code = (e as NodeJS.ErrnoException).code;
  const n = code ? (osc.errno as Record<string, number>)[code] : undefined;
  return -(n ?? EIO);
}

function attempt<T>(f: () => T): T | number {
  try { return f(); } catch (e) { return errno(e); }
}

const ts = (ns: bigint): [number, number] => [Number(ns / 1000000000n), Number(ns % 1000000000n)];

function toStat(s: BigIntStats): HostStat {
  return {
    dev: Number(s.dev), ino: Number(s.ino), mode: Number(s.mode), nlink: Number(s.nlink), uid: Number(s.uid),
    gid: Number(s.gid), rdev: Number(s.rdev), size: Number(s.size), blksize: Number(s.blksize), blocks: Number(s.blocks),
    atime: ts(s.atimeNs), mtime: ts(s.mtimeNs), ctime: ts(s.ctimeNs),
  };
}

// Linux O_* values the kernel passes, mapped to this host's (the same on Linux; not elsewhere).
const O = { WRONLY: 1, RDWR: 2, CREAT: 0o100, EXCL: 0o200, TRUNC: 0o1000, APPEND: 0o2000 };

function hostFlags(f: number): number {
  const c = constants;
  const acc = f & 3;
  return (acc === O.WRONLY ? c.O_WRONLY : acc === O.RDWR ? c.O_RDWR : c.O_RDONLY)
    | (f & O.CREAT ? c.O_CREAT : 0) | (f & O.EXCL ? c.O_EXCL : 0) | (f & O.TRUNC ? c.O_TRUNC : 0)
    | (f & O.APPEND ? c.O_APPEND : 0);
}

export class NodeHostFiles implements HostFiles {
  /**
   * `sync` runs before every host file operation: the CLI flushes the guest output it holds
   * (cli/host.ts), so a file the guest's stdout is redirected to reads and grows in order.
   */
  constructor(private readonly sync: () => void = () => {}) {}

  private attempt<T>(f: () => T): T | number {
    this.sync();
    return attempt(f);
  }

  lstat(path: string): HostStat | number { return this.attempt(() => toStat(lstatSync(path, { bigint: true }))); }
  readdir(path: string): string[] | number { return this.attempt(() => readdirSync(path).sort()); }
  readlink(path: string): string | number { return this.attempt(() => readlinkSync(path)); }
  open(path: string, flags: number, mode: number): number { return this.attempt(() => openSync(path, hostFlags(flags), mode)); }
  close(h: number): void { this.attempt(() => closeSync(h)); }
  pread(h: number, len: number, pos: number): Uint8Array | number {
    return this.attempt(() => {
      const buf = new Uint8Array(len);
      const n = readSync(h, buf, 0, len, pos);
      return buf.subarray(0, n);
    });
  }
  pwrite(h: number, data: Uint8Array, pos: number): number { return this.attempt(() => writeSync(h, data, 0, data.length, pos)); }
  fstat(h: number): HostStat | number { return this.attempt(() => toStat(fstatSync(h, { bigint: true }))); }
  ftruncate(h: number, len: number): number { return this.attempt(() => { ftruncateSync(h, len); return 0; }); }
  mkdir(path: string, mode: number): number { return this.attempt(() => { mkdirSync(path, mode); return 0; }); }
  unlink(path: string): number { return this.attempt(() => { unlinkSync(path); return 0; }); }
  rmdir(path: string): number { return this.attempt(() => { rmdirSync(path); return 0; }); }
  rename(from: string, to: string): number { return this.attempt(() => { renameSync(from, to); return 0; }); }
  symlink(target: string, path: string): number { return this.attempt(() => { symlinkSync(target, path); return 0; }); }
  link(from: string, to: string): number { return this.attempt(() => { linkSync(from, to); return 0; }); }
  chmod(path: string, mode: number): number { return this.attempt(() => { chmodSync(path, mode); return 0; }); }
  chown(path: string, uid: number, gid: number): number { return this.attempt(() => { lchownSync(path, uid, gid); return 0; }); }
  truncate(path: string, len: number): number { return this.attempt(() => { truncateSync(path, len); return 0; }); }
  utimes(path: string, a: [number, number], m: [number, number]): number {
    return this.attempt(() => { lutimesSync(path, a[0] + a[1] / 1e9, m[0] + m[1] / 1e9); return 0; });
  }
}
