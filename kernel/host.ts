// What the kernel needs from the world outside the guest. The CLI supplies a Node
// implementation; keeping it an interface keeps kernel/ free of Node-only APIs.
import type { ArchDescriptor } from '../arch/types.js';

/**
 * What one of the host's standard fds really is, as fstat(2) and isatty(3) see it: the guest's
 * fstat and terminal ioctls answer from this, so a guest's C library buffers a redirected
 * stdout as it would on Linux. Device and inode numbers and times are not passed on: they
 * would make runs differ.
 */
export interface HostFdInfo {
  /** st_mode: the file type bits (S_IFREG, S_IFIFO, S_IFCHR, S_IFSOCK…) and permissions. */
  mode: number;
  /** st_size: a regular file's current length (0 for pipes and devices). */
  size: number;
  /** st_rdev of a device in Linux's encoding (major << 8 | minor for small numbers), else 0. */
  rdev: number;
  /** st_blksize: the preferred I/O size. */
  blksize: number;
  /** True only when the fd is a terminal (isatty): only then do the terminal ioctls answer. */
  terminal: boolean;
}

export interface Host {
  /** Write guest output to the host's fd 1 or 2. Returns bytes written or -errno. */
  write(fd: number, data: Uint8Array): number;
  /** Read up to `max` bytes of the host's fd 0: the bytes (empty at end of file) or -errno. */
  read(fd: number, max: number): Uint8Array | number;
  /** What the host's fd 0, 1 or 2 is, or -errno (EBADF when it is closed). */
  fdInfo(fd: number): HostFdInfo | number;
  /** One line of tricorn's own output to stderr: strace lines, fault reports. */
  log(line: string): void;
  /**
   * The first instruction of `bytes` disassembled ("mov dword ptr [0x10], 1") and its length in
   * bytes (0 if it does not decode), for fault reports.
   */
  disassemble(arch: ArchDescriptor, bytes: Uint8Array, pc: number): { text: string; size: number };
  /**
   * False while the disassembler is not loaded yet (the CLI loads it only when a fault report
   * needs it): Kernel.resume() then pauses at the fault. Absent: always ready.
   */
  canDisassemble?(): boolean;
}
