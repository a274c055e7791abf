// The read/write family over open files: read, write, pread64, pwrite64, readv, writev,
// preadv, pwritev, preadv2, pwritev2, lseek, sendfile, copy_file_range.
import { EAGAIN, EBADF, EFAULT, EINVAL, EISDIR, ENXIO, EOPNOTSUPP, ESPIPE } from '../abi/errno.js';
import type { SyscallImpl } from '../dispatch.js';
import { structLayout } from '../abi/structs.js';
import type { CpuEngine } from '../../emu/engine.js';
import type { Kernel } from '../kernel.js';
import { BLOCK, type Task } from '../task.js';
import { blocking, blockingOn, readFile, writeAll } from '../fs/rw.js';
import { S_IFIFO, S_IFMT, S_IFREG, isDir } from '../fs/inode.js';
import type { OpenFile } from '../fs/file.js';
import { iovecs, readU64, writable, writeU64 } from '../uaccess.js';

/** Largest single transfer, as Linux's MAX_RW_COUNT caps it (INT_MAX rounded to a page). */
const MAX_RW = 0x7ffff000;
/** Largest read served at once (the host holds the bytes in memory). */
const MAX_READ = 1 << 20;

/** read/pread: check the destination first, so a bad pointer consumes nothing. */
function readTo(k: Kernel, t: Task, fd: number, addr: number, len: number, pos: number | null): number {
  const f = t.proc.files.get(fd);
  if (!f) return -EBADF;
  if (pos !== null && pos < 0) return -EINVAL;
  len = Math.min(len, MAX_RW, MAX_READ);
  const engine = t.proc.mm.engine;
  if (len === 0) return f.readable ? 0 : -EBADF;
  // The whole destination must be writable before input is consumed: a bad pointer is EFAULT
  // and the bytes stay for the next read.
  if (!writable(engine, addr, len)) return -EFAULT;
  return blockingOn(t, f, () => {
    const r = readFile(k, f, len, pos);
    if (typeof r === 'number') return r;
    if (r.length && !engine.write(addr, r)) return -EFAULT;
    return r.length;
  });
}

function writeFrom(k: Kernel, t: Task, fd: number, addr: number, len: number, pos: number | null): number {
  const f = t.proc.files.get(fd);
  if (!f) return -EBADF;
  if (pos !== null && pos < 0) return -EINVAL;
  if (!f.writable) return -EBADF;
  len = Math.min(len, MAX_RW);
  if (len === 0) return 0;
  const buf = t.proc.mm.engine.read(addr, len);
  if (!buf) return -EFAULT;
  return writeAll(k, t, f, buf, pos);
}

export const read: SyscallImpl = (k, t, a) => readTo(k, t, a.int(0), a.ptr(1), a.u64(2), null);
export const write: SyscallImpl = (k, t, a) => writeFrom(k, t, a.int(0), a.ptr(1), a.u64(2), null);
export const pread64: SyscallImpl = (k, t, a) => readTo(k, t, a.int(0), a.ptr(1), a.u64(2), a.s64(3));
export const pwrite64: SyscallImpl = (k, t, a) => writeFrom(k, t, a.int(0), a.ptr(1), a.u64(2), a.s64(3));


/** preadv2/pwritev2's RWF_* flags Linux knows (HIPRI … DONTCACHE), and RWF_NOWAIT. */
const RWF_KNOWN = 0xff, RWF_NOWAIT = 0x8;

/**
 * kiocb_set_rw_flags: an unknown flag, or RWF_NOWAIT on a file that cannot promise not to wait
 * (FMODE_NOWAIT: pipes and the host's disk files have it, tmpfs and /proc files do not), is
 * EOPNOTSUPP — checked once there is something to transfer.
 */
function rwFlags(f: OpenFile, flags: number): number {
  if (flags & ~RWF_KNOWN) return -EOPNOTSUPP;
  if ((flags & RWF_NOWAIT) && !f.ops.nowait) return -EOPNOTSUPP;
  return 0;
}

/** With RWF_NOWAIT, where the call would sleep it answers EAGAIN. */
const noWait = (flags: number, attempt: () => number) => (flags & RWF_NOWAIT ? () => { const r = attempt(); return r === BLOCK ? -EAGAIN : r; } : attempt);

function readvTo(k: Kernel, t: Task, fd: number, vecAddr: number, count: number, pos: number | null, flags = 0): number {
  const f = t.proc.files.get(fd);
  if (!f) return -EBADF;
  const engine = t.proc.mm.engine;
  const vec = iovecs(engine, vecAddr, count);
  if (typeof vec === 'number') return vec;
  let total = 0;
  for (const [base, len] of vec) {
    if (len && !writable(engine, base, len)) return -EFAULT;
    total += len;
  }
  total = Math.min(total, MAX_READ);
  if (total === 0) return f.readable ? 0 : -EBADF;
  const bad = rwFlags(f, flags);
  if (bad) return bad;
  return blocking(t, noWait(flags, () => {
    const r = readFile(k, f, total, pos);
    if (typeof r === 'number') return r;
    let off = 0;
    for (const [base, len] of vec) {
      if (off >= r.length) break;
      const n = Math.min(len, r.length - off);
      if (n && !engine.write(base, r.subarray(off, off + n))) return -EFAULT;
      off += n;
    }
    return r.length;
  }));
}

function writevFrom(k: Kernel, t: Task, fd: number, vecAddr: number, count: number, pos: number | null, flags = 0): number {
  const f = t.proc.files.get(fd);
  if (!f) return -EBADF;
  if (!f.writable) return -EBADF;
  const engine = t.proc.mm.engine;
  const vec = iovecs(engine, vecAddr, count);
  if (typeof vec === 'number') return vec;
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const [base, len] of vec) {
    if (len === 0) continue;
    const b = engine.read(base, len);
    if (!b) return -EFAULT;
    parts.push(b);
    total += len;
  }
  if (total === 0) return 0;
  const bad = rwFlags(f, flags);
  if (bad) return bad;
  const all = new Uint8Array(total);
  let off = 0;
  for (const p of parts) { all.set(p, off); off += p.length; }
  return writeAll(k, t, f, all, pos);
}

/** preadv2/pwritev2: offset -1 means "the file's own offset". */
const posArg = (v: number): number | null => (v === -1 ? null : v);

export const readv: SyscallImpl = (k, t, a) => readvTo(k, t, a.int(0), a.ptr(1), a.int(2), null);
export const writev: SyscallImpl = (k, t, a) => writevFrom(k, t, a.int(0), a.ptr(1), a.int(2), null);
export const preadv: SyscallImpl = (k, t, a) => readvTo(k, t, a.int(0), a.ptr(1), a.int(2), a.s64(3));
export const pwritev: SyscallImpl = (k, t, a) => writevFrom(k, t, a.int(0), a.ptr(1), a.int(2), a.s64(3));
export const preadv2: SyscallImpl = (k, t, a) => readvTo(k, t, a.int(0), a.ptr(1), a.int(2), posArg(a.s64(3)), a.int(5));
export const pwritev2: SyscallImpl = (k, t, a) => writevFrom(k, t, a.int(0), a.ptr(1), a.int(2), posArg(a.s64(3)), a.int(5));

const SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2, SEEK_DATA = 3, SEEK_HOLE = 4;

export const lseek: SyscallImpl = (_k, t, a) => {
  const f = t.proc.files.get(a.int(0));
  if (!f) return -EBADF;
  return seek(f, a.s64(1), a.int(2));
};

/**
 * _llseek (ppc64's table has it beside lseek; its glibc calls it): the offset is
 * (offset_high << 32) | offset_low — on a 64-bit kernel offset_low is a whole unsigned long, so
 * -5 may come as (0xffffffff, 0xfffffffffffffffb) — and the new position is stored at *result.
 */
export const _llseek: SyscallImpl = (_k, t, a) => {
  const f = t.proc.files.get(a.int(0));
  if (!f) return -EBADF;
  const whence = a.u32(4);
  if (whence > SEEK_HOLE) return -EINVAL;
  const off = BigInt.asIntN(64, (a.big(1) << 32n) | a.big(2));
  if (off > BigInt(Number.MAX_SAFE_INTEGER) || off < -BigInt(Number.MAX_SAFE_INTEGER)) return -EINVAL;
  const pos = seek(f, Number(off), whence);
  if (pos < 0) return pos;
  // As Linux: the seek stands even when the result cannot be stored.
  return writeU64(t.proc.mm.engine, a.ptr(3), pos) ? 0 : -EFAULT;
};

function seek(f: OpenFile, off: number, whence: number): number {
  if (isDir(f.inode.mode())) {
    // A directory's offset counts entries: only rewinding and re-seeking within the snapshot.
    if (whence !== SEEK_SET || off < 0) return -EINVAL;
    if (off === 0) f.dirents = null;
    f.pos = off;
    return off;
  }
  if (!f.seekable) return -ESPIPE;
  const size = f.ops.size?.() ?? 0;
  let pos: number;
  switch (whence) {
    case SEEK_SET: pos = off; break;
    case SEEK_CUR: pos = f.pos + off; break;
    case SEEK_END: pos = size + off; break;
    case SEEK_DATA: if (off >= size) return -ENXIO; pos = off; break;
    case SEEK_HOLE: if (off >= size) return -ENXIO; pos = size; break;
    default: return -EINVAL;
  }
  if (pos < 0) return -EINVAL;
  f.pos = pos;
  return pos;
};

/** sendfile / copy_file_range: read from one file, write to another, through the kernel. */
function copyBetween(k: Kernel, t: Task, inFd: number, outFd: number, inPosAddr: number, outPosAddr: number, count: number): number {
  const fin = t.proc.files.get(inFd), fout = t.proc.files.get(outFd);
  if (!fin || !fout) return -EBADF;
  if (isDir(fin.inode.mode())) return -EISDIR;
  const engine = t.proc.mm.engine;
  let inPos: number | null = null, outPos: number | null = null;
  if (inPosAddr) { const v = readU64(engine, inPosAddr); if (v === null) return -EFAULT; inPos = v; }
  if (outPosAddr) { const v = readU64(engine, outPosAddr); if (v === null) return -EFAULT; outPos = v; }
  // From a file to anything but a pipe, Linux's splice loop copies the whole count in one call
  // (cat of a 2 MB file to /dev/null is one sendfile); into a pipe, what one pass fits.
  const whole = fin.ops.pread !== undefined && (fout.inode.mode() & S_IFMT) !== S_IFIFO;
  count = Math.min(count, whole ? MAX_RW : MAX_READ);
  if (count === 0) return 0;
  return blocking(t, () => {
    let done = 0;
    while (done < count) {
      const data = readFile(k, fin, Math.min(count - done, MAX_READ), inPos === null ? null : inPos + done);
      if (typeof data === 'number') { if (done) break; return data; }
      if (data.length === 0) break;
      const w = writeAll(k, t, fout, data, outPos === null ? null : outPos + done);
      if (w < 0) { if (done) break; return w; }
      done += w;
      if (!inPosAddr && fin.seekable && w < data.length) fin.pos -= data.length - w;
      if (w < data.length || !whole) break;
    }
    if (inPosAddr) writeU64(engine, inPosAddr, inPos! + done);
    if (outPosAddr) writeU64(engine, outPosAddr, outPos! + done);
    return done;
  });
}

export const sendfile: SyscallImpl = (k, t, a) => {
  // A pipe (or FIFO) to read from has no splice_read: sendfile answers EINVAL (Linux >= 5.10,
  // where default_file_splice_read is gone; busybox's cat then falls back to read/write).
  const fin = t.proc.files.get(a.int(1));
  if (fin && (fin.inode.mode() & S_IFMT) === S_IFIFO) return t.proc.files.get(a.int(0)) ? -EINVAL : -EBADF;
  return copyBetween(k, t, a.int(1), a.int(0), a.ptr(2), 0, a.u64(3));
};
export const copy_file_range: SyscallImpl = (k, t, a) => {
  if (a.u32(5) !== 0) return -EINVAL;
  // generic_copy_file_checks: both ends regular files (a directory is EISDIR, a pipe or a
  // device EINVAL); sendfile is the call that feeds a pipe.
  const fin = t.proc.files.get(a.int(0)), fout = t.proc.files.get(a.int(2));
  if (fin && fout) {
    if (isDir(fin.inode.mode()) || isDir(fout.inode.mode())) return -EISDIR;
    if ((fin.inode.mode() & S_IFMT) !== S_IFREG || (fout.inode.mode() & S_IFMT) !== S_IFREG) return -EINVAL;
  }
  return copyBetween(k, t, a.int(0), a.int(2), a.ptr(1), a.ptr(3), a.u64(4));
};
