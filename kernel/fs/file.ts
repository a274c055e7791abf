// Open file descriptions (Linux's struct file): what an fd points at. Several fds — dup'd, or
// inherited across fork — share one, with its offset and status flags. FileOps is what the
// file's kind does: a seekable file answers pread/pwrite at an offset, a stream (pipe, tty,
// device) answers read/write, which may return BLOCK for the caller to sleep and retry.
import { O_ACCMODE, O_APPEND, O_NONBLOCK, O_RDONLY, O_WRONLY } from '../abi/flags.js';
import type { Dentry } from './namei.js';
import type { FsCtx, Inode } from './inode.js';
import type { UnixSocket } from '../net/unix.js';
import type { TimerFd } from './timerfd.js';
import type { Epoll } from './epoll.js';
import type { Process } from '../task.js';
import type { PidNamespace } from '../pidns.js';

export const POLLIN = 0x1;
export const POLLPRI = 0x2;
export const POLLOUT = 0x4;
export const POLLERR = 0x8;
export const POLLHUP = 0x10;
export const POLLNVAL = 0x20;
export const POLLRDNORM = 0x40, POLLWRNORM = 0x100, POLLWRBAND = 0x200, POLLRDHUP = 0x2000;

export interface FileOps {
  /** Seekable files: bytes at `pos` (fewer at end of file) or -errno. */
  pread?(len: number, pos: number): Uint8Array | number;
  /** Seekable files: bytes written at `pos`, or -errno. */
  pwrite?(data: Uint8Array, pos: number): number;
  /** Seekable files: the current size (SEEK_END, O_APPEND). */
  size?(): number;
  truncate?(len: number): number;
  /** Streams: up to `len` bytes, empty at end of file, -errno, or BLOCK. */
  read?(f: OpenFile, len: number): Uint8Array | number;
  /** Streams: bytes accepted, -errno, or BLOCK. */
  write?(f: OpenFile, data: Uint8Array): number;
  /** Ready events (POLLIN, POLLOUT, POLLHUP…); files that cannot block are always ready. */
  poll?(f: OpenFile): number;
  /** ioctl requests by name (TCGETS, FIONREAD…): the result, or undefined for ENOTTY. */
  ioctl?(f: OpenFile, request: string, arg: number, ctx: FsCtx): number | undefined;
  /** The last reference is gone. */
  release?(f: OpenFile): void;
  /** Linux's FMODE_NOWAIT: RWF_NOWAIT may be asked of it (else EOPNOTSUPP). */
  nowait?: boolean;
  /** A FIFO's end opened without O_NONBLOCK: whether the other side has come (the open waits until it has). */
  partner?(): boolean;
  /** fallocate: the file system reserves [pos, pos+len) (tmpfs counts the pages in st_blocks). */
  allocate?(pos: number, len: number): void;
  /** Pipes: F_GETPIPE_SZ (no argument) and F_SETPIPE_SZ (the size asked; root may pass 1 MiB). */
  pipeSize?(size?: number, privileged?: boolean): number;
  /** Pipes and FIFOs: the pipe itself (splice, tee and vmsplice move bytes between pipes). */
  pipe?: import('./pipe.js').Pipe;
  /** A mapping of it is anonymous memory (Linux's /dev/zero: a shared one is shared anonymous memory). */
  mapsAnonymous?: boolean;
  /** A tmpfs file's seals (fcntl F_GET_SEALS/F_ADD_SEALS; other files answer EINVAL). */
  seals?: { seals: number };
  /**
   * Files whose readiness changes with time alone (a timerfd): the virtual time (clockNs) of the
   * next change, so a waiter sleeps until then. Infinity when none is due.
   */
  nextEvent?(): number;
  /**
   * Linux's wait queue: woken at every change a waiter could care about (data in, room made, a
   * peer gone). epoll registers here; a file without one is polled at each epoll_wait instead.
   */
  waitQueue?: WaitQueue;
  /** A timerfd's timer (timerfd_settime/gettime; anything else is EINVAL). */
  timer?: TimerFd;
  /** An epoll instance (epoll_ctl/epoll_wait; anything else is EINVAL). */
  epoll?: Epoll;
  /** A socket's own object (the socket calls; anything else is ENOTSOCK). */
  socket?: UnixSocket;
  /** A pidfd's process (pidfd_send_signal, pidfd_getfd, waitid P_PIDFD; anything else is EBADF). */
  pidfd?: Process;
  /** Lines /proc/PID/fdinfo/N adds after its own (show_fdinfo); `ns`: the namespace that /proc shows. */
  fdinfo?(ns: PidNamespace): string;
}

/** Callbacks run when a file's readiness may have changed (Linux's wait_queue_head_t for poll). */
export class WaitQueue {
  private readonly fns = new Set<(key: number) => void>();
  /** Add a callback; the result removes it. */
  add(fn: (key: number) => void): () => void {
    this.fns.add(fn);
    return () => this.fns.delete(fn);
  }
  /**
   * `key`: the events this change can bring (POLLIN for data in...); 0 when any. The newest
   * waiter first, as add_wait_queue puts each at the head (so an epoll set that watches another
   * hears of a file through the inner one before its own entry for the file).
   */
  wake(key = 0): void {
    for (const fn of [...this.fns].reverse()) fn(key);
  }
}

export class OpenFile {
  /** Offset of seekable files. */
  pos = 0;
  /** fds (in every table) pointing here; release() when it drops to zero. */
  refs = 0;
  /** A directory's entries, read once at the first getdents64 (then served from here). */
  dirents: Array<{ name: string; ino: number; type: number }> | null = null;
  constructor(
    public readonly ops: FileOps,
    /** O_ACCMODE, O_APPEND, O_NONBLOCK… as open() gave them (F_GETFL). */
    public flags: number,
    /** Where it was opened: /proc/PID/fd/N names it, fchdir goes there. Null for pipes. */
    public readonly dentry: Dentry | null,
    public readonly inode: Inode,
  ) {}

  get readable(): boolean { return (this.flags & O_ACCMODE) !== O_WRONLY; }
  get writable(): boolean { return (this.flags & O_ACCMODE) !== O_RDONLY; }
  get nonblock(): boolean { return (this.flags & O_NONBLOCK) !== 0; }
  get append(): boolean { return (this.flags & O_APPEND) !== 0; }
  get seekable(): boolean { return this.ops.pread !== undefined; }

  get(): this { this.refs++; return this; }
  put(): void { if (--this.refs === 0) this.ops.release?.(this); }
}
