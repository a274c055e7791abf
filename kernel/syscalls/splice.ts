// splice, tee and vmsplice (fs/splice.c): bytes moved between a pipe and a file, socket or
// another pipe without passing through the caller's memory; tee copies a pipe's bytes into
// another pipe and leaves them; vmsplice puts the caller's memory into a pipe (or reads one into
// it). One end of a splice must be a pipe (EINVAL), a pipe's end takes no offset (ESPIPE), and
// each call moves what one pass can: at most what the source holds and the target has room for,
// sleeping only while nothing can move (SPLICE_F_NONBLOCK or an O_NONBLOCK pipe: EAGAIN).
import { EAGAIN, EBADF, EFAULT, EINVAL, EPIPE, ESPIPE } from '../abi/errno.js';
import type { SyscallImpl } from '../dispatch.js';
import type { Kernel } from '../kernel.js';
import { BLOCK, type Task } from '../task.js';
import { blocking, epipe, readFile, writeFile } from '../fs/rw.js';
import type { OpenFile } from '../fs/file.js';
import type { Pipe } from '../fs/pipe.js';
import { iovecs, readU64, writeU64 } from '../uaccess.js';
import { readv } from './io.js';

const SPLICE_F_NONBLOCK = 2;
const SPLICE_F_ALL = 0xf;
/** A splice from a file reads at most what one pass of the page cache gives: the pipe's room. */
const MAX_PASS = 1 << 20;

const pipeOf = (f: OpenFile): Pipe | null => f.ops.pipe ?? null;

/** Wait (or EAGAIN) while `p` is empty with writers; 0 bytes once empty without any (ipipe_prep). */
const inputReady = (p: Pipe, nonblock: boolean): number => (p.len > 0 ? 1 : p.writers === 0 ? 0 : nonblock ? -EAGAIN : BLOCK);
/** Wait (or EAGAIN) while `p` is full; EPIPE with SIGPIPE once it has no reader (opipe_prep). */
function outputReady(k: Kernel, t: Task, p: Pipe, nonblock: boolean): number {
  if (p.readers === 0) return epipe(k, t);
  return !p.full ? 1 : nonblock ? -EAGAIN : BLOCK;
}

export const splice: SyscallImpl = (k, t, a) => {
  const len = a.u64(4);
  const flags = a.u32(5);
  if (!len) return 0;
  if (flags & ~SPLICE_F_ALL) return -EINVAL;
  const fin = t.proc.files.get(a.int(0)), fout = t.proc.files.get(a.int(2));
  if (!fin || !fout) return -EBADF;
  const offInAddr = a.ptr(1), offOutAddr = a.ptr(3);
  const ipipe = pipeOf(fin), opipe = pipeOf(fout);
  if ((ipipe && offInAddr) || (opipe && offOutAddr)) return -ESPIPE;
  const engine = t.proc.mm.engine;
  let offIn: number | null = null, offOut: number | null = null;
  if (offOutAddr) { offOut = readU64(engine, offOutAddr); if (offOut === null) return -EFAULT; }
  if (offInAddr) { offIn = readU64(engine, offInAddr); if (offIn === null) return -EFAULT; }
  if (!fin.readable || !fout.writable) return -EBADF;
  let nonblock = (flags & SPLICE_F_NONBLOCK) !== 0;
  const count = Math.min(len, MAX_PASS);
  if (ipipe && opipe) {
    if (ipipe === opipe) return -EINVAL;
    nonblock ||= fin.nonblock || fout.nonblock;
    return blocking(t, () => {
      const i = inputReady(ipipe, nonblock);
      if (i <= 0 && i !== BLOCK) return i;
      const o = outputReady(k, t, opipe, nonblock);
      if (o !== 1) return o;
      if (i === BLOCK) return BLOCK;
      const n = opipe.put(ipipe.peek(count));
      ipipe.take(n);
      return n;
    });
  }
  if (ipipe) {
    // Pipe to file: pwrite-able for an offset, never O_APPEND (EINVAL).
    if (offOutAddr && !fout.seekable) return -EINVAL;
    if (fout.append) return -EINVAL;
    nonblock ||= fin.nonblock;
    return blocking(t, () => {
      const i = inputReady(ipipe, nonblock);
      if (i !== 1) return i;
      const data = ipipe.peek(count);
      const w = writeFile(k, fout, data, offOut);
      if (w === BLOCK || w <= 0) return w === -EPIPE ? epipe(k, t) : w;
      ipipe.take(w);
      if (offOutAddr) writeU64(engine, offOutAddr, offOut! + w);
      return w;
    });
  }
  if (opipe) {
    if (offInAddr && !fin.seekable) return -EINVAL;
    nonblock ||= fout.nonblock;
    return blocking(t, () => {
      const o = outputReady(k, t, opipe, nonblock);
      if (o !== 1) return o;
      const room = opipe.room();
      const data = readFile(k, fin, Math.min(count, room), offIn);
      if (typeof data === 'number') return data;
      const n = opipe.put(data);
      if (offInAddr) writeU64(engine, offInAddr, offIn! + n);
      return n;
    });
  }
  return -EINVAL;
};

export const tee: SyscallImpl = (k, t, a) => {
  const flags = a.u32(3);
  const len = a.u64(2);
  if (flags & ~SPLICE_F_ALL) return -EINVAL;
  if (!len) return 0;
  const fin = t.proc.files.get(a.int(0)), fout = t.proc.files.get(a.int(1));
  if (!fin || !fout) return -EBADF;
  if (!fin.readable || !fout.writable) return -EBADF;
  const ipipe = pipeOf(fin), opipe = pipeOf(fout);
  if (!ipipe || !opipe || ipipe === opipe) return -EINVAL;
  const nonblock = (flags & SPLICE_F_NONBLOCK) !== 0 || fin.nonblock || fout.nonblock;
  return blocking(t, () => {
    const i = inputReady(ipipe, nonblock);
    if (i !== 1) return i;
    const o = outputReady(k, t, opipe, nonblock);
    if (o !== 1) return o;
    return opipe.put(ipipe.peek(Math.min(len, MAX_PASS)));
  });
};

export const vmsplice: SyscallImpl = (k, t, a) => {
  const flags = a.u32(3);
  if (flags & ~SPLICE_F_ALL) return -EINVAL;
  const f = t.proc.files.get(a.int(0));
  if (!f) return -EBADF;
  const p = pipeOf(f);
  if (!p) return -EBADF;
  const nonblock = (flags & SPLICE_F_NONBLOCK) !== 0 || f.nonblock;
  if (!f.writable) {
    // The read end: the pipe's bytes into the caller's memory, as readv.
    return readv(k, t, a);
  }
  const iov = iovecs(t.proc.mm.engine, a.ptr(1), a.int(2));
  if (typeof iov === 'number') return iov;
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const [base, n] of iov) {
    if (!n) continue;
    const b = t.proc.mm.engine.read(base, n);
    if (!b) return -EFAULT;
    parts.push(b);
    total += n;
  }
  if (!total) return 0;
  const data = new Uint8Array(total);
  let at = 0;
  for (const b of parts) { data.set(b, at); at += b.length; }
  return blocking(t, () => {
    const o = outputReady(k, t, p, nonblock);
    if (o !== 1) return o;
    return p.put(data);
  });
};
