// The host's files as the kernel sees them: an interface by host path, implemented by the CLI
// with node:fs (cli/host-files.ts) — or by a browser build with anything else. Results are
// values or -errno (Linux numbers).

export interface HostStat {
  dev: number; ino: number; mode: number; nlink: number; uid: number; gid: number; rdev: number;
  size: number; blksize: number; blocks: number;
  atime: [number, number]; mtime: [number, number]; ctime: [number, number];
}

export interface HostFiles {
  /** lstat: symlinks are resolved by the kernel's path walk, never by the host. */
  lstat(path: string): HostStat | number;
  readdir(path: string): string[] | number;
  readlink(path: string): string | number;
  /** Open with Linux O_* flags (access mode, O_CREAT, O_EXCL, O_TRUNC); returns a handle. */
  open(path: string, flags: number, mode: number): number;
  close(handle: number): void;
  pread(handle: number, len: number, pos: number): Uint8Array | number;
  pwrite(handle: number, data: Uint8Array, pos: number): number;
  fstat(handle: number): HostStat | number;
  ftruncate(handle: number, len: number): number;
  mkdir(path: string, mode: number): number;
  unlink(path: string): number;
  rmdir(path: string): number;
  rename(from: string, to: string): number;
  symlink(target: string, path: string): number;
  link(from: string, to: string): number;
  chmod(path: string, mode: number): number;
  chown(path: string, uid: number, gid: number): number;
  truncate(path: string, len: number): number;
  utimes(path: string, atime: [number, number], mtime: [number, number]): number;
}
