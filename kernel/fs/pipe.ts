// Pipes (Linux's fs/pipe.c): a 64 KiB buffer between a read end and a write end. An empty pipe
// blocks its reader (EAGAIN with O_NONBLOCK) until data comes or the last writer closes (then
// EOF); a full pipe blocks its writer; writing with no reader left is EPIPE (the syscall layer
// adds SIGPIPE). Writes of at most PIPE_BUF bytes are atomic: all or, for now, nothing.
import { EAGAIN, EPIPE } from '../abi/errno.js';
import { BLOCK } from '../task.js';
import { POLLERR, POLLHUP, POLLIN, POLLOUT, OpenFile, type FileOps } from './file.js';
import { S_IFIFO, baseAttr, newDev, newIno, type Attr, type Inode, type SuperBlock } from './inode.js';
import { O_RDONLY, O_WRONLY } from '../abi/flags.js';

export const PIPE_SIZE = 65536;
export const PIPE_BUF = 4096;
const PIPEFS_MAGIC = 0x50495045;

let pipefs: SuperBlock | null = null;

export class Pipe {
  private buf = new Uint8Array(PIPE_SIZE);
  private head = 0;
  len = 0;
  readers = 0;
  writers = 0;
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

  get space(): number { return PIPE_SIZE - this.len; }

  take(max: number): Uint8Array {
    const n = Math.min(max, this.len);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.buf[(this.head + i) % PIPE_SIZE];
    this.head = (this.head + n) % PIPE_SIZE;
    this.len -= n;
    return out;
  }

  put(data: Uint8Array): void {
    const tail = (this.head + this.len) % PIPE_SIZE;
    for (let i = 0; i < data.length; i++) this.buf[(tail + i) % PIPE_SIZE] = data[i];
    this.len += data.length;
  }

  /** The two open files of a new pipe: [read end, write end]. */
  ends(extraFlags: number): [OpenFile, OpenFile] {
    const r = new OpenFile(this.readOps(), O_RDONLY | extraFlags, null, this.inode);
    const w = new OpenFile(this.writeOps(), O_WRONLY | extraFlags, null, this.inode);
    this.readers++;
    this.writers++;
    return [r, w];
  }

  private readOps(): FileOps {
    return {
      read: (f, len) => {
        if (this.len > 0) return this.take(len);
        if (this.writers === 0) return new Uint8Array(0);
        return f.nonblock ? -EAGAIN : BLOCK;
      },
      poll: () => (this.len > 0 ? POLLIN : 0) | (this.writers === 0 ? POLLHUP : 0),
      ioctl: (_f, req) => (req === 'FIONREAD' ? this.len : undefined),
      release: () => { this.readers--; },
      pipeSize: PIPE_SIZE,
    };
  }

  private writeOps(): FileOps {
    return {
      write: (f, data) => {
        if (this.readers === 0) return -EPIPE;
        const atomic = data.length <= PIPE_BUF;
        if (this.space === 0 || (atomic && this.space < data.length)) return f.nonblock ? -EAGAIN : BLOCK;
        const n = Math.min(data.length, this.space);
        this.put(data.subarray(0, n));
        return n;
      },
      poll: () => (this.readers === 0 ? POLLERR : this.space >= PIPE_BUF ? POLLOUT : 0),
      ioctl: (_f, req) => (req === 'FIONREAD' ? this.len : undefined),
      release: () => { this.writers--; },
      pipeSize: PIPE_SIZE,
    };
  }
}
