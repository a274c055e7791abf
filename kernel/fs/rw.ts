// Reading and writing an open file, as every read/write-family syscall does it: seekable files
// at an offset (their own, or the caller's for pread/pwrite), streams through read/write, which
// may ask the caller to sleep (BLOCK). Writes keep their progress across sleeps, so a blocking
// write to a pipe returns only when everything is written (or the reader went away).
import { EBADF, EINVAL, EISDIR, EPIPE, ESPIPE } from '../abi/errno.js';
import type { Kernel } from '../kernel.js';
import { sendSignal, userInfo } from '../signal-deliver.js';
import { BLOCK, NO_RESULT, type Task } from '../task.js';
import type { OpenFile } from './file.js';
import { isDir } from './inode.js';

const SIGPIPE = 13;

/**
 * Up to `len` bytes from `f` at `pos` (null: the file's own offset, advanced). A seekable
 * file's bytes are what its shared mappings hold, where it has any (kernel/fs/filemap.ts).
 */
export function readFile(k: Kernel, f: OpenFile, len: number, pos: number | null): Uint8Array | number {
  if (!f.readable) return -EBADF;
  if (isDir(f.inode.mode())) return -EISDIR;
  if (f.ops.pread) {
    const p = pos ?? f.pos;
    const r = f.ops.pread(len, p);
    if (typeof r === 'number') return r;
    if (pos === null) f.pos = p + r.length;
    return k.filePages.overlay(f.inode, p, r);
  }
  if (pos !== null) return -ESPIPE;
  return f.ops.read ? f.ops.read(f, len) : -EINVAL;
}

/** One write attempt: bytes accepted, -errno, or BLOCK. What a seekable file takes reaches its shared mappings. */
export function writeFile(k: Kernel, f: OpenFile, data: Uint8Array, pos: number | null): number {
  if (!f.writable) return -EBADF;
  if (f.ops.pwrite) {
    const p = pos ?? (f.append ? f.ops.size?.() ?? f.pos : f.pos);
    const r = f.ops.pwrite(data, p);
    if (r > 0) k.filePages.written(f.inode, p, data.subarray(0, r));
    if (r >= 0 && pos === null) f.pos = p + r;
    return r;
  }
  if (pos !== null) return -ESPIPE;
  return f.ops.write ? f.ops.write(f, data) : -EINVAL;
}

/** Run `attempt`; if it must wait, the task sleeps and the scheduler retries it. */
export function blocking(t: Task, attempt: () => number): number {
  const r = attempt();
  if (r === BLOCK) t.retry = attempt;
  return r;
}

/**
 * `blocking` for an attempt on `f`: a file that changes with time alone (a timerfd) also sets
 * when the sleeper wakes, so the idle clock jumps to its next event.
 */
export function blockingOn(t: Task, f: OpenFile, attempt: () => number): number {
  const next = f.ops.nextEvent;
  if (!next) return blocking(t, attempt);
  const timed = (): number => {
    const r = attempt();
    t.wakeAt = r === BLOCK ? next() : Infinity;
    return r;
  };
  return blocking(t, timed);
}

/**
 * EPIPE comes with SIGPIPE to the writing thread, as pipe_write's send_sig(SIGPIPE, current, 0):
 * delivered on the way out of the syscall, where its default action ends the process (141).
 */
export function epipe(k: Kernel, t: Task): number {
  sendSignal(k, t.proc, t, userInfo(SIGPIPE, t));
  return -EPIPE;
}

/** Write all of `data` (streams: sleeping while full), as write(2) does. */
export function writeAll(k: Kernel, t: Task, f: OpenFile, data: Uint8Array, pos: number | null): number {
  let done = 0;
  return blocking(t, () => {
    for (;;) {
      const r = writeFile(k, f, done === 0 ? data : data.subarray(done), pos === null ? null : pos + done);
      if (r === BLOCK) return BLOCK;
      if (r < 0) {
        if (done > 0) return done;
        return r === -EPIPE ? epipe(k, t) : r;
      }
      done += r;
      if (done >= data.length || f.seekable || r === 0 || f.nonblock) return done;
    }
  });
}
