// Pipes (Linux's fs/pipe.c): a 64 KiB buffer (16 pages; F_SETPIPE_SZ resizes it) between a read end and a write end. An empty pipe
// blocks its reader (EAGAIN with O_NONBLOCK) until data comes or the last writer closes (then
// EOF); a full pipe blocks its writer; writing with no reader left is EPIPE (the syscall layer
// adds SIGPIPE). Writes of at most PIPE_BUF bytes are atomic.
import { EAGAIN, EBUSY, EINVAL, EPERM, EPIPE } from '../abi/errno.js';
import { BLOCK } from '../task.js';
import { POLLERR, POLLHUP, POLLIN, POLLOUT, OpenFile, WaitQueue, type FileOps } from './file.js';
import { S_IFIFO, baseAttr, newDev, newIno, type Attr, type Inode, type SuperBlock } from './inode.js';
import { O_RDONLY, O_WRONLY } from '../abi/flags.js';

export const PIPE_SIZE = 65536;
/** Writes up to this size are atomic: they fit one page, merged or new. */
export const PIPE_BUF = 4096;
const PAGE = 4096;
/** /proc/sys/fs/pipe-max-size: the most F_SETPIPE_SZ gives an unprivileged caller. */
const PIPE_MAX_SIZE = 1 << 20;
const PIPEFS_MAGIC = 0x50495045;

let pipefs: SuperBlock | null = null;

export class Pipe {
  /**
   * The buffer as Linux keeps it: a ring of at most 16 pages. A write first tops up the last
   * page with its sub-page remainder if that fits, then takes whole new pages; a page is freed
   * only when fully read. So a full pipe with 100 bytes read still refuses a 100-byte write.
   */
  private readonly bufs: Array<{ data: Uint8Array; off: number; len: number }> = [];
  len = 0;
  /** Its capacity in pages (pipe->max_usage). */
  private slots = PIPE_SIZE / PAGE;
  readers = 0;
  writers = 0;
  /** Woken at every change a waiter could care about (epoll). */
  readonly wq = new WaitQueue();
  readonly inode: Inode;

  constructor() {
    pipefs ??= { dev: newDev(), readOnly: false, magic: PIPEFS_MAGIC };
    const sb = pipefs;
    const ino = newIno();
    const attr: Attr = baseAttr(sb, ino, S_IFIFO | 0o600);
    // Opening /proc/PID/fd/N of a pipe gives a new end of the same pipe, as on Linux.
    this.inode = {
      sb, key: `pipe:${ino}`, mode: () => attr.mode, getattr: () => ({ ...attr }),
      open: (_ctx, flags) => ((flags & 3) === O_RDONLY ? (this.readers++, this.readOps()) : (this.writers++, this.writeOps())),
    };
  }

  get full(): boolean { return this.bufs.length >= this.slots; }

  /** Bytes of free pages: a write of at most this many is taken whole. */
  room(): number {
    return Math.max(0, this.slots - this.bufs.length) * PAGE;
  }

  /**
   * F_GETPIPE_SZ (no size) and F_SETPIPE_SZ: pipe_set_size rounds the size up to a power of two
   * pages (at least one; EINVAL past 2^31), refuses more than pipe-max-size to the unprivileged
   * (EPERM) and fewer pages than the data takes (EBUSY), and answers the new size.
   */
  resize(size?: number, privileged = false): number {
    if (size === undefined) return this.slots * PAGE;
    if (size > 2 ** 31) return -EINVAL;
    let pages = 1;
    while (pages * PAGE < size) pages *= 2;
    if (pages > this.slots && pages * PAGE > PIPE_MAX_SIZE && !privileged) return -EPERM;
    if (pages < this.bufs.length) return -EBUSY;
    this.slots = pages;
    return pages * PAGE;
  }

  /** A copy of up to `max` buffered bytes, leaving them in the pipe (tee). */
  peek(max: number): Uint8Array {
    const out = new Uint8Array(Math.min(max, this.len));
    let n = 0;
    for (const b of this.bufs) {
      if (n >= out.length) break;
      const k = Math.min(b.len, out.length - n);
      out.set(b.data.subarray(b.off, b.off + k), n);
      n += k;
    }
    return out;
  }

  take(max: number): Uint8Array {
    const out = new Uint8Array(Math.min(max, this.len));
    let n = 0;
    while (n < out.length) {
      const b = this.bufs[0];
      const k = Math.min(b.len, out.length - n);
      out.set(b.data.subarray(b.off, b.off + k), n);
      b.off += k;
      b.len -= k;
      n += k;
      if (b.len === 0) this.bufs.shift();
    }
    this.len -= n;
    if (n) this.wq.wake(POLLOUT);
    return out;
  }

  /** pipe_write's filling: bytes accepted (0 when full). */
  put(data: Uint8Array): number {
    let done = 0;
    const chars = data.length % PAGE;
    const last = this.bufs[this.bufs.length - 1];
    if (chars && last && last.off + last.len + chars <= PAGE) {
      last.data.set(data.subarray(0, chars), last.off + last.len);
      last.len += chars;
      done = chars;
    }
    while (done < data.length && !this.full) {
      const k = Math.min(PAGE, data.length - done);
      const page = new Uint8Array(PAGE);
      page.set(data.subarray(done, done + k));
      this.bufs.push({ data: page, off: 0, len: k });
      done += k;
    }
    this.len += done;
    if (done) this.wq.wake(POLLIN);
    return done;
  }

  /** The two open files of a new pipe: [read end, write end]. */
  ends(extraFlags: number): [OpenFile, OpenFile] {
    const r = new OpenFile(this.readOps(), O_RDONLY | extraFlags, null, this.inode);
    const w = new OpenFile(this.writeOps(), O_WRONLY | extraFlags, null, this.inode);
    this.readers++;
    this.writers++;
    return [r, w];
  }

  /** The read end's operations (each opening counts one reader: `readers` is the caller's to raise). */
  readOps(): FileOps {
    return {
      read: (f, len) => {
        if (this.len > 0) return this.take(len);
        if (this.writers === 0) return new Uint8Array(0);
        return f.nonblock ? -EAGAIN : BLOCK;
      },
      poll: () => (this.len > 0 ? POLLIN : 0) | (this.writers === 0 ? POLLHUP : 0),
      ioctl: (_f, req) => (req === 'FIONREAD' ? this.len : undefined),
      release: () => { this.readers--; this.wq.wake(); },
      waitQueue: this.wq,
      pipeSize: (size, privileged) => this.resize(size, privileged),
      nowait: true,
      pipe: this,
    };
  }

  /** The write end's operations (the caller raises `writers`). */
  writeOps(): FileOps {
    return {
      write: (f, data) => {
        if (this.readers === 0) return -EPIPE;
        const n = this.put(data);
        return n > 0 ? n : f.nonblock ? -EAGAIN : BLOCK;
      },
      poll: () => (this.readers === 0 ? POLLERR : this.full ? 0 : POLLOUT),
      ioctl: (_f, req) => (req === 'FIONREAD' ? this.len : undefined),
      release: () => { this.writers--; this.wq.wake(); },
      waitQueue: this.wq,
      pipeSize: (size, privileged) => this.resize(size, privileged),
      nowait: true,
      pipe: this,
    };
  }
}
